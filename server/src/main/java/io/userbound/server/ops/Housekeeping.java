package io.userbound.server.ops;

import io.userbound.core.IdGenerator;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.JobLeases;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.TokenStore;
import io.userbound.protocol.KeyPrefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges expired access tokens, used assertion ids and {@code LoginHistory} rows older than the retention on one
 * daemon thread, so no table grows with traffic ({@code architecture.md} section 6). The work runs as the org's
 * Automated Process user: every run that deleted something leaves one {@code SetupAuditTrail} row per kind of data
 * (action {@value #ACTION} for tokens and assertion ids, {@value #LOGIN_HISTORY_ACTION} for the history; section
 * {@value #SECTION}; the counts in the display text) created by that user, as Salesforce attributes system work to it.
 *
 * <p>One node at a time: a run first takes the {@value #LEASE} lease ({@link JobLeases}, a row in the shared
 * database) for {@link #LEASE_DURATION}, and gives it back when done; a node that cannot take it skips the run. A run
 * starts no batch once half the lease has passed, so it always ends while it still holds the lease.
 *
 * <p>Deletes go in batches of at most {@code batch} rows, each its own short transaction, up to
 * {@code maxBatches} batches per table per run; what is left waits for the next run. A token is kept for
 * {@link #GRACE} after expiry so a late call still gets {@code INVALID_SESSION_ID} rather than racing the purge.
 * The purge is server-wide; a data directory holds one org, whose Automated Process user signs the rows.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final int BATCH = 1_000;
    static final int MAX_BATCHES_PER_RUN = 100;
    static final Duration GRACE = Duration.ofMinutes(5);
    static final String ACTION = "purgedExpiredTokens";
    static final String LOGIN_HISTORY_ACTION = "purgedLoginHistory";
    static final String SECTION = "Housekeeping";
    static final String LEASE = "housekeeping";
    static final Duration LEASE_DURATION = Duration.ofMinutes(5);

    /** Set by {@link #close()}: a run in progress starts no further batch. */
    private volatile boolean closing;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "userbound-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final TokenStore tokens;
    private final ReplayGuard replayGuard;
    private final LoginHistoryStore loginHistory;
    private final JobLeases leases;
    private final SetupAuditStore audit;
    private final IdGenerator ids;
    private final Clock clock;
    private final String orgId;
    private final String automatedProcessUserId;
    private final Duration loginHistoryRetention;
    private final String holder;
    private final int batch;
    private final int maxBatches;

    /**
     * @param orgId the org whose trail gets the rows
     * @param automatedProcessUserId the org's Automated Process user, who runs the job
     * @param loginHistoryRetention how long {@code LoginHistory} rows are kept; positive
     * @param holder this node's lease holder id, unique per process
     */
    public Housekeeping(TokenStore tokens, ReplayGuard replayGuard, LoginHistoryStore loginHistory, JobLeases leases,
            SetupAuditStore audit, IdGenerator ids, Clock clock, String orgId, String automatedProcessUserId,
            Duration loginHistoryRetention, String holder) {
        this(tokens, replayGuard, loginHistory, leases, audit, ids, clock, orgId, automatedProcessUserId,
                loginHistoryRetention, holder, BATCH, MAX_BATCHES_PER_RUN);
    }

    public Housekeeping(TokenStore tokens, ReplayGuard replayGuard, LoginHistoryStore loginHistory, JobLeases leases,
            SetupAuditStore audit, IdGenerator ids, Clock clock, String orgId, String automatedProcessUserId,
            Duration loginHistoryRetention, String holder, int batch, int maxBatches) {
        if (batch < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch and maxBatches must be positive");
        }
        if (loginHistoryRetention.isNegative() || loginHistoryRetention.isZero()) {
            throw new IllegalArgumentException("the LoginHistory retention must be positive");
        }
        this.tokens = tokens;
        this.replayGuard = replayGuard;
        this.loginHistory = loginHistory;
        this.leases = leases;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.orgId = orgId;
        this.automatedProcessUserId = automatedProcessUserId;
        this.loginHistoryRetention = loginHistoryRetention;
        this.holder = holder;
        this.batch = batch;
        this.maxBatches = maxBatches;
    }

    public void start(Duration period) {
        executor.scheduleWithFixedDelay(this::purgeOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One run, as {@link #purgeOnce(Runnable)} with nothing to do while leased. */
    public HousekeepingRun purgeOnce() {
        return purgeOnce(() -> { });
    }

    /**
     * One run: takes the lease (or skips, logged at debug, when another node holds it), purges the three tables in
     * bounded batches, records what it deleted, and gives the lease back. A store failure ends the run early
     * (logged); what was deleted before it is still recorded. Runs on one node never overlap.
     *
     * @param whileLeased runs first once the lease is held (tests hold the lease with it)
     */
    public synchronized HousekeepingRun purgeOnce(Runnable whileLeased) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            if (!leases.tryAcquire(LEASE, holder, now, now.plus(LEASE_DURATION))) {
                LOG.debug("housekeeping skipped: another node holds the {} lease", LEASE);
                return HousekeepingRun.SKIPPED;
            }
        } catch (RuntimeException e) {
            LOG.warn("housekeeping skipped: the {} lease could not be taken: {}", LEASE, e.toString());
            return HousekeepingRun.SKIPPED;
        }
        try {
            whileLeased.run();
            return purge(now, now.plus(LEASE_DURATION.dividedBy(2)));
        } finally {
            try {
                leases.release(LEASE, holder);
            } catch (RuntimeException e) {
                LOG.warn("housekeeping could not release the {} lease (it expires by itself): {}", LEASE,
                        e.toString());
            }
        }
    }

    private HousekeepingRun purge(Instant start, Instant lastBatchStart) {
        Instant cutoff = start.minus(GRACE);
        Instant historyCutoff = start.minus(loginHistoryRetention);
        Purge t = new Purge(lastBatchStart);
        Purge j = new Purge(lastBatchStart);
        Purge h = new Purge(lastBatchStart);
        boolean failed = false;
        try {
            t.run(tokens::purgeExpired, cutoff);
            j.run(replayGuard::purgeExpired, cutoff);
            h.run(loginHistory::purgeOlderThan, historyCutoff);
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("housekeeping failed: {}", e.toString());
        }
        HousekeepingRun run = new HousekeepingRun(true, t.deleted, j.deleted, h.deleted,
                !failed && t.done && j.done && h.done);
        if (t.deleted + j.deleted > 0) {
            record(ACTION, "Purged " + t.deleted + " expired access token" + plural(t.deleted) + " and " + j.deleted
                    + " used assertion id" + plural(j.deleted) + " that expired before " + cutoff
                    + (t.done && j.done ? "" : "; more remain for the next run"));
        }
        if (h.deleted > 0) {
            record(LOGIN_HISTORY_ACTION, "Purged " + h.deleted + " LoginHistory row" + plural(h.deleted)
                    + " older than " + loginHistoryRetention.toDays() + " days (logins before " + historyCutoff + ")"
                    + (h.done ? "" : "; more remain for the next run"));
        }
        return run;
    }

    /** Repeated bounded deletes on one table. */
    private final class Purge {
        private final Instant lastBatchStart;
        int deleted;
        boolean done;

        Purge(Instant lastBatchStart) {
            this.lastBatchStart = lastBatchStart;
        }

        void run(BiFunction<Instant, Integer, Integer> purge, Instant cutoff) {
            for (int i = 0; i < maxBatches && !clock.instant().isAfter(lastBatchStart) && !closing; i++) {
                int n = purge.apply(cutoff, batch);
                deleted += n;
                if (n < batch) {
                    done = true;
                    return;
                }
            }
        }
    }

    private void record(String action, String display) {
        try {
            audit.append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), orgId, action, SECTION, display,
                    automatedProcessUserId, null, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            LOG.debug("{} (as the Automated Process user {})", display, automatedProcessUserId);
        } catch (RuntimeException e) {
            LOG.warn("housekeeping could not record its run ({}): {}", display, e.toString());
        }
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    /**
     * Stops scheduling runs and waits (up to 30 s) for a run in progress to end. Never interrupts it: a thread
     * interrupted inside the embedded H2's file I/O makes H2 close the database, which would fail the requests still
     * finishing and the grant writer's last commit.
     */
    @Override
    public void close() {
        closing = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the purge job did not end within 30 s of the stop; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
