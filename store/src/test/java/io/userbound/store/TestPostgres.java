package io.userbound.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL of the test runs ({@code 127.0.0.1:5432/test}, user {@code postgres}, trust auth). Each test
 * class gets its own fresh schema, dropped afterwards. When the server is unreachable the tests fail, unless
 * {@code USERBOUND_SKIP_POSTGRES=true}, which skips them.
 */
final class TestPostgres {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private final String schema = "ub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    /** Creates the schema, or fails / skips (see the class comment) when PostgreSQL is unreachable. */
    static TestPostgres create() {
        TestPostgres pg = new TestPostgres();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + pg.schema);
        } catch (SQLException e) {
            boolean skip = "true".equalsIgnoreCase(System.getenv("USERBOUND_SKIP_POSTGRES"));
            String message = "PostgreSQL at " + URL + " is unreachable (" + e.getMessage()
                    + "); start it, or set USERBOUND_SKIP_POSTGRES=true to skip the PostgreSQL cases";
            if (skip) {
                Assumptions.abort(message);
            }
            fail(message, e);
        }
        return pg;
    }

    /** The URL of this class's schema. */
    String url() {
        return URL + "?currentSchema=" + schema;
    }

    String schema() {
        return schema;
    }

    void drop() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema.toLowerCase(Locale.ROOT) + " CASCADE");
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
