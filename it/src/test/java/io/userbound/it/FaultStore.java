package io.userbound.it;

import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The store a fault test runs one node on, and a plain connection to it behind the node's back: the embedded H2 in the
 * node's data directory (readable only while no node has it open), or a fresh PostgreSQL schema (dropped on close;
 * {@code -Duserbound.it.keep=true} keeps it, to look at after a failure).
 */
abstract sealed class FaultStore implements AutoCloseable {
    final Path root;

    private FaultStore(Path root) {
        this.root = root;
    }

    /** The data directory of the node. */
    Path dataDir() {
        return root.resolve("node");
    }

    /** The options of {@code userbound serve} that select this store (none for the embedded H2). */
    abstract List<String> serverArgs();

    /** A plain connection to the node's database; for H2 only while the node is down. */
    abstract Connection connect() throws SQLException;

    abstract String name();

    static FaultStore create(String kind) {
        Path root;
        try {
            root = Files.createTempDirectory("userbound-fault-" + kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (kind) {
            case "h2" -> new H2(root);
            case "postgres" -> new Postgres(root, ItPostgres.create());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static final class H2 extends FaultStore {
        H2(Path root) {
            super(root);
        }

        @Override
        List<String> serverArgs() {
            return List.of();
        }

        @Override
        Connection connect() throws SQLException {
            return DriverManager.getConnection(JdbcStore.h2Url(dataDir()));
        }

        @Override
        String name() {
            return "H2";
        }

        @Override
        public void close() {
        }
    }

    static final class Postgres extends FaultStore {
        final ItPostgres pg;

        Postgres(Path root, ItPostgres pg) {
            super(root);
            this.pg = pg;
        }

        @Override
        List<String> serverArgs() {
            return List.of("--db-url", pg.url(), "--db-user", ItPostgres.USER);
        }

        @Override
        Connection connect() throws SQLException {
            return pg.connect();
        }

        @Override
        String name() {
            return "PostgreSQL";
        }

        @Override
        public void close() {
            if (Boolean.getBoolean("userbound.it.keep")) {
                System.out.println("[fault] keeping schema " + pg.schema);
                return;
            }
            pg.drop();
        }
    }
}
