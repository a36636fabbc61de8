package io.userbound.server;

import io.userbound.core.IdGenerator;
import io.userbound.core.model.SetupAuditEntry;
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
 * Purges expired access tokens and used assertion ids on one daemon thread, so neither table grows with traffic
 * ({@code architecture.md} section 6). The work runs as the org's Automated Process user: every run that deleted
 * something leaves one {@code SetupAuditTrail} row (action {@value #ACTION}, section {@value #SECTION}, the counts in
 * the display text) created by that user, as Salesforce attributes system work to it.
 *
 * <p>Deletes go in batches of at most {@code batch} rows, each its own short transaction, up to
 * {@code maxBatches} batches per table per run; what is left waits for the next run. A token is kept for
 * {@link #GRACE} after expiry so a late call still gets {@code INVALID_SESSION_ID} rather than racing the purge.
 * The purge is server-wide; a data directory holds one org, whose Automated Process user signs the row.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final int BATCH = 1_000;
    static final int MAX_BATCHES_PER_RUN = 100;
    static final Duration GRACE = Duration.ofMinutes(5);
    static final String ACTION = "purgedExpiredTokens";
    static final String SECTION = "Housekeeping";

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "userbound-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final TokenStore tokens;
    private final ReplayGuard replayGuard;
    private final SetupAuditStore audit;
    private final IdGenerator ids;
    private final Clock clock;
    private final String orgId;
    private final String automatedProcessUserId;
    private final int batch;
    private final int maxBatches;

    /**
     * @param orgId the org whose trail gets the rows
     * @param automatedProcessUserId the org's Automated Process user, who runs the job
     */
    Housekeeping(TokenStore tokens, ReplayGuard replayGuard, SetupAuditStore audit, IdGenerator ids, Clock clock,
            String orgId, String automatedProcessUserId) {
        this(tokens, replayGuard, audit, ids, clock, orgId, automatedProcessUserId, BATCH, MAX_BATCHES_PER_RUN);
    }

    Housekeeping(TokenStore tokens, ReplayGuard replayGuard, SetupAuditStore audit, IdGenerator ids, Clock clock,
            String orgId, String automatedProcessUserId, int batch, int maxBatches) {
        if (batch < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch and maxBatches must be positive");
        }
        this.tokens = tokens;
        this.replayGuard = replayGuard;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.orgId = orgId;
        this.automatedProcessUserId = automatedProcessUserId;
        this.batch = batch;
        this.maxBatches = maxBatches;
    }

    void start(Duration period) {
        executor.scheduleWithFixedDelay(this::purgeOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One run: purges both tables in bounded batches, then records what it deleted. A store failure ends the run
     * early (logged); what was deleted before it is still recorded. Runs on one node never overlap.
     */
    synchronized HousekeepingRun purgeOnce() {
        Instant cutoff = clock.instant().minus(GRACE).truncatedTo(ChronoUnit.MILLIS);
        Purge t = new Purge();
        Purge j = new Purge();
        boolean failed = false;
        try {
            t.run(tokens::purgeExpired, cutoff);
            j.run(replayGuard::purgeExpired, cutoff);
        } catch (RuntimeException e) {
            failed = true;
            LOG.warn("housekeeping failed: {}", e.toString());
        }
        HousekeepingRun run = new HousekeepingRun(t.deleted, j.deleted, !failed && t.done && j.done);
        if (run.purgedAnything()) {
            record(run, cutoff);
        }
        return run;
    }

    /** Repeated bounded deletes on one table. */
    private final class Purge {
        int deleted;
        boolean done;

        void run(BiFunction<Instant, Integer, Integer> purge, Instant cutoff) {
            for (int i = 0; i < maxBatches; i++) {
                int n = purge.apply(cutoff, batch);
                deleted += n;
                if (n < batch) {
                    done = true;
                    return;
                }
            }
        }
    }

    private void record(HousekeepingRun run, Instant cutoff) {
        String display = "Purged " + run.expiredTokens() + " expired access token" + plural(run.expiredTokens())
                + " and " + run.usedAssertionIds() + " used assertion id" + plural(run.usedAssertionIds())
                + " that expired before " + cutoff + (run.complete() ? "" : "; more remain for the next run");
        try {
            audit.append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), orgId, ACTION, SECTION, display,
                    automatedProcessUserId, null, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            LOG.debug("{} (as the Automated Process user {})", display, automatedProcessUserId);
        } catch (RuntimeException e) {
            LOG.warn("housekeeping could not record its run ({}): {}", display, e.toString());
        }
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
