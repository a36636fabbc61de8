package io.userbound.testkit;

/**
 * A database the server runs on instead of the default in-memory H2, such as a fresh PostgreSQL schema; made for one
 * server by the supplier given to {@link UserboundExtension.Builder#database} and closed (for example dropped) after
 * that server stopped.
 */
public interface ExternalDatabase extends AutoCloseable {
    /** The JDBC URL (as for {@code --db-url}); never null. */
    String url();

    /** The database user, or null for the driver's default. */
    String user();

    /** The password, or null for none. */
    String password();

    /** Releases the database after the server stopped; must not throw checked exceptions. */
    @Override
    void close();
}
