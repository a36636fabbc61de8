package io.userbound.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import io.userbound.testkit.ExternalDatabase;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the local PostgreSQL of the test runs ({@code 127.0.0.1:5432/test}, user {@code postgres}, trust
 * auth), dropped by {@link #drop()}. When the server is unreachable the caller fails, unless
 * {@code USERBOUND_SKIP_POSTGRES=true}, which skips it (as the store's PostgreSQL contract suite does).
 */
final class ItPostgres implements ExternalDatabase {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    /** The system property that runs the end-to-end suite on PostgreSQL: {@code -Duserbound.it.db=postgres}. */
    static final String DB_PROPERTY = "userbound.it.db";

    final String schema = "ub_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** True when this JVM runs the end-to-end suite on PostgreSQL. */
    static boolean selected() {
        return "postgres".equalsIgnoreCase(System.getProperty(DB_PROPERTY, "h2"));
    }

    /** Creates the schema, or fails / skips (see the class comment) when PostgreSQL is unreachable. */
    static ItPostgres create() {
        ItPostgres pg = new ItPostgres();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + pg.schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " is unreachable (" + e.getMessage()
                    + "); start it, or set USERBOUND_SKIP_POSTGRES=true to skip the PostgreSQL cases";
            if ("true".equalsIgnoreCase(System.getenv("USERBOUND_SKIP_POSTGRES"))) {
                Assumptions.abort(message);
            }
            fail(message, e);
        }
        return pg;
    }

    /** The JDBC URL of this schema (for {@code --db-url}). */
    @Override
    public String url() {
        return URL + "?currentSchema=" + schema;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return null;
    }

    /** Drops the schema. */
    @Override
    public void close() {
        drop();
    }

    /** A plain connection to this schema, for checks a test makes behind the servers' backs. */
    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("currentSchema", schema);
        return DriverManager.getConnection(URL, props);
    }

    void drop() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + schema, e);
        }
    }

    private static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(URL, props);
    }
}
