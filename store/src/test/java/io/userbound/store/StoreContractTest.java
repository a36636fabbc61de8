package io.userbound.store;

import static io.userbound.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.Org;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.StoreException;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import io.userbound.records.port.SqlStatement;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * The contract every database must honour. Each concrete subclass opens a fresh database (H2 file in a temp
 * directory, or a fresh PostgreSQL schema) once for the class; tests build their own org, so they never collide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {
    /** Opens a store on this class's fresh database; may be called more than once (a second "node"). */
    abstract JdbcStore openStore();

    /** The product name the store must report. */
    abstract String expectedProduct();

    /** Drops the database (schema) after the class; stores are closed already. */
    abstract void dropDatabase();

    JdbcStore store;

    @BeforeAll
    void openOnce() {
        store = openStore();
    }

    @AfterAll
    void closeOnce() {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    /** A persisted org with a profile, a user holding it and an app. */
    record World(Org org, Profile profile, User user, ConnectedApp app) {
    }

    World world() {
        Org org = TestRecords.org();
        store.orgs().insert(org);
        Profile profile = TestRecords.profile(org, SystemPermission.API_ENABLED);
        store.profiles().insert(profile);
        User user = TestRecords.user(org, profile);
        store.users().insert(user);
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        return new World(org, profile, user, app);
    }

    // ---- the store itself ----

    @Test
    void whenOpenedThenReadyAndProductNamed() {
        assertThat(store.isReady()).isTrue();
        assertThat(store.databaseProductName()).isEqualTo(expectedProduct());
    }

    @Test
    void whenOpenedAgainThenMigrationsAreNotRerunAndDataStays() {
        World w = world();
        try (JdbcStore second = openStore()) {
            assertThat(second.users().findById(w.user().id())).contains(w.user());
        }
    }

    // ---- round trips ----

    @Test
    void whenOrgInsertedThenFoundAndListedOldestFirst() {
        Org org = TestRecords.org();
        store.orgs().insert(org);
        assertThat(store.orgs().findById(org.id())).contains(org);
        assertThat(store.orgs().findById(TestRecords.id(KeyPrefix.ORGANIZATION))).isEmpty();
        List<Org> all = store.orgs().list();
        assertThat(all).contains(org);
        assertThat(all).isSortedAccordingTo((a, b) -> a.createdDate().compareTo(b.createdDate()));
    }

    @Test
    void whenUserInsertedThenUsernameIsStoredLowerCaseAndFoundInAnyCase() {
        World w = world();
        User mixed = new User(TestRecords.id(KeyPrefix.USER), w.org().id(), TestRecords.unique("Mixed.Case") + "@Example.COM",
                null, "Only", null, UserType.INTEGRATION, false, w.profile().id(), T0, T0.plusMillis(1));
        store.users().insert(mixed);
        User stored = store.users().findById(mixed.id()).orElseThrow();
        assertThat(stored.username()).isEqualTo(mixed.username().toLowerCase(Locale.ROOT));
        assertThat(stored).usingRecursiveComparison().ignoringFields("username").isEqualTo(mixed);
        assertThat(store.users().findByUsername(mixed.username().toUpperCase(Locale.ROOT))).contains(stored);
        assertThat(store.users().findByUsername(mixed.username())).contains(stored);
        assertThat(store.users().findById(w.user().id())).contains(w.user());
    }

    @Test
    void whenUserUpdatedThenMutableFieldsChangeAndUsernameStays() {
        World w = world();
        Profile other = TestRecords.profile(w.org());
        store.profiles().insert(other);
        User changed = new User(w.user().id(), w.org().id(), "ignored@example.com", "Grace", "Hopper", null,
                UserType.STANDARD, false, other.id(), T0, T0.plusSeconds(60));
        store.users().update(changed);
        User stored = store.users().findById(w.user().id()).orElseThrow();
        assertThat(stored.username()).isEqualTo(w.user().username());
        assertThat(stored.firstName()).isEqualTo("Grace");
        assertThat(stored.lastName()).isEqualTo("Hopper");
        assertThat(stored.email()).isNull();
        assertThat(stored.active()).isFalse();
        assertThat(stored.profileId()).isEqualTo(other.id());
        assertThat(stored.lastModifiedDate()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.createdDate()).isEqualTo(T0);
    }

    @Test
    void whenUnknownUserUpdatedThenStoreException() {
        World w = world();
        User ghost = TestRecords.user(w.org(), w.profile());
        assertThatThrownBy(() -> store.users().update(ghost)).isInstanceOf(StoreException.class);
    }

    @Test
    void whenUsersListedThenOldestFirstFilteredByTypeAndLimited() {
        World w = world();
        User integration = new User(TestRecords.id(KeyPrefix.USER), w.org().id(),
                TestRecords.unique("int") + "@example.com", null, "Integration", null, UserType.INTEGRATION, true,
                w.profile().id(), T0.plusSeconds(1), T0.plusSeconds(1));
        User later = new User(TestRecords.id(KeyPrefix.USER), w.org().id(), TestRecords.unique("later") + "@example.com",
                null, "Later", null, UserType.STANDARD, true, w.profile().id(), T0.plusSeconds(2), T0.plusSeconds(2));
        store.users().insert(later);
        store.users().insert(integration);
        assertThat(store.users().list(w.org().id(), 10)).containsExactly(w.user(), integration, later);
        assertThat(store.users().list(w.org().id(), 2)).containsExactly(w.user(), integration);
        assertThat(store.users().list(w.org().id(), 0)).isEmpty();
        assertThat(store.users().listByType(w.org().id(), UserType.INTEGRATION, 10)).containsExactly(integration);
        assertThat(store.users().listByType(w.org().id(), UserType.AUTOMATED_PROCESS, 10)).isEmpty();
    }

    @Test
    void whenProfileInsertedThenFoundByIdAndByNameInAnyCase() {
        Org org = TestRecords.org();
        store.orgs().insert(org);
        Profile p = TestRecords.profile(org, SystemPermission.API_ENABLED, SystemPermission.MANAGE_USERS);
        Profile empty = new Profile(TestRecords.id(KeyPrefix.PROFILE), org.id(), "Empty", Set.of(), T0.plusMillis(5));
        store.profiles().insert(p);
        store.profiles().insert(empty);
        assertThat(store.profiles().findById(p.id())).contains(p);
        assertThat(store.profiles().findByName(org.id(), p.name().toUpperCase(Locale.ROOT))).contains(p);
        assertThat(store.profiles().findByName(org.id(), "EMPTY")).contains(empty);
        assertThat(store.profiles().findByName(TestRecords.id(KeyPrefix.ORGANIZATION), p.name())).isEmpty();
        assertThat(store.profiles().list(org.id())).containsExactly(p, empty);
    }

    @Test
    void whenPermissionSetAssignedThenListedForUserAndUnassignedRemovesIt() {
        World w = world();
        PermissionSet ps = TestRecords.permissionSet(w.org(), SystemPermission.VIEW_SETUP,
                SystemPermission.CUSTOMIZE_APPLICATION);
        store.permissionSets().insert(ps);
        assertThat(store.permissionSets().findById(ps.id())).contains(ps);
        assertThat(store.permissionSets().findByName(w.org().id(), ps.name().toLowerCase(Locale.ROOT))).contains(ps);
        assertThat(store.permissionSets().list(w.org().id())).containsExactly(ps);

        PermissionSetAssignment a = TestRecords.assignment(w.org(), w.user(), ps);
        store.permissionSets().assign(a);
        assertThat(store.permissionSets().findAssignment(a.id())).contains(a);
        assertThat(store.permissionSets().assignmentsOf(w.user().id())).containsExactly(a);
        assertThat(store.permissionSets().assignedTo(w.user().id())).containsExactly(ps);

        assertThat(store.permissionSets().unassign(a.id())).isTrue();
        assertThat(store.permissionSets().unassign(a.id())).isFalse();
        assertThat(store.permissionSets().findAssignment(a.id())).isEmpty();
        assertThat(store.permissionSets().assignedTo(w.user().id())).isEmpty();
    }

    @Test
    void whenAppInsertedThenEveryFieldRoundTripsAndLookupsFindIt() {
        World w = world();
        ConnectedApp cc = new ConnectedApp(TestRecords.id(KeyPrefix.CONNECTED_APP), w.org().id(),
                TestRecords.unique("Cc App"), TestRecords.unique("key"), null, PermittedUsersPolicy.SELF_AUTHORIZE,
                Set.of(), Set.of("PS256"), Duration.ofHours(1), false, Duration.ofMinutes(15), true, w.user().id(),
                T0.plusMillis(1), T0.plusMillis(2));
        store.apps().insert(cc);
        assertThat(store.apps().findById(w.app().id())).contains(w.app());
        assertThat(store.apps().findById(cc.id())).contains(cc);
        assertThat(store.apps().findByConsumerKey(cc.consumerKey())).contains(cc);
        assertThat(store.apps().findByConsumerKey(cc.consumerKey().toUpperCase(Locale.ROOT))).isEmpty();
        assertThat(store.apps().findByName(w.org().id(), cc.name().toUpperCase(Locale.ROOT))).contains(cc);
        assertThat(store.apps().list(w.org().id())).containsExactly(w.app(), cc);
    }

    @Test
    void whenAppUpdatedThenMutableFieldsAreReplacedButNotTheSecrets() {
        World w = world();
        ConnectedApp changed = new ConnectedApp(w.app().id(), w.org().id(), "Renamed " + w.app().name(),
                TestRecords.unique("rotated"), "hash:new", PermittedUsersPolicy.SELF_AUTHORIZE, Set.of("api"),
                Set.of("RS512"), Duration.ofMinutes(60), false, Duration.ofMinutes(30), true, w.user().id(), T0,
                T0.plusSeconds(9), "hash:previous", T0.plusSeconds(60));
        store.apps().update(changed);
        ConnectedApp expected = changed.withSecrets(w.app().consumerSecretHash(), null, null, T0.plusSeconds(9));
        assertThat(store.apps().findById(w.app().id())).contains(expected);
        assertThat(store.apps().findByConsumerKey(w.app().consumerKey())).isEmpty();
        assertThat(store.apps().findByConsumerKey(changed.consumerKey())).contains(expected);
    }

    @Test
    void whenAppInsertedWithPreviousSecretThenItRoundTrips() {
        World w = world();
        ConnectedApp rotating = TestRecords.app(w.org()).withSecrets("hash:current", "hash:previous",
                T0.plusSeconds(86_400), T0.plusMillis(5));
        store.apps().insert(rotating);
        assertThat(store.apps().findById(rotating.id())).contains(rotating);
        assertThat(store.apps().findByConsumerKey(rotating.consumerKey())).contains(rotating);
    }

    @Test
    void whenSecretsReplacedThenOnlyTheExpectedCurrentHashWins() {
        World w = world();
        ConnectedApp app = w.app();
        Instant until = T0.plusSeconds(3600);

        assertThat(store.apps().replaceSecrets(app.id(), "hash:stale", "hash:a", app.consumerSecretHash(), until,
                T0.plusSeconds(1))).isFalse();
        assertThat(store.apps().findById(app.id())).contains(app);

        assertThat(store.apps().replaceSecrets(app.id(), app.consumerSecretHash(), "hash:a",
                app.consumerSecretHash(), until, T0.plusSeconds(2))).isTrue();
        assertThat(store.apps().findByConsumerKey(app.consumerKey())).contains(
                app.withSecrets("hash:a", app.consumerSecretHash(), until, T0.plusSeconds(2)));

        // a second rotation that read the old current hash loses, and changes nothing
        assertThat(store.apps().replaceSecrets(app.id(), app.consumerSecretHash(), "hash:b",
                app.consumerSecretHash(), until, T0.plusSeconds(3))).isFalse();
        assertThat(store.apps().findById(app.id()).orElseThrow().consumerSecretHash()).isEqualTo("hash:a");

        // revoking the previous secret keeps the current one
        assertThat(store.apps().replaceSecrets(app.id(), "hash:a", "hash:a", null, null, T0.plusSeconds(4)))
                .isTrue();
        assertThat(store.apps().findById(app.id())).contains(app.withSecrets("hash:a", null, null,
                T0.plusSeconds(4)));

        assertThat(store.apps().replaceSecrets(TestRecords.id(KeyPrefix.CONNECTED_APP), null, "hash:x", null, null,
                T0)).isFalse();
    }

    @Test
    void whenAppWithoutSecretGetsOneThenNullExpectedHashMatches() {
        World w = world();
        ConnectedApp none = TestRecords.app(w.org()).withSecrets(null, null, null, T0);
        store.apps().insert(none);
        assertThat(store.apps().replaceSecrets(none.id(), "hash:other", "hash:a", null, null, T0)).isFalse();
        assertThat(store.apps().replaceSecrets(none.id(), null, "hash:a", null, null, T0.plusSeconds(1))).isTrue();
        assertThat(store.apps().findById(none.id()).orElseThrow().consumerSecretHash()).isEqualTo("hash:a");
    }

    @Test
    void whenManyRotationsRaceThenEachWinnerSawTheHashItReplaced() throws Exception {
        World w = world();
        String start = w.app().consumerSecretHash();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String mine = "hash:thread" + i;
            results.add(pool.submit(() -> {
                go.await();
                return store.apps().replaceSecrets(w.app().id(), start, mine, start, T0.plusSeconds(60), T0);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
        assertThat(store.apps().findById(w.app().id()).orElseThrow().consumerSecretHash()).startsWith("hash:thread");
    }

    @Test
    void whenCertificatesStoredThenActiveOnesListedAndRemoveStopsListing() {
        World w = world();
        AppCertificate active = TestRecords.certificate(w.app(), true);
        AppCertificate inactive = TestRecords.certificate(w.app(), false);
        store.certificates().insert(active);
        store.certificates().insert(inactive);
        assertThat(store.certificates().findById(active.id())).contains(active);
        assertThat(store.certificates().activeForApp(w.app().id())).containsExactly(active);
        assertThat(store.certificates().listForApp(w.app().id())).containsExactlyInAnyOrder(active, inactive);

        assertThat(store.certificates().remove(w.app().id(), active.thumbprint().toUpperCase(Locale.ROOT))).isTrue();
        assertThat(store.certificates().activeForApp(w.app().id())).isEmpty();
        assertThat(store.certificates().findById(active.id())).isEmpty();
        assertThat(store.certificates().remove(w.app().id(), active.thumbprint())).isFalse();
        assertThat(store.certificates().listForApp(w.app().id())).containsExactly(inactive);
    }

    @Test
    void whenCertificateMarkedUsedThenLastUsedMovesForwardAtOneSecondResolution() {
        World w = world();
        AppCertificate c = TestRecords.certificate(w.app(), true);
        store.certificates().insert(c);
        Instant first = T0.plusSeconds(100);
        store.certificates().markUsed(c.id(), first);
        assertThat(lastUsed(c)).isEqualTo(first);
        store.certificates().markUsed(c.id(), first.plusMillis(300));
        assertThat(lastUsed(c)).as("coalesced within the resolution").isEqualTo(first);
        store.certificates().markUsed(c.id(), first.minusSeconds(50));
        assertThat(lastUsed(c)).as("never moves backwards").isEqualTo(first);
        store.certificates().markUsed(c.id(), first.plusSeconds(2));
        assertThat(lastUsed(c)).isEqualTo(first.plusSeconds(2));
    }

    private Instant lastUsed(AppCertificate c) {
        return store.certificates().findById(c.id()).orElseThrow().lastUsedAt();
    }

    @Test
    void whenAppAccessGrantedThenFoundListedAndRevocable() {
        World w = world();
        AppAccessGrant g = TestRecords.grant(w.org(), w.app(), w.profile().id());
        store.appAccess().grant(g);
        assertThat(store.appAccess().findById(g.id())).contains(g);
        assertThat(store.appAccess().listForApp(w.app().id())).containsExactly(g);
        assertThat(store.appAccess().revoke(g.id())).isTrue();
        assertThat(store.appAccess().revoke(g.id())).isFalse();
        assertThat(store.appAccess().listForApp(w.app().id())).isEmpty();
        assertThat(store.appAccess().isGranted(w.app().id(), w.user().id(), w.profile().id())).isFalse();
    }

    /** One case of isGranted: how the world is set up and what the answer must be. */
    record GrantCase(String name, Consumer<Setup> arrange, boolean granted) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a grant case may arrange: grants and assignments around the world's user and app. */
    record Setup(JdbcStore store, World w) {
        PermissionSet permissionSet() {
            PermissionSet ps = TestRecords.permissionSet(w.org());
            store.permissionSets().insert(ps);
            return ps;
        }

        void assign(User user, PermissionSet ps) {
            store.permissionSets().assign(TestRecords.assignment(w.org(), user, ps));
        }

        void grant(ConnectedApp app, String parentId) {
            store.appAccess().grant(TestRecords.grant(w.org(), app, parentId));
        }

        User otherUser() {
            User u = TestRecords.user(w.org(), w.profile());
            store.users().insert(u);
            return u;
        }

        ConnectedApp otherApp() {
            ConnectedApp app = TestRecords.app(w.org());
            store.apps().insert(app);
            return app;
        }

        Profile otherProfile() {
            Profile p = TestRecords.profile(w.org());
            store.profiles().insert(p);
            return p;
        }
    }

    Stream<GrantCase> grantCases() {
        return Stream.of(
                new GrantCase("via the profile", s -> s.grant(s.w().app(), s.w().profile().id()), true),
                new GrantCase("via an assigned permission set", s -> {
                    PermissionSet ps = s.permissionSet();
                    s.assign(s.w().user(), ps);
                    s.grant(s.w().app(), ps.id());
                }, true),
                new GrantCase("via one of several permission sets", s -> {
                    PermissionSet a = s.permissionSet();
                    PermissionSet b = s.permissionSet();
                    s.assign(s.w().user(), a);
                    s.assign(s.w().user(), b);
                    s.grant(s.w().app(), b.id());
                }, true),
                new GrantCase("nothing granted", s -> { }, false),
                new GrantCase("another profile granted", s -> s.grant(s.w().app(), s.otherProfile().id()), false),
                new GrantCase("permission set granted but not assigned", s -> s.grant(s.w().app(),
                        s.permissionSet().id()), false),
                new GrantCase("permission set assigned to another user", s -> {
                    PermissionSet ps = s.permissionSet();
                    s.assign(s.otherUser(), ps);
                    s.grant(s.w().app(), ps.id());
                }, false),
                new GrantCase("profile granted another app", s -> s.grant(s.otherApp(), s.w().profile().id()), false),
                new GrantCase("assigned permission set granted another app", s -> {
                    PermissionSet ps = s.permissionSet();
                    s.assign(s.w().user(), ps);
                    s.grant(s.otherApp(), ps.id());
                }, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grantCases")
    void whenAccessArrangedThenIsGrantedAnswers(GrantCase c) {
        World w = world();
        c.arrange().accept(new Setup(store, w));
        assertThat(store.appAccess().isGranted(w.app().id(), w.user().id(), w.profile().id())).isEqualTo(c.granted());
    }

    @Test
    void whenASecondOrgClaimsTheInstallationThenRefusedAndNothingOfItIsWritten() {
        Org first = TestRecords.org();
        Org second = TestRecords.org();
        store.transactions().run(() -> store.orgs().insertInstallationOrg(first));

        assertThatThrownBy(() -> store.transactions().run(() -> store.orgs().insertInstallationOrg(second)))
                .isInstanceOf(DuplicateValueException.class)
                .satisfies(e -> assertThat(((DuplicateValueException) e).field()).isEqualTo("Installation"));

        assertThat(store.orgs().findById(first.id())).contains(first);
        assertThat(store.orgs().findById(second.id())).isEmpty();
    }

    @Test
    void whenApprovalInsertedThenFoundAndDeletable() {
        World w = world();
        Approval a = TestRecords.approval(w.org(), w.app(), w.user());
        store.approvals().insert(a);
        assertThat(store.approvals().find(w.app().id(), w.user().id())).contains(a);
        assertThat(store.approvals().delete(w.app().id(), w.user().id())).isTrue();
        assertThat(store.approvals().delete(w.app().id(), w.user().id())).isFalse();
        assertThat(store.approvals().find(w.app().id(), w.user().id())).isEmpty();
    }

    @Test
    void whenTokenRevokedThenRevokedOnceAndInactive() {
        World w = world();
        AccessTokenRecord t = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(7200));
        store.tokens().insert(t);
        AccessTokenRecord other = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(7200));
        assertThat(store.tokens().findById(t.id())).contains(t);
        assertThat(store.tokens().findById(other.id())).as("never inserted").isEmpty();
        Instant when = T0.plusSeconds(60);
        assertThat(store.tokens().revoke(t.id(), when)).isTrue();
        assertThat(store.tokens().revoke(t.id(), when.plusSeconds(1))).isFalse();
        assertThat(store.tokens().revoke(other.id(), when)).isFalse();
        AccessTokenRecord revoked = store.tokens().findById(t.id()).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(when);
        assertThat(revoked.isActiveAt(T0.plusSeconds(61))).isFalse();
    }

    @Test
    void whenTokensRevokedByAppAndUserThenOnlyThatPairsLiveTokensAreRevoked() {
        World w = world();
        User other = TestRecords.user(w.org(), w.profile());
        store.users().insert(other);
        ConnectedApp otherApp = TestRecords.app(w.org());
        store.apps().insert(otherApp);
        Instant when = T0.plusSeconds(60);
        AccessTokenRecord mine1 = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(7200));
        AccessTokenRecord mine2 = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(7200));
        AccessTokenRecord expired = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(30));
        AccessTokenRecord otherUser = TestRecords.token(w.org(), other, w.app(), T0.plusSeconds(7200));
        AccessTokenRecord otherAppToken = TestRecords.token(w.org(), w.user(), otherApp, T0.plusSeconds(7200));
        for (AccessTokenRecord t : List.of(mine1, mine2, expired, otherUser, otherAppToken)) {
            store.tokens().insert(t);
        }
        store.tokens().revoke(mine2.id(), T0);

        assertThat(store.tokens().revokeForUser(w.app().id(), w.user().id(), null, when)).as("live, unrevoked").isOne();
        assertThat(store.tokens().findById(mine1.id()).orElseThrow().revokedAt()).isEqualTo(when);
        assertThat(store.tokens().findById(mine2.id()).orElseThrow().revokedAt()).as("kept its first revocation")
                .isEqualTo(T0);
        assertThat(store.tokens().findById(expired.id()).orElseThrow().revokedAt()).isNull();
        assertThat(store.tokens().findById(otherUser.id()).orElseThrow().revokedAt()).isNull();
        assertThat(store.tokens().findById(otherAppToken.id()).orElseThrow().revokedAt()).isNull();

        assertThat(store.tokens().revokeForApp(w.app().id(), when)).as("the other user's token").isOne();
        assertThat(store.tokens().findById(otherUser.id()).orElseThrow().revokedAt()).isEqualTo(when);
        assertThat(store.tokens().findById(otherAppToken.id()).orElseThrow().revokedAt()).isNull();
        assertThat(store.tokens().revokeForApp(w.app().id(), when)).isZero();
    }

    @Test
    void whenTokensOfOneGrantAreRevokedThenThoseOfTheOtherStayAndThoseOfUnknownGrantGo() {
        World w = world();
        Instant exp = T0.plusSeconds(7200);
        AccessTokenRecord jwt = withGrant(TestRecords.token(w.org(), w.user(), w.app(), exp), GrantTypes.JWT_BEARER);
        AccessTokenRecord cc = withGrant(TestRecords.token(w.org(), w.user(), w.app(), exp),
                GrantTypes.CLIENT_CREDENTIALS);
        AccessTokenRecord unknown = TestRecords.token(w.org(), w.user(), w.app(), exp);
        for (AccessTokenRecord t : List.of(jwt, cc, unknown)) {
            store.tokens().insert(t);
        }
        assertThat(store.tokens().findById(cc.id())).as("the grant round-trips").contains(cc);

        assertThat(store.tokens().revokeForUser(w.app().id(), w.user().id(), GrantTypes.CLIENT_CREDENTIALS,
                T0.plusSeconds(60))).isEqualTo(2);

        assertThat(store.tokens().findById(cc.id()).orElseThrow().revokedAt()).isNotNull();
        assertThat(store.tokens().findById(unknown.id()).orElseThrow().revokedAt()).isNotNull();
        assertThat(store.tokens().findById(jwt.id()).orElseThrow().revokedAt()).isNull();
    }

    private static AccessTokenRecord withGrant(AccessTokenRecord t, String grantType) {
        return new AccessTokenRecord(t.id(), t.tokenHash(), t.orgId(), t.userId(), t.appId(), t.scopes(), t.issuedAt(),
                t.expiresAt(), t.revokedAt(), grantType);
    }

    @Test
    void whenUsersAreListedByIdThenByOrgByProfileAndByPermissionSet() {
        World w = world();
        Profile second = TestRecords.profile(w.org());
        store.profiles().insert(second);
        User other = TestRecords.user(w.org(), second);
        store.users().insert(other);
        PermissionSet ps = TestRecords.permissionSet(w.org());
        store.permissionSets().insert(ps);
        store.permissionSets().assign(TestRecords.assignment(w.org(), other, ps));

        assertThat(store.users().ids(w.org().id())).containsExactlyInAnyOrder(w.user().id(), other.id());
        assertThat(store.users().idsWithProfile(second.id())).containsExactly(other.id());
        assertThat(store.permissionSets().assigneeIds(ps.id())).containsExactly(other.id());
    }

    @Test
    void whenAppDeletedThenItsCertificatesGrantsAndApprovalsGoButItsTokensStay() {
        World w = world();
        AppCertificate cert = TestRecords.certificate(w.app(), true);
        store.certificates().insert(cert);
        store.appAccess().grant(TestRecords.grant(w.org(), w.app(), w.profile().id()));
        store.approvals().insert(TestRecords.approval(w.org(), w.app(), w.user()));
        AccessTokenRecord t = TestRecords.token(w.org(), w.user(), w.app(), T0.plusSeconds(7200));
        store.tokens().insert(t);

        assertThat(store.apps().delete(w.app().id())).isTrue();

        assertThat(store.apps().findById(w.app().id())).isEmpty();
        assertThat(store.certificates().listForApp(w.app().id())).isEmpty();
        assertThat(store.appAccess().listForApp(w.app().id())).isEmpty();
        assertThat(store.approvals().find(w.app().id(), w.user().id())).isEmpty();
        assertThat(store.tokens().findById(t.id())).as("traffic rows carry the id only").isPresent();
        assertThat(store.apps().delete(w.app().id())).isFalse();
    }

    @Test
    void whenTokensPurgedThenExpiredGoInBoundedBatchesAndLiveStay() {
        World w = world();
        // far in the past, so rows left by other tests of this class (expiring around T0) are older than the cut
        Instant base = Instant.parse("2000-01-01T00:00:00Z");
        List<AccessTokenRecord> expired = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expired.add(TestRecords.token(w.org(), w.user(), w.app(), base.plusSeconds(i)));
        }
        AccessTokenRecord live = TestRecords.token(w.org(), w.user(), w.app(), base.plusSeconds(1000));
        expired.forEach(store.tokens()::insert);
        store.tokens().insert(live);
        Instant cut = base.plusSeconds(500);
        assertThat(store.tokens().purgeExpired(cut, 10)).isEqualTo(10);
        assertThat(store.tokens().findById(expired.get(0).id())).as("oldest first").isEmpty();
        assertThat(store.tokens().findById(expired.get(24).id())).isPresent();
        assertThat(store.tokens().purgeExpired(cut, 10)).isEqualTo(10);
        assertThat(store.tokens().purgeExpired(cut, 10)).isEqualTo(5);
        assertThat(store.tokens().purgeExpired(cut, 10)).isZero();
        assertThat(store.tokens().purgeExpired(cut, 0)).isZero();
        assertThat(store.tokens().findById(live.id())).contains(live);
    }

    // ---- replay guard ----

    @Test
    void whenJtiUsedTwiceThenOnlyFirstUseIsTrue() {
        World w = world();
        ConnectedApp other = TestRecords.app(w.org());
        store.apps().insert(other);
        Instant exp = T0.plusSeconds(300);
        String jti = TestRecords.unique("jti");
        assertThat(store.replayGuard().firstUse(w.app().id(), jti, exp)).isTrue();
        assertThat(store.replayGuard().firstUse(w.app().id(), jti, exp)).isFalse();
        assertThat(store.replayGuard().firstUse(other.id(), jti, exp)).as("per app").isTrue();
    }

    @Test
    void whenJtiIsLongOrOddThenItStillWorksOnce() {
        World w = world();
        Instant exp = T0.plusSeconds(300);
        String longJti = "x".repeat(10_000) + TestRecords.unique("");
        String odd = TestRecords.unique("nul\0jti\uD83D\uDE00");
        for (String jti : List.of(longJti, odd)) {
            assertThat(store.replayGuard().firstUse(w.app().id(), jti, exp)).isTrue();
            assertThat(store.replayGuard().firstUse(w.app().id(), jti, exp)).isFalse();
        }
        assertThat(store.replayGuard().firstUse(w.app().id(), longJti + "y", exp)).isTrue();
    }

    @Test
    void whenThirtyTwoThreadsOnTwoNodesRaceForOneJtiThenExactlyOneWins() throws Exception {
        World w = world();
        int threads = 32;
        try (JdbcStore secondNode = openStore()) {
            for (int round = 0; round < 5; round++) {
                String jti = TestRecords.unique("race");
                CountDownLatch ready = new CountDownLatch(threads);
                CountDownLatch go = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        JdbcStore node = i % 2 == 0 ? store : secondNode;
                        Callable<Boolean> call = () -> {
                            ready.countDown();
                            go.await();
                            return node.replayGuard().firstUse(w.app().id(), jti, T0.plusSeconds(300));
                        };
                        results.add(pool.submit(call));
                    }
                    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
                    go.countDown();
                    int wins = 0;
                    for (Future<Boolean> f : results) {
                        if (f.get(30, TimeUnit.SECONDS)) {
                            wins++;
                        }
                    }
                    assertThat(wins).as("round %d", round).isEqualTo(1);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    @Test
    void whenReplayDetectedInsideTransactionThenTransactionStillCommits() {
        World w = world();
        String jti = TestRecords.unique("tx");
        store.replayGuard().firstUse(w.app().id(), jti, T0);
        LoginHistoryEntry entry = TestRecords.login(w.org(), w.user(), w.app(), LoginReason.JTI_REPLAYED, T0);
        boolean first = store.transactions().inTransaction(() -> {
            boolean f = store.replayGuard().firstUse(w.app().id(), jti, T0);
            store.loginHistory().append(entry);
            return f;
        });
        assertThat(first).isFalse();
        assertThat(store.loginHistory().findById(entry.id())).contains(entry);
    }

    @Test
    void whenUsedJtisPurgedThenExpiredGoInBoundedBatches() {
        World w = world();
        Instant base = Instant.parse("2000-01-01T00:00:00Z");
        for (int i = 0; i < 12; i++) {
            assertThat(store.replayGuard().firstUse(w.app().id(), "old-" + i, base.plusSeconds(i))).isTrue();
        }
        assertThat(store.replayGuard().firstUse(w.app().id(), "live", base.plusSeconds(1000))).isTrue();
        Instant cut = base.plusSeconds(500);
        assertThat(store.replayGuard().purgeExpired(cut, 5)).isEqualTo(5);
        assertThat(store.replayGuard().purgeExpired(cut, 5)).isEqualTo(5);
        assertThat(store.replayGuard().purgeExpired(cut, 5)).isEqualTo(2);
        assertThat(store.replayGuard().purgeExpired(cut, 5)).isZero();
        assertThat(store.replayGuard().firstUse(w.app().id(), "old-0", base)).as("purged: usable again").isTrue();
        assertThat(store.replayGuard().firstUse(w.app().id(), "live", base)).as("kept").isFalse();
    }

    // ---- audit ----

    @Test
    void whenLoginsAppendedThenListedNewestFirstPerOrgAndPerUser() {
        World w = world();
        LoginHistoryEntry old = TestRecords.login(w.org(), w.user(), w.app(), LoginReason.SUCCESS, T0);
        LoginHistoryEntry anonymous = TestRecords.login(w.org(), null, w.app(), LoginReason.USER_UNKNOWN,
                T0.plusSeconds(1));
        LoginHistoryEntry recent = TestRecords.login(w.org(), w.user(), w.app(), LoginReason.NOT_ADMIN_APPROVED,
                T0.plusSeconds(2));
        store.loginHistory().append(old);
        store.loginHistory().append(recent);
        store.loginHistory().append(anonymous);
        assertThat(store.loginHistory().findById(recent.id())).contains(recent);
        assertThat(store.loginHistory().list(w.org().id(), null, 10)).containsExactly(recent, anonymous, old);
        assertThat(store.loginHistory().list(w.org().id(), null, 2)).containsExactly(recent, anonymous);
        assertThat(store.loginHistory().list(w.org().id(), w.user().id(), 10)).containsExactly(recent, old);
        assertThat(store.loginHistory().list(w.org().id(), w.user().id(), 0)).isEmpty();
    }

    @Test
    void whenLoginValuesAreHugeOrHoldNulThenTheRowIsKeptCut() {
        World w = world();
        LoginHistoryEntry e = new LoginHistoryEntry(TestRecords.id(KeyPrefix.LOGIN_HISTORY), null, null,
                "a\0b".repeat(1000), null, null, "k".repeat(5000), null, "9".repeat(200), "u".repeat(5000),
                LoginHistoryEntry.REMOTE_ACCESS, "JWT Bearer", "\uD83D\uDE00".repeat(3000), LoginReason.UNKNOWN_CLIENT,
                "d".repeat(10_000), T0);
        store.loginHistory().append(e);
        LoginHistoryEntry stored = store.loginHistory().findById(e.id()).orElseThrow();
        assertThat(stored.username()).hasSize(255).doesNotContain("\0");
        assertThat(stored.consumerKey()).hasSize(255);
        assertThat(stored.sourceIp()).hasSize(64);
        assertThat(stored.loginUrl()).hasSize(1000);
        assertThat(stored.userAgent()).hasSize(1000).isEqualTo("\uD83D\uDE00".repeat(500));
        assertThat(stored.detail()).hasSize(4000);
        assertThat(stored.reason()).isEqualTo(LoginReason.UNKNOWN_CLIENT);
    }

    @Test
    void whenSetupChangesAppendedThenListedNewestFirstAndLimited() {
        World w = world();
        SetupAuditEntry a = TestRecords.audit(w.org(), w.user().id(), T0);
        SetupAuditEntry b = TestRecords.audit(w.org(), w.user().id(), T0.plusSeconds(1));
        SetupAuditEntry c = TestRecords.audit(w.org(), null, T0.plusSeconds(2));
        store.setupAudit().append(a);
        store.setupAudit().append(c);
        store.setupAudit().append(b);
        assertThat(store.setupAudit().list(w.org().id(), 10)).containsExactly(c, b, a);
        assertThat(store.setupAudit().list(w.org().id(), 1)).containsExactly(c);
    }

    // ---- bad lookups never fail ----

    @Test
    void whenLookupValuesAreHugeOrHoldNulThenNothingIsFoundAndNothingFails() {
        String huge = "q".repeat(100_000);
        String nul = "ada\0@example.com";
        assertThat(store.users().findByUsername(huge)).isEmpty();
        assertThat(store.users().findByUsername(nul)).isEmpty();
        assertThat(store.apps().findByConsumerKey(huge)).isEmpty();
        assertThat(store.apps().findByConsumerKey(nul)).isEmpty();
        assertThat(store.tokens().findById(huge)).isEmpty();
        assertThat(store.tokens().findById(nul)).isEmpty();
        assertThat(store.users().findById(huge)).isEmpty();
    }

    // ---- record metadata, access, roles, record tables and rows ----

    /** A fresh custom API name such as {@code T1a2b3c__c}, so tables of tests sharing a database never collide. */
    static String customName() {
        return "T" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                + "__c";
    }

    static ObjectRow objectRow(Org org, String name, String prefix) {
        return new ObjectRow(TestRecords.id(KeyPrefix.CUSTOM_OBJECT), org.id(), name, "Label", "Labels", prefix,
                true, SharingModel.PRIVATE, StandardObjects.tableFor(name), T0, T0);
    }

    @Test
    void whenObjectsAndFieldsInsertedThenTheyRoundTripOldestFirst() {
        World w = world();
        String name = customName();
        ObjectRow custom = objectRow(w.org(), name, "a00");
        ObjectRow account = new ObjectRow(TestRecords.id(KeyPrefix.CUSTOM_OBJECT), w.org().id(), "Account",
                "Account", "Accounts", "001", false, SharingModel.PUBLIC_READ, "obj_account", T0.plusMillis(1),
                T0.plusMillis(1));
        store.metadata().insertObject(custom);
        store.metadata().insertObject(account);
        assertThat(store.metadata().objects(w.org().id())).containsExactly(custom, account);
        assertThat(store.metadata().objects(TestRecords.id(KeyPrefix.ORGANIZATION))).isEmpty();

        FieldDefinition picklist = FieldDefinition.of("Stage__c", FieldType.PICKLIST).label("Stage")
                .picklist("New", "Won & Lost", "Closed").required().defaultValue("New").custom(true).build();
        FieldDefinition lookup = FieldDefinition.of("Account__c", FieldType.LOOKUP)
                .lookup("Account", "Account__r").custom(true).build();
        FieldDefinition amount = FieldDefinition.of("Amount__c", FieldType.CURRENCY).digits(16, 2).unique(true)
                .custom(true).build();
        CustomFieldRow f1 = new CustomFieldRow(TestRecords.id(KeyPrefix.CUSTOM_FIELD), w.org().id(),
                name.toLowerCase(Locale.ROOT), picklist, T0);
        CustomFieldRow f2 = new CustomFieldRow(TestRecords.id(KeyPrefix.CUSTOM_FIELD), w.org().id(), "account",
                lookup, T0.plusMillis(1));
        CustomFieldRow f3 = new CustomFieldRow(TestRecords.id(KeyPrefix.CUSTOM_FIELD), w.org().id(),
                name.toLowerCase(Locale.ROOT), amount, T0.plusMillis(2));
        store.metadata().insertField(f1);
        store.metadata().insertField(f2);
        store.metadata().insertField(f3);
        assertThat(store.metadata().customFields(w.org().id())).containsExactly(f1, f2, f3);
    }

    @Test
    void whenSharingModelUpdatedThenOnlyThatRowChanges() {
        World w = world();
        ObjectRow row = objectRow(w.org(), customName(), "a00");
        store.metadata().insertObject(row);
        assertThat(store.metadata().updateSharingModel(row.id(), SharingModel.PUBLIC_READ_WRITE, T0.plusSeconds(5)))
                .isTrue();
        assertThat(store.metadata().updateSharingModel(TestRecords.id(KeyPrefix.CUSTOM_OBJECT),
                SharingModel.PRIVATE, T0)).isFalse();
        ObjectRow stored = store.metadata().objects(w.org().id()).get(0);
        assertThat(stored.sharingModel()).isEqualTo(SharingModel.PUBLIC_READ_WRITE);
        assertThat(stored.lastModifiedDate()).isEqualTo(T0.plusSeconds(5));
        assertThat(stored.createdDate()).isEqualTo(T0);
    }

    @Test
    void whenFieldTrackedTwiceThenOnceAndUntrackReportsWhetherItWas() {
        World w = world();
        store.metadata().track(w.org().id(), "Account", "Name", T0);
        store.transactions().run(() -> store.metadata().track(w.org().id(), "ACCOUNT", "name", T0));
        store.metadata().track(w.org().id(), "Invoice__c", "Amount__c", T0);
        assertThat(store.metadata().trackedFields(w.org().id()))
                .containsExactlyInAnyOrder("account.name", "invoice__c.amount__c");
        assertThat(store.metadata().untrack(w.org().id(), "Account", "NAME")).isTrue();
        assertThat(store.metadata().untrack(w.org().id(), "Account", "Name")).isFalse();
        assertThat(store.metadata().trackedFields(w.org().id())).containsExactly("invoice__c.amount__c");
    }

    @Test
    void whenObjectPermissionSavedAgainThenReplacedInPlace() {
        World w = world();
        PermissionSet ps = TestRecords.permissionSet(w.org());
        store.permissionSets().insert(ps);
        assertThat(store.access().hasObjectPermissions(w.profile().id())).isFalse();
        ObjectPermissionRow first = new ObjectPermissionRow(TestRecords.id(KeyPrefix.OBJECT_PERMISSIONS),
                w.org().id(), ps.id(), "account", ObjectAccess.CRUD);
        store.access().saveObjectPermission(first);
        ObjectAccess readOnly = new ObjectAccess(true, false, false, false, true, false);
        store.transactions().run(() -> store.access().saveObjectPermission(new ObjectPermissionRow(
                TestRecords.id(KeyPrefix.OBJECT_PERMISSIONS), w.org().id(), ps.id(), "Account", readOnly)));
        ObjectPermissionRow profileRow = new ObjectPermissionRow(TestRecords.id(KeyPrefix.OBJECT_PERMISSIONS),
                w.org().id(), w.profile().id(), "contact", ObjectAccess.ALL);
        store.access().saveObjectPermission(profileRow);
        assertThat(store.access().objectPermissions(List.of(ps.id(), w.profile().id())))
                .containsExactlyInAnyOrder(new ObjectPermissionRow(first.id(), w.org().id(), ps.id(), "account",
                        readOnly), profileRow);
        assertThat(store.access().objectPermissions(List.of(ps.id()))).hasSize(1);
        assertThat(store.access().objectPermissions(List.of())).isEmpty();
        assertThat(store.access().hasObjectPermissions(w.profile().id())).isTrue();
    }

    @Test
    void whenFieldPermissionSavedAgainThenReplacedInPlace() {
        World w = world();
        FieldPermissionRow first = new FieldPermissionRow(TestRecords.id(KeyPrefix.FIELD_PERMISSIONS), w.org().id(),
                w.profile().id(), "account", "phone", FieldAccess.EDIT);
        FieldPermissionRow other = new FieldPermissionRow(TestRecords.id(KeyPrefix.FIELD_PERMISSIONS), w.org().id(),
                w.profile().id(), "account", "site", FieldAccess.READ);
        store.access().saveFieldPermission(first);
        store.access().saveFieldPermission(other);
        store.access().saveFieldPermission(new FieldPermissionRow(TestRecords.id(KeyPrefix.FIELD_PERMISSIONS),
                w.org().id(), w.profile().id(), "Account", "Phone", FieldAccess.NONE));
        assertThat(store.access().fieldPermissions(List.of(w.profile().id()))).containsExactly(
                new FieldPermissionRow(first.id(), w.org().id(), w.profile().id(), "account", "phone",
                        FieldAccess.NONE), other);
        assertThat(store.access().fieldPermissions(List.of())).isEmpty();
    }

    @Test
    void whenRolesInsertedAndAssignedThenFoundAndUsersInRolesListed() {
        World w = world();
        Role ceo = new Role(TestRecords.id(KeyPrefix.USER_ROLE), w.org().id(), "CEO", null, T0);
        Role sales = new Role(TestRecords.id(KeyPrefix.USER_ROLE), w.org().id(), "Sales Rep", ceo.id(),
                T0.plusMillis(1));
        store.roles().insert(ceo);
        store.roles().insert(sales);
        assertThat(store.roles().findById(sales.id())).contains(sales);
        assertThat(store.roles().findByName(w.org().id(), "SALES rep")).contains(sales);
        assertThat(store.roles().findByName(TestRecords.id(KeyPrefix.ORGANIZATION), "CEO")).isEmpty();
        assertThat(store.roles().all(w.org().id())).containsExactly(ceo, sales);

        assertThat(store.roles().roleOf(w.user().id())).isEmpty();
        assertThat(store.roles().setRole(w.user().id(), sales.id())).isTrue();
        assertThat(store.roles().roleOf(w.user().id())).contains(sales.id());
        assertThat(store.roles().usersInRoles(List.of(sales.id(), ceo.id()))).containsExactly(w.user().id());
        assertThat(store.roles().usersInRoles(List.of(ceo.id()))).isEmpty();
        assertThat(store.roles().usersInRoles(List.of())).isEmpty();
        assertThat(store.roles().setRole(w.user().id(), null)).isTrue();
        assertThat(store.roles().roleOf(w.user().id())).isEmpty();
        assertThat(store.roles().setRole(TestRecords.id(KeyPrefix.USER), ceo.id())).isFalse();
        assertThat(store.roles().roleOf(TestRecords.id(KeyPrefix.USER))).isEmpty();
    }

    @Test
    void whenRecordTableEnsuredTwiceAndAgainWithAFieldThenRowsUseTheNewColumn() {
        World w = world();
        String name = customName();
        ObjectDefinition object = StandardObjects.custom(TestRecords.id(KeyPrefix.CUSTOM_OBJECT), name, "Invoice",
                "Invoices", "a00", SharingModel.PRIVATE);
        store.recordTables().ensure(object);
        store.recordTables().ensure(object);
        String table = object.table();
        String id1 = TestRecords.id("a00");
        store.records().insert(table, new java.util.LinkedHashMap<>(Map.of("id", id1, "org_id", w.org().id(),
                "f_name", "first")));

        FieldDefinition amount = FieldDefinition.of("Amount__c", FieldType.CURRENCY).custom(true).build();
        FieldDefinition code = FieldDefinition.of("Code__c", FieldType.TEXT).length(20).unique(true).custom(true)
                .build();
        List<FieldDefinition> fields = new ArrayList<>(object.fields());
        fields.add(amount);
        fields.add(code);
        store.recordTables().ensure(object.withFields(fields));
        store.recordTables().ensure(object.withFields(fields));

        String id2 = TestRecords.id("a00");
        Map<String, Object> second = new java.util.LinkedHashMap<>();
        second.put("id", id2);
        second.put("org_id", w.org().id());
        second.put("f_name", "second");
        second.put("f_amount__c", new BigDecimal("12.50"));
        second.put("f_code__c", "C-1");
        store.records().insert(table, second);
        assertThat(store.records().update(table, id1, Map.of("f_amount__c", new BigDecimal("3.25"), "f_isdeleted",
                true))).isEqualTo(1);
        assertThat(store.records().update(table, TestRecords.id("a00"), Map.of("f_name", "ghost"))).isZero();

        List<Object[]> rows = store.records().select(new SqlStatement("SELECT id, f_name, f_amount__c, f_isdeleted, "
                + "f_code__c FROM " + table + " WHERE org_id = ? ORDER BY f_name", List.of(w.org().id())), 5);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(id1, "first", new BigDecimal("3.25"), true, null);
        assertThat(rows.get(1)).containsExactly(id2, "second", new BigDecimal("12.50"), false, "C-1");

        Map<String, Object> dup = new java.util.LinkedHashMap<>();
        dup.put("id", TestRecords.id("a00"));
        dup.put("org_id", w.org().id());
        dup.put("f_code__c", "C-1");
        assertThatThrownBy(() -> store.records().insert(table, dup))
                .isInstanceOfSatisfying(DuplicateValueException.class,
                        e -> assertThat(e.field()).isEqualTo("f_code__c"));
        // id1 is deleted, so only bringing it back with the value collides
        assertThatThrownBy(() -> store.records().update(table, id1, Map.of("f_code__c", "C-1", "f_isdeleted",
                false)))
                .isInstanceOfSatisfying(DuplicateValueException.class,
                        e -> assertThat(e.field()).isEqualTo("f_code__c"));
        // the same value in another org is allowed: uniqueness is per org
        Map<String, Object> otherOrg = new java.util.LinkedHashMap<>(dup);
        otherOrg.put("org_id", world().org().id());
        store.records().insert(table, otherOrg);
    }

    @Test
    void whenStandardObjectTablesEnsuredThenEachAcceptsARow() {
        World w = world();
        for (ObjectDefinition o : StandardObjects.all()) {
            store.recordTables().ensure(o);
            String id = TestRecords.id(o.keyPrefix());
            store.records().insert(o.table(), Map.of("id", id, "org_id", w.org().id()));
            assertThat(store.records().select(new SqlStatement("SELECT COUNT(*) FROM " + o.table()
                    + " WHERE id = ?", List.of(id)), 1).get(0)[0]).isEqualTo(1L);
        }
    }

    // ---- uniqueness ----

    /** One uniqueness rule: the write that breaks it (after the world exists) and the field it must name. */
    record UniqueCase(String name, Consumer<Setup> breakRule, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> uniqueCases() {
        return Stream.of(
                new UniqueCase("username in another case", s -> {
                    User u = s.w().user();
                    s.store().users().insert(new User(TestRecords.id(KeyPrefix.USER), u.orgId(),
                            u.username().toUpperCase(Locale.ROOT), null, "X", null, UserType.STANDARD, true,
                            u.profileId(), T0, T0));
                }, "Username"),
                new UniqueCase("profile name in another case", s -> s.store().profiles().insert(new Profile(
                        TestRecords.id(KeyPrefix.PROFILE), s.w().org().id(),
                        s.w().profile().name().toUpperCase(Locale.ROOT), Set.of(), T0)), "Name"),
                new UniqueCase("permission set name in another case", s -> {
                    PermissionSet ps = s.permissionSet();
                    s.store().permissionSets().insert(new PermissionSet(TestRecords.id(KeyPrefix.PERMISSION_SET),
                            ps.orgId(), ps.name().toLowerCase(Locale.ROOT), null, Set.of(), T0));
                }, "Name"),
                new UniqueCase("permission set assigned twice", s -> {
                    PermissionSet ps = s.permissionSet();
                    s.assign(s.w().user(), ps);
                    s.assign(s.w().user(), ps);
                }, "AssigneeId"),
                new UniqueCase("app name in another case", s -> {
                    ConnectedApp a = s.w().app();
                    s.store().apps().insert(new ConnectedApp(TestRecords.id(KeyPrefix.CONNECTED_APP), a.orgId(),
                            a.name().toUpperCase(Locale.ROOT), TestRecords.unique("k"), null, a.policy(), a.scopes(),
                            a.allowedAlgorithms(), a.assertionMaxLifetime(), false, a.tokenLifetime(), false, null,
                            T0, T0));
                }, "Name"),
                new UniqueCase("app consumer key", s -> {
                    ConnectedApp a = s.w().app();
                    s.store().apps().insert(new ConnectedApp(TestRecords.id(KeyPrefix.CONNECTED_APP), a.orgId(),
                            TestRecords.unique("other"), a.consumerKey(), null, a.policy(), a.scopes(),
                            a.allowedAlgorithms(), a.assertionMaxLifetime(), false, a.tokenLifetime(), false, null,
                            T0, T0));
                }, "ConsumerKey"),
                new UniqueCase("app renamed to a taken name", s -> {
                    ConnectedApp other = s.otherApp();
                    ConnectedApp a = s.w().app();
                    s.store().apps().update(new ConnectedApp(other.id(), other.orgId(), a.name(), other.consumerKey(),
                            null, other.policy(), other.scopes(), other.allowedAlgorithms(),
                            other.assertionMaxLifetime(), false, other.tokenLifetime(), false, null, T0, T0));
                }, "Name"),
                new UniqueCase("certificate uploaded twice", s -> {
                    AppCertificate c = TestRecords.certificate(s.w().app(), true);
                    s.store().certificates().insert(c);
                    s.store().certificates().insert(new AppCertificate(TestRecords.id(KeyPrefix.CERTIFICATE),
                            c.appId(), c.thumbprint(), c.subject(), c.notBefore(), c.notAfter(), false, null, c.pem(),
                            T0));
                }, "Thumbprint"),
                new UniqueCase("app granted twice to one parent", s -> {
                    s.grant(s.w().app(), s.w().profile().id());
                    s.grant(s.w().app(), s.w().profile().id());
                }, "ParentId"),
                new UniqueCase("app approved twice by one user", s -> {
                    s.store().approvals().insert(TestRecords.approval(s.w().org(), s.w().app(), s.w().user()));
                    s.store().approvals().insert(TestRecords.approval(s.w().org(), s.w().app(), s.w().user()));
                }, "UserId"),
                new UniqueCase("org id reused", s -> s.store().orgs().insert(s.w().org()), "Id"),
                new UniqueCase("custom object name in another case", s -> {
                    String name = customName();
                    s.store().metadata().insertObject(objectRow(s.w().org(), name, "a00"));
                    s.store().metadata().insertObject(objectRow(s.w().org(), name.toUpperCase(Locale.ROOT)
                            .replace("__C", "__c"), "a01"));
                }, "DeveloperName"),
                new UniqueCase("custom object key prefix", s -> {
                    s.store().metadata().insertObject(objectRow(s.w().org(), customName(), "a00"));
                    s.store().metadata().insertObject(objectRow(s.w().org(), customName(), "a00"));
                }, "KeyPrefix"),
                new UniqueCase("custom field name on one object", s -> {
                    FieldDefinition f = FieldDefinition.of("Amount__c", FieldType.NUMBER).custom(true).build();
                    FieldDefinition g = FieldDefinition.of("AMOUNT__c", FieldType.TEXT).custom(true).build();
                    s.store().metadata().insertField(new CustomFieldRow(TestRecords.id(KeyPrefix.CUSTOM_FIELD),
                            s.w().org().id(), "account", f, T0));
                    s.store().metadata().insertField(new CustomFieldRow(TestRecords.id(KeyPrefix.CUSTOM_FIELD),
                            s.w().org().id(), "account", g, T0));
                }, "DeveloperName"),
                new UniqueCase("role name in another case", s -> {
                    s.store().roles().insert(new Role(TestRecords.id(KeyPrefix.USER_ROLE), s.w().org().id(),
                            "Sales", null, T0));
                    s.store().roles().insert(new Role(TestRecords.id(KeyPrefix.USER_ROLE), s.w().org().id(),
                            "SALES", null, T0));
                }, "Name")
        ).map(c -> Arguments.of(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uniqueCases")
    void whenUniquenessRuleBrokenThenDuplicateValueNamesTheField(UniqueCase c) {
        World w = world();
        assertThatThrownBy(() -> c.breakRule().accept(new Setup(store, w)))
                .isInstanceOfSatisfying(DuplicateValueException.class,
                        e -> assertThat(e.field()).isEqualTo(c.field()));
    }

    @Test
    void whenUsernameTakenThenTheRejectedUserIsNotWritten() {
        World w = world();
        User dup = new User(TestRecords.id(KeyPrefix.USER), w.org().id(), w.user().username(), null, "Dup", null,
                UserType.STANDARD, true, w.profile().id(), T0, T0);
        assertThatThrownBy(() -> store.users().insert(dup)).isInstanceOf(DuplicateValueException.class);
        assertThat(store.users().findById(dup.id())).isEmpty();
    }

    // ---- transactions ----

    @Test
    void whenTransactionReturnsThenEverythingIsCommitted() {
        Org org = TestRecords.org();
        Profile p = TestRecords.profile(org);
        User u = TestRecords.user(org, p);
        String result = store.transactions().inTransaction(() -> {
            store.orgs().insert(org);
            store.profiles().insert(p);
            store.users().insert(u);
            assertThat(store.users().findById(u.id())).as("visible inside").contains(u);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(store.users().findById(u.id())).contains(u);
    }

    @Test
    void whenTransactionThrowsThenNothingIsWritten() {
        Org org = TestRecords.org();
        Profile p = TestRecords.profile(org);
        User u = TestRecords.user(org, p);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.orgs().insert(org);
            store.profiles().insert(p);
            store.users().insert(u);
            throw boom;
        })).isSameAs(boom);
        assertThat(store.orgs().findById(org.id())).isEmpty();
        assertThat(store.profiles().findById(p.id())).isEmpty();
        assertThat(store.users().findById(u.id())).isEmpty();
    }

    @Test
    void whenDuplicateInsideTransactionThenEarlierWritesRollBack() {
        World w = world();
        PermissionSet ps = TestRecords.permissionSet(w.org());
        User dup = new User(TestRecords.id(KeyPrefix.USER), w.org().id(), w.user().username(), null, "Dup", null,
                UserType.STANDARD, true, w.profile().id(), T0, T0);
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.permissionSets().insert(ps);
            store.users().insert(dup);
        })).isInstanceOfSatisfying(DuplicateValueException.class, e -> assertThat(e.field()).isEqualTo("Username"));
        assertThat(store.permissionSets().findById(ps.id())).isEmpty();
    }

    @Test
    void whenNestedTransactionsSucceedThenTheyCommitTogether() {
        Org org = TestRecords.org();
        Profile p = TestRecords.profile(org);
        store.transactions().run(() -> {
            store.orgs().insert(org);
            store.transactions().run(() -> store.profiles().insert(p));
        });
        assertThat(store.profiles().findById(p.id())).contains(p);
    }

    @Test
    void whenNestedFailureIsCaughtThenOuterStillRollsBack() {
        Org org = TestRecords.org();
        Profile p = TestRecords.profile(org);
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.orgs().insert(org);
            try {
                store.transactions().run(() -> {
                    store.profiles().insert(p);
                    throw new IllegalArgumentException("inner");
                });
            } catch (IllegalArgumentException expected) {
                // swallowed by the outer work on purpose
            }
        })).isInstanceOf(StoreException.class);
        assertThat(store.orgs().findById(org.id())).isEmpty();
        assertThat(store.profiles().findById(p.id())).isEmpty();
    }

    @Test
    void whenTransactionUsedFromManyThreadsThenEachIsolated() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Org>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean fail = i % 2 == 0;
                results.add(pool.submit(() -> {
                    Org org = TestRecords.org();
                    try {
                        store.transactions().run(() -> {
                            store.orgs().insert(org);
                            if (fail) {
                                throw new IllegalStateException("fail");
                            }
                        });
                    } catch (IllegalStateException expected) {
                        return new Org(org.id(), "FAILED", null, T0);
                    }
                    return org;
                }));
            }
            for (Future<Org> f : results) {
                Org o = f.get(30, TimeUnit.SECONDS);
                if (o.name().equals("FAILED")) {
                    assertThat(store.orgs().findById(o.id())).isEmpty();
                } else {
                    assertThat(store.orgs().findById(o.id())).contains(o);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- record tables ----

    /** A custom object with a case-insensitive unique text, a case-sensitive unique text and a text external id. */
    private ObjectDefinition caseFoldingObject() {
        String name = "Fold" + TestRecords.unique("").replace("-", "") + "__c";
        ObjectDefinition bare = StandardObjects.custom(TestRecords.id(KeyPrefix.CUSTOM_OBJECT), name, "Fold", "Folds",
                "a0f", SharingModel.PUBLIC_READ_WRITE);
        List<FieldDefinition> fields = new ArrayList<>(bare.fields());
        fields.add(FieldDefinition.of("Key__c", FieldType.TEXT).unique(true).custom(true).build());
        fields.add(FieldDefinition.of("Exact__c", FieldType.TEXT).unique(true).caseSensitive(true).custom(true).build());
        fields.add(FieldDefinition.of("Ext__c", FieldType.TEXT).externalId(true).custom(true).build());
        return bare.withFields(fields);
    }

    private static Map<String, Object> row(String orgId, String key, String exact, String ext) {
        Map<String, Object> columns = new java.util.LinkedHashMap<>();
        columns.put("id", TestRecords.id("a0f"));
        columns.put("org_id", orgId);
        columns.put("f_isdeleted", false);
        columns.put("f_key__c", key);
        columns.put("f_exact__c", exact);
        columns.put("f_ext__c", ext);
        return columns;
    }

    @Test
    void whenAUniqueFieldFoldsCaseThenACaseVariantIsADuplicateButNotForACaseSensitiveOne() {
        ObjectDefinition o = caseFoldingObject();
        store.recordTables().ensure(o);
        store.recordTables().ensure(o);
        String org = TestRecords.id(KeyPrefix.ORGANIZATION);
        store.records().insert(o.table(), row(org, "Acme", "Acme", "X-1"));

        assertThatThrownBy(() -> store.records().insert(o.table(), row(org, "ACME", "other", null)))
                .isInstanceOfSatisfying(io.userbound.core.port.DuplicateValueException.class,
                        e -> assertThat(e.field()).isEqualTo("f_key__c"));
        store.records().insert(o.table(), row(org, "second", "ACME", "x-1"));
        assertThatThrownBy(() -> store.records().insert(o.table(), row(org, "third", "Acme", null)))
                .isInstanceOfSatisfying(io.userbound.core.port.DuplicateValueException.class,
                        e -> assertThat(e.field()).isEqualTo("f_exact__c"));
        store.records().insert(o.table(), row(TestRecords.id(KeyPrefix.ORGANIZATION), "ACME", "Acme", null));
        assertThat(store.records().select(new SqlStatement("SELECT f_ext__c FROM " + o.table()
                + " WHERE org_id = ? AND f_ext__c_ci = LOWER(?) ORDER BY f_ext__c", List.of(org, "X-1")), 1))
                .extracting(r -> r[0]).containsExactly("X-1", "x-1");
    }

    @Test
    void whenARecordIsDeletedThenItsUniqueValuesAreFreeAndTheOldIndexIsReplaced() throws Exception {
        ObjectDefinition o = caseFoldingObject();
        store.recordTables().ensure(o);
        String org = TestRecords.id(KeyPrefix.ORGANIZATION);
        Map<String, Object> first = row(org, "Acme", "Acme", null);
        store.records().insert(o.table(), first);
        store.records().update(o.table(), (String) first.get("id"), Map.of("f_isdeleted", true));

        store.records().insert(o.table(), row(org, "acme", "Acme", null));
        assertThatThrownBy(() -> store.records().insert(o.table(), row(org, "ACME", "x", null)))
                .isInstanceOf(io.userbound.core.port.DuplicateValueException.class);
        // a table made before version 10 had an index over deleted records too: ensure drops it
        String oldIndex = JdbcRecordTables.indexName("uq", o.table(), "f_exact__c");
        store.records().execute(new SqlStatement("CREATE UNIQUE INDEX " + oldIndex + " ON " + o.table()
                + " (org_id, f_exact__c, id)", List.of()));
        store.recordTables().ensure(o);
        store.records().execute(new SqlStatement("CREATE UNIQUE INDEX " + oldIndex + " ON " + o.table()
                + " (org_id, f_exact__c, id)", List.of()));
    }

    /**
     * Issue 14, item 5: SOQL compares text in any case through the shadow column, and its per-org index serves both
     * an equality and a {@code LIKE} with a literal prefix (PostgreSQL: the shadow column is in the "C" collation, so
     * the prefix is a range of the index).
     */
    @Test
    void whenNameIsComparedInAnyCaseThenTheShadowColumnsIndexServesEqualityAndALeadingPrefix() {
        ObjectDefinition o = caseFoldingObject();
        store.recordTables().ensure(o);
        String org = TestRecords.id(KeyPrefix.ORGANIZATION);
        boolean pg = expectedProduct().equals("PostgreSQL");
        String numbers = pg ? "generate_series(1, 5000) AS r(x)" : "SYSTEM_RANGE(1, 5000) r";
        String x = pg ? "r.x" : "r.X";
        store.records().execute(new SqlStatement("INSERT INTO " + o.table() + " (id, org_id, f_isdeleted, f_name, "
                + "f_createddate) SELECT 'a0f' || LPAD(CAST(" + x + " AS VARCHAR(15)), 15, '0'), ?, FALSE, "
                + "'Company ' || CAST(" + x + " AS VARCHAR(15)), " + x + " * 1000 FROM " + numbers, List.of(org)));
        store.records().execute(new SqlStatement("ANALYZE" + (pg ? " " + o.table() : ""), List.of()));
        String index = JdbcRecordTables.indexName("ix", o.table(), "f_name_ci");

        String equality = "SELECT id FROM " + o.table() + " t WHERE t.org_id = ? AND t.f_name_ci = LOWER(?)";
        assertThat(store.records().select(new SqlStatement(equality, List.of(org, "COMPANY 4711")), 1))
                .extracting(r -> r[0]).containsExactly("a0f000000000004711");
        assertThat(plan(equality, List.of(org, "COMPANY 4711"))).containsIgnoringCase(index);

        String prefix = "SELECT id FROM " + o.table() + " t WHERE t.org_id = ? AND t.f_name_ci LIKE ? ESCAPE '\\'";
        assertThat(store.records().select(new SqlStatement(prefix, List.of(org, "company 471%")), 1))
                .hasSize(11);
        assertThat(plan(prefix, List.of(org, "company 471%"))).containsIgnoringCase(index);

        // and the shadow column's index does not draw a query on another indexed column away from that one's index
        String window = "SELECT id FROM " + o.table() + " t WHERE t.org_id = ? AND t.f_isdeleted = FALSE AND "
                + "t.f_createddate >= ? AND t.f_createddate < ?";
        assertThat(plan(window, List.of(org, 100_000L, 110_000L))).containsIgnoringCase(
                JdbcRecordTables.indexName("ix", o.table(), "f_createddate")).doesNotContainIgnoringCase(index);
    }

    /** The database's plan of a query, as one text. */
    private String plan(String sql, List<Object> params) {
        StringBuilder out = new StringBuilder();
        for (Object[] row : store.records().select(new SqlStatement("EXPLAIN " + sql, params), 1)) {
            out.append(row[0]).append('\n');
        }
        return out.toString();
    }
}
