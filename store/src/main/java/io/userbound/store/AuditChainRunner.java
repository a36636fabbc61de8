package io.userbound.store;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running audit chain of one {@link JdbcStore} (docs/security.md): starts it once, writes its checkpoints on a
 * daemon ticker and at close, and verifies the chains. Thread-safe; every change of the chain's state holds one lock.
 */
final class AuditChainRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Db db;
    private final AuditSealer sealer;
    private final Object auditLock = new Object();
    private AuditCheckpoints auditCheckpoints;
    private ScheduledExecutorService auditTicker;
    /** True when the store's opening created the chain's columns: the first chain started adopts older rows. */
    private volatile boolean chainColumnsJustCreated;
    private volatile long lastAuditWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

    AuditChainRunner(Db db, AuditSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    /** Called by the opening that ran the migration creating the chain's columns. */
    void chainColumnsJustCreated() {
        chainColumnsJustCreated = true;
    }

    /**
     * Registers the chain (adopting the older rows when this store's opening has just created the chain's columns),
     * seals every audited row from now on and schedules a checkpoint every {@code checkpointEvery}.
     *
     * @throws IllegalStateException when a chain is already started
     */
    void start(byte[] key, String node, Duration checkpointEvery) {
        synchronized (auditLock) {
            if (auditCheckpoints != null) {
                throw new IllegalStateException("the audit chain is already started");
            }
            AuditChain chain = new AuditChain(key, node, System.currentTimeMillis());
            AuditCheckpoints checkpoints = new AuditCheckpoints(db, chain);
            // adoption only right after the upgrade that made the columns: rows that lose their chain later are not
            // laundered into a fresh one by the next start
            checkpoints.register(chainColumnsJustCreated);
            chainColumnsJustCreated = false;
            sealer.start(chain);
            auditCheckpoints = checkpoints;
            auditTicker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "userbound-audit-checkpoints");
                t.setDaemon(true);
                return t;
            });
            long every = checkpointEvery.toMillis();
            auditTicker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        try {
            synchronized (auditLock) {
                if (auditCheckpoints != null) {
                    auditCheckpoints.tick();
                }
            }
        } catch (RuntimeException | Error e) {
            // the database is away: the next tick covers this one's numbers too (a thrown Error would end the task)
            long now = System.nanoTime();
            if (now - lastAuditWarning > TimeUnit.MINUTES.toNanos(1)) {
                lastAuditWarning = now;
                LOG.warn("audit checkpoint not written, retried every tick (logged once a minute): {}", e.toString());
            }
        }
    }

    /** Writes a checkpoint of every number handed out so far. */
    void checkpointAll() {
        synchronized (auditLock) {
            if (auditCheckpoints == null) {
                throw new IllegalStateException("the audit chain is not started");
            }
            auditCheckpoints.checkpointAll();
        }
    }

    /** Stops the ticker and writes the last checkpoint (a failure is logged, never thrown). */
    void close() {
        synchronized (auditLock) {
            if (auditTicker != null) {
                auditTicker.shutdownNow();
            }
            if (auditCheckpoints != null) {
                try {
                    auditCheckpoints.checkpointAll();
                } catch (RuntimeException e) {
                    LOG.warn("the last audit checkpoint was not written: {}", e.toString());
                }
                auditCheckpoints = null;
            }
        }
    }

    /** Checks every chain in one repeatable-read transaction ({@link AuditVerifier}). */
    AuditReport verify() {
        AuditChain chain = sealer.chain();
        if (chain == null) {
            throw new IllegalStateException("the audit chain is not started");
        }
        return db.withRead(c -> {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return new AuditVerifier(chain).verify(c);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        });
    }
}
