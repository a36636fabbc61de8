package io.userbound.bench;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the local PostgreSQL of the test runs ({@code 127.0.0.1:5432/test}, user {@code postgres}, trust
 * auth), as the store tests use it: when the server is unreachable the test fails, unless
 * {@code USERBOUND_SKIP_POSTGRES=true}, which skips it.
 */
final class BenchPostgres implements AutoCloseable {
    private final String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    static BenchPostgres create() {
        BenchPostgres pg = new BenchPostgres();
        try (Connection c = DriverManager.getConnection(GrowthDataset.PG_BASE_URL + "&connectTimeout=3");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + pg.schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + GrowthDataset.PG_BASE_URL + " is unreachable (" + e.getMessage()
                    + "); start it, or set USERBOUND_SKIP_POSTGRES=true to skip the PostgreSQL cases";
            if ("true".equalsIgnoreCase(System.getenv("USERBOUND_SKIP_POSTGRES"))) {
                Assumptions.abort(message);
            }
            fail(message, e);
        }
        return pg;
    }

    String schema() {
        return schema;
    }

    String url() {
        return GrowthDataset.PG_BASE_URL + "&currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(GrowthDataset.PG_BASE_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
