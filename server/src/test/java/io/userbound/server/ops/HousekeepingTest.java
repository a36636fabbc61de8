package io.userbound.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.SettableClock;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.JobLeases;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.TokenStore;
import io.userbound.protocol.KeyPrefix;
import io.userbound.server.bootstrap.Bootstrap;
import io.userbound.server.bootstrap.BootstrapResult;
import io.userbound.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge job on the real store, with a clock the test moves: bounded batches, one audit row per useful run. */
class HousekeepingTest {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T12:00:00Z"));
    final IdGenerator ids = new RandomIdGenerator(clock);
    JdbcStore store;
    BootstrapResult boot;

    @BeforeEach
    void open() {
        store = JdbcStore.open(JdbcStore.h2Url(dir), null, null);
        boot = new Bootstrap(store, dir, "http://127.0.0.1:1", "admin@userbound.local", ids, clock).run();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Housekeeping housekeeping(TokenStore tokens, ReplayGuard jtis, int batch, int maxBatches) {
        return housekeeping(tokens, jtis, "node-a", batch, maxBatches);
    }

    private Housekeeping housekeeping(TokenStore tokens, ReplayGuard jtis, String holder, int batch,
            int maxBatches) {
        return new Housekeeping(tokens, jtis, store.loginHistory(), store.jobLeases(), store.setupAudit(), ids, clock,
                boot.orgId(), boot.automatedProcessUserId(), Duration.ofDays(180), holder, batch, maxBatches);
    }

    private Housekeeping housekeeping(int batch, int maxBatches) {
        return housekeeping(store.tokens(), store.replayGuard(), batch, maxBatches);
    }

    /** A token row of the CLI app for the admin that expires at {@code expiresAt}; returns the row's id. */
    private String token(Instant expiresAt) {
        String hash = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        String id = ids.next(KeyPrefix.ACCESS_TOKEN);
        store.tokens().insert(new AccessTokenRecord(id, hash, boot.orgId(), boot.adminUserId(), boot.cliAppId(),
                Set.of("api"), expiresAt.minus(Duration.ofHours(2)), expiresAt, null));
        return id;
    }

    private List<SetupAuditEntry> purgeRows() {
        return store.setupAudit().list(boot.orgId(), 100).stream()
                .filter(e -> e.action().equals(Housekeeping.ACTION)).toList();
    }

    @Test
    void whenTokensExpiredBeyondTheGraceThenPurgedAndOneRowSignedByTheAutomatedProcessUser() {
        Instant now = clock.instant();
        String old = token(now.minus(Duration.ofHours(1)));
        String withinGrace = token(now.minus(Duration.ofMinutes(4)));
        String active = token(now.plus(Duration.ofHours(1)));
        assertThat(store.replayGuard().firstUse(boot.cliAppId(), "jti-old", now.minus(Duration.ofMinutes(10))))
                .isTrue();
        assertThat(store.replayGuard().firstUse(boot.cliAppId(), "jti-live", now.plus(Duration.ofMinutes(5))))
                .isTrue();

        HousekeepingRun run = housekeeping(1_000, 100).purgeOnce();

        assertThat(run).isEqualTo(new HousekeepingRun(true, 1, 1, 0, true));
        assertThat(store.tokens().findById(old)).isEmpty();
        assertThat(store.tokens().findById(withinGrace)).isPresent();
        assertThat(store.tokens().findById(active)).isPresent();
        assertThat(store.replayGuard().firstUse(boot.cliAppId(), "jti-live", now.plus(Duration.ofMinutes(5))))
                .as("still marked").isFalse();
        assertThat(store.replayGuard().firstUse(boot.cliAppId(), "jti-old", now.plus(Duration.ofMinutes(5))))
                .as("purged, so usable again").isTrue();
        List<SetupAuditEntry> rows = purgeRows();
        assertThat(rows).hasSize(1);
        SetupAuditEntry row = rows.get(0);
        assertThat(row.section()).isEqualTo("Housekeeping");
        assertThat(row.createdById()).isEqualTo(boot.automatedProcessUserId());
        assertThat(row.createdByContext()).isNull();
        assertThat(row.createdDate()).isEqualTo(now);
        assertThat(row.display()).isEqualTo("Purged 1 expired access token and 1 used assertion id that expired "
                + "before 2026-06-01T11:55:00Z");
    }

    @Test
    void whenNothingExpiredThenNoRow() {
        token(clock.instant().plus(Duration.ofHours(1)));

        HousekeepingRun run = housekeeping(1_000, 100).purgeOnce();

        assertThat(run).isEqualTo(new HousekeepingRun(true, 0, 0, 0, true));
        assertThat(purgeRows()).isEmpty();
    }

    @Test
    void whenMoreThanOneRunsWorthExpiredThenBoundedByTheCapAndFinishedNextRun() {
        for (int i = 0; i < 7; i++) {
            token(clock.instant().minus(Duration.ofHours(1)));
        }
        AtomicInteger calls = new AtomicInteger();
        TokenStore counting = new CountingTokenStore(store.tokens(), calls);

        HousekeepingRun first = housekeeping(counting, store.replayGuard(), 2, 3).purgeOnce();
        int callsInFirst = calls.get();
        HousekeepingRun second = housekeeping(counting, store.replayGuard(), 2, 3).purgeOnce();

        assertThat(first).isEqualTo(new HousekeepingRun(true, 6, 0, 0, false));
        assertThat(callsInFirst).as("three batches of two").isEqualTo(3);
        assertThat(second).isEqualTo(new HousekeepingRun(true, 1, 0, 0, true));
        List<SetupAuditEntry> rows = purgeRows();
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(SetupAuditEntry::display).anySatisfy(d -> assertThat(d)
                .startsWith("Purged 6 expired access tokens and 0 used assertion ids")
                .endsWith("; more remain for the next run"));
    }

    @Test
    void whenTheClockMovesPastTheGraceThenTheTokenIsPurgedOnTheNextRun() {
        String id = token(clock.instant().plus(Duration.ofMinutes(1)));
        Housekeeping job = housekeeping(1_000, 100);

        clock.advance(Duration.ofMinutes(5));
        HousekeepingRun early = job.purgeOnce();
        clock.advance(Duration.ofMinutes(2));
        HousekeepingRun late = job.purgeOnce();

        assertThat(early.expiredTokens()).isZero();
        assertThat(late.expiredTokens()).isEqualTo(1);
        assertThat(store.tokens().findById(id)).isEmpty();
    }

    @Test
    void whenTheStoreFailsMidRunThenWhatWasDeletedIsStillRecorded() {
        for (int i = 0; i < 3; i++) {
            token(clock.instant().minus(Duration.ofHours(1)));
        }
        AtomicInteger calls = new AtomicInteger();
        TokenStore failing = new CountingTokenStore(store.tokens(), calls) {
            @Override
            public int purgeExpired(Instant before, int limit) {
                if (calls.get() == 1) {
                    throw new IllegalStateException("database went away");
                }
                return super.purgeExpired(before, limit);
            }
        };

        HousekeepingRun run = housekeeping(failing, store.replayGuard(), 2, 10).purgeOnce();

        assertThat(run).isEqualTo(new HousekeepingRun(true, 2, 0, 0, false));
        assertThat(purgeRows()).singleElement().satisfies(r -> assertThat(r.display())
                .startsWith("Purged 2 expired access tokens"));
    }

    /** A LoginHistory row of the admin at {@code when}; returns its id. */
    private String login(Instant when) {
        String id = ids.next(KeyPrefix.LOGIN_HISTORY);
        store.loginHistory().append(new LoginHistoryEntry(id, boot.orgId(), boot.adminUserId(),
                "admin@userbound.local", boot.cliAppId(), "Userbound CLI", boot.consumerKey(), null, "127.0.0.1",
                "http://127.0.0.1:1/services/oauth2/token", LoginHistoryEntry.REMOTE_ACCESS, "JWT Bearer", "test",
                LoginReason.SUCCESS, null, when));
        return id;
    }

    @Test
    void whenLoginHistoryIsOlderThanTheRetentionThenPurgedInBatchesWithItsOwnRow() {
        Instant now = clock.instant();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(login(now.minus(Duration.ofDays(181)).minusSeconds(i)));
        }
        String recent = login(now.minus(Duration.ofDays(179)));

        HousekeepingRun first = housekeeping(store.tokens(), store.replayGuard(), 2, 2).purgeOnce();
        HousekeepingRun second = housekeeping(store.tokens(), store.replayGuard(), 2, 2).purgeOnce();

        assertThat(first).isEqualTo(new HousekeepingRun(true, 0, 0, 4, false));
        assertThat(second).isEqualTo(new HousekeepingRun(true, 0, 0, 1, true));
        assertThat(old).allSatisfy(id -> assertThat(store.loginHistory().findById(id)).isEmpty());
        assertThat(store.loginHistory().findById(recent)).isPresent();
        List<SetupAuditEntry> rows = store.setupAudit().list(boot.orgId(), 100).stream()
                .filter(e -> e.action().equals(Housekeeping.LOGIN_HISTORY_ACTION)).toList();
        assertThat(rows).extracting(SetupAuditEntry::display).containsExactlyInAnyOrder(
                "Purged 4 LoginHistory rows older than 180 days (logins before 2025-12-03T12:00:00Z); more remain "
                        + "for the next run",
                "Purged 1 LoginHistory row older than 180 days (logins before 2025-12-03T12:00:00Z)");
        assertThat(rows).allSatisfy(r -> assertThat(r.createdById()).isEqualTo(boot.automatedProcessUserId()));
        assertThat(purgeRows()).as("no token row when no token was purged").isEmpty();
    }

    @Test
    void whenAnotherNodeHoldsTheLeaseThenTheRunIsSkippedAndNothingIsDeleted() throws Exception {
        token(clock.instant().minus(Duration.ofHours(1)));
        Housekeeping a = housekeeping(store.tokens(), store.replayGuard(), "node-a", 1_000, 100);
        Housekeeping b = housekeeping(store.tokens(), store.replayGuard(), "node-b", 1_000, 100);
        CountDownLatch leased = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<HousekeepingRun> holding = pool.submit(() -> a.purgeOnce(() -> {
                leased.countDown();
                await(release);
            }));
            assertThat(leased.await(10, TimeUnit.SECONDS)).isTrue();

            HousekeepingRun skipped = b.purgeOnce();
            release.countDown();
            HousekeepingRun ran = holding.get(10, TimeUnit.SECONDS);
            HousekeepingRun afterRelease = b.purgeOnce();

            assertThat(skipped).isEqualTo(HousekeepingRun.SKIPPED);
            assertThat(ran).isEqualTo(new HousekeepingRun(true, 1, 0, 0, true));
            assertThat(afterRelease.leased()).as("released after the run").isTrue();
            assertThat(purgeRows()).hasSize(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void whenTheLeaseIsExpiredThenAnotherHolderTakesItAndTheFirstNoLonger() {
        JobLeases leases = store.jobLeases();
        Instant now = clock.instant();

        boolean a = leases.tryAcquire("job", "node-a", now, now.plusSeconds(60));
        boolean bWhileHeld = leases.tryAcquire("job", "node-b", now.plusSeconds(59), now.plusSeconds(120));
        boolean aAgain = leases.tryAcquire("job", "node-a", now.plusSeconds(10), now.plusSeconds(70));
        boolean bAfterExpiry = leases.tryAcquire("job", "node-b", now.plusSeconds(70), now.plusSeconds(130));
        boolean aReleasesNotHis = leases.release("job", "node-a");
        boolean aWhileBHolds = leases.tryAcquire("job", "node-a", now.plusSeconds(71), now.plusSeconds(131));
        boolean bReleases = leases.release("job", "node-b");
        boolean aAfterRelease = leases.tryAcquire("job", "node-a", now.plusSeconds(72), now.plusSeconds(132));

        assertThat(List.of(a, bWhileHeld, aAgain, bAfterExpiry, aReleasesNotHis, aWhileBHolds, bReleases,
                aAfterRelease)).containsExactly(true, false, true, true, false, false, true, true);
    }

    @Test
    void whenManyHoldersRaceForOneLeaseThenExactlyOneGetsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 20; round++) {
                String name = "race-" + round;
                Instant now = clock.instant();
                List<String> firstWinners = race(pool, name, now);
                assertThat(firstWinners).as("round %d, a new lease row (INSERT)", round).hasSize(1);
                assertThat(store.jobLeases().release(name, firstWinners.get(0))).isTrue();
                assertThat(race(pool, name, now.plusSeconds(1))).as("round %d, a released row (UPDATE)", round)
                        .hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** 16 holders try to take {@code name} at once; returns those that got it. */
    private List<String> race(ExecutorService pool, String name, Instant now) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String holder = "node-" + i;
            results.add(pool.submit(() -> {
                go.await();
                return store.jobLeases().tryAcquire(name, holder, now, now.plusSeconds(60)) ? holder : null;
            }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> f : results) {
            String w = f.get(10, TimeUnit.SECONDS);
            if (w != null) {
                winners.add(w);
            }
        }
        return winners;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delegates and counts purge calls. */
    static class CountingTokenStore implements TokenStore {
        private final TokenStore delegate;
        private final AtomicInteger calls;

        CountingTokenStore(TokenStore delegate, AtomicInteger calls) {
            this.delegate = delegate;
            this.calls = calls;
        }

        @Override
        public void insert(AccessTokenRecord token) {
            delegate.insert(token);
        }

        @Override
        public Optional<AccessTokenRecord> findById(String id) {
            return delegate.findById(id);
        }

        @Override
        public boolean revoke(String id, Instant when) {
            return delegate.revoke(id, when);
        }

        @Override
        public int revokeForUser(String appId, String userId, String grantType, Instant when) {
            return delegate.revokeForUser(appId, userId, grantType, when);
        }

        @Override
        public int revokeForApp(String appId, Instant when) {
            return delegate.revokeForApp(appId, when);
        }

        @Override
        public int purgeExpired(Instant before, int limit) {
            calls.incrementAndGet();
            return delegate.purgeExpired(before, limit);
        }
    }
}
