package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuit opens on an unreachable database and closes by itself; an unwritable one heals on a write. */
class DatabaseHealthTest {
    /** Whether the fresh-connection probe reaches the database (the test decides). */
    private volatile boolean reachable;
    private final DatabaseHealth health = new DatabaseHealth(() -> {
        if (!reachable) {
            throw new SQLException("connection refused", "08001");
        }
    });
    private HikariDataSource pool;

    @BeforeEach
    void open() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:health-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        config.setExceptionOverride(health.exceptionOverride());
        pool = new HikariDataSource(config);
        health.watch(pool);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE store_probe (id INT PRIMARY KEY, probed_at BIGINT NOT NULL)");
            s.execute("INSERT INTO store_probe VALUES (1, 0)");
        }
    }

    @AfterEach
    void close() {
        health.close();
        pool.close();
    }

    @Test
    void whenOneConnectionFailsButAFreshOneAnswersThenNoCircuitOpens() throws Exception {
        reachable = true;

        health.record(new SQLException("terminating connection due to administrator command", "57P01"));
        Thread.sleep(300);

        assertThat(health.circuitOpen()).isFalse();
        try (Connection c = health.guarded().getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void whenTheDatabaseIsUnreachableThenRequestsAreRefusedAtOnceUntilTheProbeReachesItAgain() throws Exception {
        DataSource guarded = health.guarded();
        health.record(new SQLException("connection refused", "08001"));
        long until = System.nanoTime() + 2_000_000_000L;
        while (!health.circuitOpen() && System.nanoTime() < until) {
            Thread.sleep(5);
        }

        assertThat(health.circuitOpen()).as("opened, the fresh connection failing too").isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .satisfies(e -> assertThat(DatabaseFaults.of(e)).isEqualTo(DatabaseFaults.Kind.UNREACHABLE));
        assertThat((System.nanoTime() - start) / 1_000_000).as("refused without waiting for the pool")
                .isLessThan(50);

        reachable = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (health.circuitOpen() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(health.circuitOpen()).as("closed by the probe, the database being there").isFalse();
        try (Connection c = guarded.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void whenAStatementReportsTheDatabaseClosedThenTheConnectionIsEvictedAndAnOutageIsSuspected() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // H2's own "database closed" fault, as a statement of a pooled connection reports it to HikariCP
            assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_table")).isInstanceOf(SQLException.class);
        }
        assertThat(health.circuitOpen()).as("an ordinary statement error opens nothing").isFalse();

        assertThat(health.exceptionOverride().adjudicate(new SQLException("closed", "90098", 90098)))
                .as("the connection is evicted").isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT);
        long until = System.nanoTime() + 2_000_000_000L;
        while (!health.circuitOpen() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(health.circuitOpen()).as("the fresh connection failing too, the circuit opens").isTrue();
    }

    @Test
    void whenWritesAreRefusedThenUnwritableUntilTheProbeWriteSucceeds() {
        health.record(new IOException("No space left on device"));
        assertThat(health.unwritable()).isTrue();

        assertThat(health.probeWrite(() -> {
            try (Connection c = health.guarded().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE store_probe SET probed_at = 1 WHERE id = 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).isTrue();

        assertThat(health.unwritable()).isFalse();
    }

    @Test
    void whenTheProbeWriteIsRefusedThenStillUnwritable() {
        health.record(new IOException("No space left on device"));

        assertThat(health.probeWrite(() -> {
            throw new io.userbound.core.port.StoreException("the commit could not be forced to disk", new IOException(
                    "No space left on device"), true);
        })).isFalse();

        assertThat(health.unwritable()).isTrue();
    }

    @Test
    void whenAWriteCommitsThenUnwritableEnds() {
        health.record(new SQLException("read-only", "25006"));
        assertThat(health.unwritable()).isTrue();

        health.wrote();

        assertThat(health.unwritable()).isFalse();
        assertThat(health.probeWrite(() -> {
            throw new AssertionError("no write needed while the database takes writes");
        })).as("nothing to probe").isTrue();
    }
}
