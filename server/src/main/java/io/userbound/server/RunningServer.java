package io.userbound.server;

import io.javalin.Javalin;
import io.userbound.server.bootstrap.BootstrapResult;
import io.userbound.server.http.ConnectionGuard;
import io.userbound.server.ops.Housekeeping;
import io.userbound.server.ops.HousekeepingRun;
import io.userbound.store.JdbcStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started server: where it listens, what bootstrap made, and how to stop it. Closing twice is harmless. */
public final class RunningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final Javalin app;
    private final JdbcStore store;
    private final String baseUrl;
    private final Path dataDir;
    private final BootstrapResult bootstrapResult;
    private final Housekeeping housekeeping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean stopping;
    private final ConnectionGuard connectionGuard;

    RunningServer(Javalin app, JdbcStore store, String baseUrl, Path dataDir, BootstrapResult bootstrapResult,
            Housekeeping housekeeping, AtomicBoolean stopping, ConnectionGuard connectionGuard) {
        this.stopping = stopping;
        this.connectionGuard = connectionGuard;
        this.app = app;
        this.store = store;
        this.baseUrl = baseUrl;
        this.dataDir = dataDir;
        this.bootstrapResult = bootstrapResult;
        this.housekeeping = housekeeping;
    }

    /** The public base URL, without trailing slash (the configured one, or {@code http://127.0.0.1:<port>}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The guard of the HTTP connector: its per-address counts and refusal counters. */
    public ConnectionGuard connectionGuard() {
        return connectionGuard;
    }

    /** The port actually bound (the ephemeral one when the configuration said 0). */
    public int port() {
        return app.port();
    }

    /** The data directory, absolute. */
    public Path dataDir() {
        return dataDir;
    }

    /** The open store (for tests and tools in the same process). */
    public JdbcStore store() {
        return store;
    }

    public BootstrapResult bootstrapResult() {
        return bootstrapResult;
    }

    /**
     * Runs the housekeeping job now, on the calling thread, as the scheduled run would (for tests and tools; the
     * server also runs it every minute).
     */
    public HousekeepingRun runHousekeeping() {
        return housekeeping.purgeOnce();
    }

    /**
     * As {@link #runHousekeeping()}, running {@code whileLeased} first once this node holds the purge lease (tests
     * hold the lease with it to show that another node skips its run meanwhile).
     */
    public HousekeepingRun runHousekeeping(Runnable whileLeased) {
        return housekeeping.purgeOnce(whileLeased);
    }

    /**
     * Stops gracefully: {@code /health/ready} answers 503 from the first moment, the listener stops accepting
     * connections, requests in flight get up to {@link HttpApi#STOP_TIMEOUT_MILLIS} to finish (new requests on
     * kept-alive connections get 503), then the database closes (after the group-commit writer has committed what
     * it holds).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        LOG.info("Userbound stopping: finishing requests in flight");
        try {
            housekeeping.close();
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the HTTP server failed", e);
        } finally {
            store.close();
            LOG.info("Userbound stopped");
        }
    }
}
