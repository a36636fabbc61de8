package io.userbound.server;

import io.userbound.core.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.TokenStore;
import io.userbound.protocol.KeyPrefix;
import io.userbound.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
        return new Housekeeping(tokens, jtis, store.setupAudit(), ids, clock, boot.orgId(),
                boot.automatedProcessUserId(), batch, maxBatches);
    }

    private Housekeeping housekeeping(int batch, int maxBatches) {
        return housekeeping(store.tokens(), store.replayGuard(), batch, maxBatches);
    }

    /** A token of the CLI app for the admin that expires at {@code expiresAt}; returns its hash. */
    private String token(Instant expiresAt) {
        String hash = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        store.tokens().insert(new AccessTokenRecord(ids.next(KeyPrefix.ACCESS_TOKEN), hash, boot.orgId(),
                boot.adminUserId(), boot.cliAppId(), Set.of("api"), expiresAt.minus(Duration.ofHours(2)), expiresAt,
                null));
        return hash;
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

        assertThat(run).isEqualTo(new HousekeepingRun(1, 1, true));
        assertThat(store.tokens().findByHash(old)).isEmpty();
        assertThat(store.tokens().findByHash(withinGrace)).isPresent();
        assertThat(store.tokens().findByHash(active)).isPresent();
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

        assertThat(run).isEqualTo(new HousekeepingRun(0, 0, true));
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

        assertThat(first).isEqualTo(new HousekeepingRun(6, 0, false));
        assertThat(callsInFirst).as("three batches of two").isEqualTo(3);
        assertThat(second).isEqualTo(new HousekeepingRun(1, 0, true));
        List<SetupAuditEntry> rows = purgeRows();
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(SetupAuditEntry::display).anySatisfy(d -> assertThat(d)
                .startsWith("Purged 6 expired access tokens and 0 used assertion ids")
                .endsWith("; more remain for the next run"));
    }

    @Test
    void whenTheClockMovesPastTheGraceThenTheTokenIsPurgedOnTheNextRun() {
        String hash = token(clock.instant().plus(Duration.ofMinutes(1)));
        Housekeeping job = housekeeping(1_000, 100);

        clock.advance(Duration.ofMinutes(5));
        HousekeepingRun early = job.purgeOnce();
        clock.advance(Duration.ofMinutes(2));
        HousekeepingRun late = job.purgeOnce();

        assertThat(early.expiredTokens()).isZero();
        assertThat(late.expiredTokens()).isEqualTo(1);
        assertThat(store.tokens().findByHash(hash)).isEmpty();
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

        assertThat(run).isEqualTo(new HousekeepingRun(2, 0, false));
        assertThat(purgeRows()).singleElement().satisfies(r -> assertThat(r.display())
                .startsWith("Purged 2 expired access tokens"));
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
        public Optional<AccessTokenRecord> findByHash(String tokenHash) {
            return delegate.findByHash(tokenHash);
        }

        @Override
        public boolean revoke(String tokenHash, Instant when) {
            return delegate.revoke(tokenHash, when);
        }

        @Override
        public int purgeExpired(Instant before, int limit) {
            calls.incrementAndGet();
            return delegate.purgeExpired(before, limit);
        }
    }
}
