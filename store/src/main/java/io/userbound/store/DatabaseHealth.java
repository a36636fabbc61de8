package io.userbound.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * What the store knows of its database between requests, so that an outage costs each request nothing but a quick
 * refusal, and recovery needs no restart.
 *
 * <ul>
 *   <li><b>Unreachable</b> (a refused or dropped connection, an embedded database closed after a fault): idle pooled
 *       connections are dropped (they probably share the fault), and a fresh connection outside the pool is tried at
 *       once. If it answers, one connection was bad and nothing more happens. If not, the circuit opens: every request
 *       is refused at once ({@link #guarded()} throws without waiting for the pool), and the probe goes on every
 *       {@value #PROBE_MILLIS} ms; the first fresh connection that answers closes the circuit.</li>
 *   <li><b>Unwritable</b> (disk full, read-only): the store stays open for reads, writes fail on their own, and the
 *       node reports not ready until a write succeeds again: the next real write, or the readiness probe's write of
 *       the {@code store_probe} row.</li>
 * </ul>
 *
 * <p>It learns of faults from HikariCP, which shows it every {@code SQLException} of a pooled connection
 * ({@link SQLExceptionOverride}), from the pool's own refusals, and from the store's forces to disk. Thread-safe.
 */
final class DatabaseHealth implements AutoCloseable {
    static final long PROBE_MILLIS = 200;
    private static final long EVICTION_SPACING_NANOS = 1_000_000_000L;
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);
    static final String PROBE_WRITE = "UPDATE store_probe SET probed_at = ? WHERE id = 1";

    /** Opens a fresh connection to the database, outside the pool, and checks that it answers. */
    @FunctionalInterface
    interface Probe {
        void reach() throws SQLException;
    }

    private final Probe probe;
    private volatile HikariDataSource pool;
    private volatile boolean circuitOpen;
    private volatile long lastEvictionNanos = System.nanoTime() - EVICTION_SPACING_NANOS;
    private volatile boolean unwritable;
    private volatile boolean closed;
    private final Object lock = new Object();
    private Thread prober;

    DatabaseHealth(Probe probe) {
        this.probe = probe;
    }

    /** The pool to watch; set once, right after the pool is created (HikariCP needs this override first). */
    void watch(HikariDataSource pool) {
        this.pool = pool;
    }

    /** What HikariCP asks of every {@code SQLException} of a pooled connection: notes it, and evicts when useless. */
    SQLExceptionOverride exceptionOverride() {
        return new SQLExceptionOverride() {
            // (no @Override: the interface's nested enum Override shadows the annotation's name here)
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                DatabaseFaults.Kind kind = DatabaseFaults.of(e);
                record(kind, e);
                // a connection whose database went away is useless; HikariCP evicts SQLState 08, not H2's codes
                return kind == DatabaseFaults.Kind.UNREACHABLE ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        };
    }

    /** Notes a failure of any kind (the classification decides what it means). */
    void record(Throwable failure) {
        record(DatabaseFaults.of(failure), failure);
    }

    private void record(DatabaseFaults.Kind kind, Throwable failure) {
        if (kind == DatabaseFaults.Kind.UNREACHABLE) {
            open(failure);
        } else if (kind == DatabaseFaults.Kind.UNWRITABLE && !unwritable) {
            unwritable = true;
            LOG.warn("the database refuses writes ({}); writes fail and the node reports not ready until one "
                    + "succeeds", failure.toString());
        }
    }

    /** A write committed: the database takes writes again. */
    void wrote() {
        if (unwritable) {
            unwritable = false;
            LOG.info("the database takes writes again");
        }
    }

    boolean circuitOpen() {
        return circuitOpen;
    }

    boolean unwritable() {
        return unwritable;
    }

    /**
     * When the database refused writes: tries one, so that a node that receives no traffic while unready still
     * notices the database recover.
     *
     * @param write a durable write of the {@code store_probe} row ({@link #PROBE_WRITE}), made as every other write
     *     is: committed and forced; it throws when the database refuses it
     * @return true when the database takes writes
     */
    boolean probeWrite(Runnable write) {
        if (!unwritable) {
            return true;
        }
        try {
            write.run();
            wrote();
            return true;
        } catch (RuntimeException e) {
            record(e);
            return false;
        }
    }

    /** The pool as the store uses it: refuses at once while the circuit is open, and learns from refusals. */
    DataSource guarded() {
        return new Guarded();
    }

    private void open(Throwable failure) {
        HikariDataSource p = pool;
        long now = System.nanoTime();
        if (p != null && !p.isClosed() && now - lastEvictionNanos >= EVICTION_SPACING_NANOS) {
            lastEvictionNanos = now;
            HikariPoolMXBean bean = p.getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections();
            }
        }
        synchronized (lock) {
            if (closed || prober != null) {
                return;
            }
            prober = new Thread(() -> probe(failure), "userbound-store-probe");
            prober.setDaemon(true);
            prober.start();
        }
    }

    /** Confirms the outage with a fresh connection, opens the circuit if it is one, and closes it once it ends. */
    private void probe(Throwable failure) {
        long since = System.nanoTime();
        try {
            probe.reach();
            LOG.info("a database connection failed ({}), but a fresh one answers: no outage", failure.toString());
            return;
        } catch (SQLException | RuntimeException e) {
            circuitOpen = true;
            LOG.warn("the database is unreachable ({}); refusing requests at once until it answers again",
                    failure.toString());
        } finally {
            if (!circuitOpen) {
                synchronized (lock) {
                    prober = null;
                }
            }
        }
        while (!closed) {
            try {
                Thread.sleep(PROBE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                probe.reach();
            } catch (SQLException | RuntimeException e) {
                continue;
            }
            synchronized (lock) {
                circuitOpen = false;
                prober = null;
            }
            LOG.info("the database answers again after {} ms", (System.nanoTime() - since) / 1_000_000);
            return;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (prober != null) {
                prober.interrupt();
            }
        }
    }

    /** Delegates to the pool, refusing at once while the circuit is open. */
    private final class Guarded implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            if (circuitOpen) {
                throw new SQLTransientConnectionException("the database is unreachable", "08001");
            }
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                record(e);
                throw e;
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the pool holds the credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return pool.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return pool.isWrapperFor(iface);
        }
    }
}
