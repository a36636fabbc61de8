package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.Org;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.core.port.UsedJti;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On the embedded H2 every kind of write returns only after a force of the database file (H2 stores what it holds in
 * memory, then forces the file) has completed after the write began, and reads force nothing. Which force covers
 * which commit, and that none covers a commit made before it started, is {@code GroupSyncTest}'s part; the crash
 * harness ({@code CrashRecoveryTest}) shows the result. One row per way a write reaches the database: autocommit
 * statements, transactions, several statements all or nothing, the replay guard, the group-commit writer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableWritesTest {
    private JdbcStore store;
    private Org org;
    private User user;
    private ConnectedApp app;

    @BeforeAll
    void open() throws Exception {
        store = JdbcStore.open(JdbcStore.h2Url(Files.createTempDirectory("userbound-durable-")), null, null, 4);
        org = TestRecords.org();
        store.orgs().insert(org);
        Profile profile = TestRecords.profile(org);
        store.profiles().insert(profile);
        user = TestRecords.user(org, profile);
        store.users().insert(user);
        app = TestRecords.app(org);
        store.apps().insert(app);
    }

    @AfterAll
    void close() {
        store.close();
    }

    Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("token insert (autocommit)", (Consumer<DurableWritesTest>) t -> t.store.tokens()
                        .insert(TestRecords.token(t.org, t.user, t.app, Instant.now().plusSeconds(60)))),
                Arguments.of("revocation (autocommit update)", (Consumer<DurableWritesTest>) t -> {
                    var token = TestRecords.token(t.org, t.user, t.app, Instant.now().plusSeconds(60));
                    t.store.transactions().inTransaction(() -> {
                        t.store.tokens().insert(token);
                        return null;
                    });
                    long before = t.store.diskForces();
                    t.store.tokens().revoke(token.id(), Instant.now());
                    assertThat(t.store.diskForces()).as("the revocation itself").isGreaterThan(before);
                }),
                Arguments.of("LoginHistory refusal row", (Consumer<DurableWritesTest>) t -> t.store.loginHistory()
                        .append(TestRecords.login(t.org, t.user, t.app, LoginReason.MALFORMED_ASSERTION,
                                Instant.now()))),
                Arguments.of("setup audit row", (Consumer<DurableWritesTest>) t -> t.store.setupAudit()
                        .append(TestRecords.audit(t.org, t.user.id(), Instant.now()))),
                Arguments.of("user deactivation in a transaction", (Consumer<DurableWritesTest>) t ->
                        t.store.transactions().inTransaction(() -> {
                            t.store.users().update(new User(t.user.id(), t.user.orgId(), t.user.username(), null,
                                    "Renamed", t.user.email(), t.user.type(), false, t.user.profileId(),
                                    t.user.createdDate(), Instant.now()));
                            t.store.setupAudit().append(TestRecords.audit(t.org, t.user.id(), Instant.now()));
                            return null;
                        })),
                Arguments.of("used jti (replay guard)", (Consumer<DurableWritesTest>) t -> assertThat(
                        t.store.replayGuard().firstUse(t.app.id(), UUID.randomUUID().toString(),
                                Instant.now().plusSeconds(60))).isTrue()),
                Arguments.of("grant through the group-commit writer", (Consumer<DurableWritesTest>) t -> assertThat(
                        t.store.grantWriter().write(TestRecords.token(t.org, t.user, t.app,
                                Instant.now().plusSeconds(60)), TestRecords.login(t.org, t.user, t.app,
                                LoginReason.SUCCESS, Instant.now()), new UsedJti(t.app.id(),
                                UUID.randomUUID().toString(), Instant.now().plusSeconds(60)))).isTrue()),
                Arguments.of("revocation of a user's tokens of an app", (Consumer<DurableWritesTest>) t -> {
                    t.store.tokens().insert(TestRecords.token(t.org, t.user, t.app, Instant.now().plusSeconds(60)));
                    long before = t.store.diskForces();
                    assertThat(t.store.tokens().revokeForUser(t.app.id(), t.user.id(), null, Instant.now())).isPositive();
                    assertThat(t.store.diskForces()).as("the revocation itself").isGreaterThan(before);
                }),
                Arguments.of("deletion of an app with its children (several statements)",
                        (Consumer<DurableWritesTest>) t -> {
                            ConnectedApp doomed = TestRecords.app(t.org);
                            t.store.apps().insert(doomed);
                            long before = t.store.diskForces();
                            assertThat(t.store.apps().delete(doomed.id())).isTrue();
                            assertThat(t.store.diskForces()).as("the deletion itself").isGreaterThan(before);
                        }),
                Arguments.of("purge of expired tokens", (Consumer<DurableWritesTest>) t -> {
                    t.store.tokens().insert(TestRecords.token(t.org, t.user, t.app, Instant.now().minusSeconds(5)));
                    long before = t.store.diskForces();
                    assertThat(t.store.tokens().purgeExpired(Instant.now(), 100)).isPositive();
                    assertThat(t.store.diskForces()).as("the purge itself").isGreaterThan(before);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void whenAWriteReturnsThenTheFileWasForcedToDiskAfterIt(String name, Consumer<DurableWritesTest> write) {
        long before = store.diskForces();

        write.accept(this);

        assertThat(store.diskForces()).isGreaterThan(before);
    }

    Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("user by id", (Consumer<DurableWritesTest>) t -> t.store.users().findById(t.user.id())),
                Arguments.of("read in a transaction", (Consumer<DurableWritesTest>) t -> t.store.transactions()
                        .inTransaction(() -> t.store.apps().findById(t.app.id()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void whenNothingIsWrittenThenNothingIsForced(String name, Consumer<DurableWritesTest> read) {
        long before = store.diskForces();

        read.accept(this);

        assertThat(store.diskForces()).isEqualTo(before);
    }

    @Test
    void whenAReplayedJtiIsRefusedThenNothingIsForced() {
        String jti = UUID.randomUUID().toString();
        store.replayGuard().firstUse(app.id(), jti, Instant.now().plusSeconds(60));
        long before = store.diskForces();

        assertThat(store.replayGuard().firstUse(app.id(), jti, Instant.now().plusSeconds(60))).isFalse();

        assertThat(store.diskForces()).isEqualTo(before);
    }
}
