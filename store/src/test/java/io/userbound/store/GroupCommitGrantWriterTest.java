package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.Org;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.StoreException;
import io.userbound.core.port.UsedJti;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The group-commit writer: every caller returns with its rows committed, and one bad grant fails alone. */
class GroupCommitGrantWriterTest {
    private JdbcStore store;
    private Org org;
    private User user;
    private ConnectedApp app;

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.open(JdbcStore.h2Url(Files.createTempDirectory("userbound-writer-")), null, null, 4);
        org = TestRecords.org();
        store.orgs().insert(org);
        Profile profile = TestRecords.profile(org);
        store.profiles().insert(profile);
        user = TestRecords.user(org, profile);
        store.users().insert(user);
        app = TestRecords.app(org);
        store.apps().insert(app);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AccessTokenRecord token() {
        return TestRecords.token(org, user, app, Instant.now().plusSeconds(600));
    }

    private LoginHistoryEntry row() {
        return TestRecords.login(org, user, app, LoginReason.SUCCESS, Instant.now());
    }

    private long count(String table) throws Exception {
        try (Connection c = store.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void whenManyThreadsWriteAtOnceThenEveryCallerReturnsWithItsRowsCommitted() throws Exception {
        GrantWriter writer = store.grantWriter();
        int threads = 32;
        int each = 50;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> written = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            written.add(pool.submit(() -> {
                go.await();
                List<String> hashes = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    AccessTokenRecord token = token();
                    writer.write(token, row());
                    // committed when write returns: visible to any other connection at once
                    assertThat(store.tokens().findById(token.id())).isPresent();
                    hashes.add(token.tokenHash());
                }
                return hashes;
            }));
        }
        go.countDown();
        for (Future<List<String>> f : written) {
            assertThat(f.get()).hasSize(each);
        }
        pool.shutdown();

        assertThat(count("access_tokens")).isEqualTo(threads * each);
        assertThat(count("login_history")).isEqualTo(threads * each);
    }

    @Test
    void whenOneGrantBreaksAUniqueRuleThenOnlyThatCallerFailsAndNothingOfItIsWritten() throws Exception {
        GrantWriter writer = store.grantWriter();
        AccessTokenRecord taken = token();
        writer.write(taken, row());
        AccessTokenRecord clash = new AccessTokenRecord(taken.id(), TestRecords.hex64(), org.id(), user.id(),
                app.id(), taken.scopes(), taken.issuedAt(), taken.expiresAt(), null);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> good = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            good.add(pool.submit(() -> {
                go.await();
                writer.write(token(), row());
                return null;
            }));
        }
        Future<?> bad = pool.submit(() -> {
            go.await();
            writer.write(clash, row());
            return null;
        });
        go.countDown();
        for (Future<?> f : good) {
            f.get();
        }
        assertThatThrownBy(bad::get).hasCauseInstanceOf(DuplicateValueException.class);
        pool.shutdown();

        assertThat(count("access_tokens")).isEqualTo(1 + 8);
        assertThat(count("login_history")).isEqualTo(1 + 8);
    }

    private UsedJti jti(String value) {
        return new UsedJti(app.id(), value, Instant.now().plusSeconds(600));
    }

    @Test
    void whenOneJtiIsWrittenSixteenTimesAtOnceThenExactlyOneGrantIsCommitted() throws Exception {
        GrantWriter writer = store.grantWriter();
        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        List<Future<Boolean>> sameJti = new ArrayList<>();
        List<Future<Boolean>> ownJti = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            sameJti.add(pool.submit(() -> {
                go.await();
                return writer.write(token(), row(), jti("race"));
            }));
            ownJti.add(pool.submit(() -> {
                go.await();
                return writer.write(token(), row(), jti("own-" + n));
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : sameJti) {
            won += f.get() ? 1 : 0;
        }
        for (Future<Boolean> f : ownJti) {
            assertThat(f.get()).as("a replay in the same batch fails only itself").isTrue();
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(count("used_jtis")).isEqualTo(1 + threads);
        assertThat(count("access_tokens")).isEqualTo(1 + threads);
        assertThat(count("login_history")).isEqualTo(1 + threads);
    }

    @Test
    void whenJtiWasMarkedThroughTheReplayGuardThenNothingIsWritten() throws Exception {
        GrantWriter writer = store.grantWriter();
        assertThat(store.replayGuard().firstUse(app.id(), "used", Instant.now().plusSeconds(600))).isTrue();

        assertThat(writer.write(token(), row(), jti("used"))).isFalse();

        assertThat(count("used_jtis")).isEqualTo(1);
        assertThat(count("access_tokens")).isZero();
        assertThat(count("login_history")).isZero();
        assertThat(store.replayGuard().firstUse(app.id(), "fresh", Instant.now().plusSeconds(600))).isTrue();
    }

    @Test
    void whenJtiIsLongerThanTheColumnThenItIsMarkedByItsHashAndStillUsedOnce() throws Exception {
        GrantWriter writer = store.grantWriter();
        String longJti = "j".repeat(JdbcReplayGuard.MAX_RAW_JTI + 100);

        assertThat(writer.write(token(), row(), jti(longJti))).isTrue();

        assertThat(writer.write(token(), row(), jti(longJti))).isFalse();
        assertThat(store.replayGuard().firstUse(app.id(), longJti, Instant.now().plusSeconds(600))).isFalse();
        assertThat(count("access_tokens")).isEqualTo(1);
    }

    @Test
    void whenTheTokenCannotBeWrittenThenItsJtiIsNotBurned() throws Exception {
        GrantWriter writer = store.grantWriter();
        AccessTokenRecord taken = token();
        writer.write(taken, row());
        AccessTokenRecord clash = new AccessTokenRecord(taken.id(), TestRecords.hex64(), org.id(), user.id(),
                app.id(), taken.scopes(), taken.issuedAt(), taken.expiresAt(), null);

        assertThatThrownBy(() -> writer.write(clash, row(), jti("keep"))).isInstanceOf(DuplicateValueException.class);

        assertThat(count("used_jtis")).isZero();
        assertThat(writer.write(token(), row(), jti("keep"))).isTrue();
    }

    @Test
    void whenClosedThenWritesAreRefused() {
        GrantWriter writer = store.grantWriter();
        store.close();

        assertThatThrownBy(() -> writer.write(token(), row())).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }
}
