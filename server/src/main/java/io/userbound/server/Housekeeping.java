package io.userbound.server;

import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges expired access tokens and used assertion ids in bounded batches on one daemon thread, so neither table grows
 * with traffic ({@code architecture.md} section 6). A token is kept for a grace period after expiry so a late call
 * still gets {@code INVALID_SESSION_ID} rather than racing the purge.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final int BATCH = 5_000;
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "userbound-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final TokenStore tokens;
    private final ReplayGuard replayGuard;
    private final Clock clock;

    Housekeeping(TokenStore tokens, ReplayGuard replayGuard, Clock clock) {
        this.tokens = tokens;
        this.replayGuard = replayGuard;
        this.clock = clock;
    }

    void start(Duration period) {
        executor.scheduleWithFixedDelay(this::purgeOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void purgeOnce() {
        try {
            int t = tokens.purgeExpired(clock.instant().minus(GRACE), BATCH);
            int j = replayGuard.purgeExpired(clock.instant().minus(GRACE), BATCH);
            if (t + j > 0) {
                LOG.debug("purged {} expired tokens and {} expired assertion ids", t, j);
            }
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed: {}", e.toString());
        }
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
