package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.Org;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.store.cache.CachingStores;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read caches in front of the configuration stores: a change made through them is seen at once on this node, a
 * change made behind them (another node) within the ttl, and a rolled-back write leaves nothing cached.
 */
class CachingStoresTest {
    private static JdbcStore store;
    private static Org org;
    private static Profile profile;

    @BeforeAll
    static void open() throws IOException {
        store = JdbcStore.open(JdbcStore.h2Url(Files.createTempDirectory("userbound-cache-")), null, null, 4);
        org = TestRecords.org();
        store.orgs().insert(org);
        profile = TestRecords.profile(org, SystemPermission.API_ENABLED);
        store.profiles().insert(profile);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static CachingStores caching(Duration ttl) {
        return new CachingStores(store.transactions(), store.apps(), store.certificates(), store.users(),
                store.profiles(), store.permissionSets(), store.appAccess(), store.approvals(), ttl, 1000);
    }

    @Test
    void whenWrittenThroughTheCacheThenTheNextReadSeesItAtOnce() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        User user = TestRecords.user(org, profile);
        assertThat(cache.users().findByUsername(user.username())).isEmpty();

        cache.users().insert(user);

        assertThat(cache.users().findByUsername(user.username().toUpperCase())).contains(user);
        cache.users().update(user.withActive(false, Instant.now()));
        assertThat(cache.users().findByUsername(user.username())).get().extracting(User::active).isEqualTo(false);
    }

    @Test
    void whenWrittenBehindTheCacheThenSeenOnlyAfterTheTtl() throws InterruptedException {
        CachingStores cache = caching(Duration.ofMillis(300));
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        assertThat(cache.apps().findByConsumerKey(app.consumerKey())).contains(app);

        ConnectedApp changed = app.withPolicy(PermittedUsersPolicy.SELF_AUTHORIZE, Instant.now());
        store.apps().update(changed); // another node's write: this node's cache does not see it

        assertThat(cache.apps().findByConsumerKey(app.consumerKey())).get()
                .extracting(ConnectedApp::policy).isEqualTo(PermittedUsersPolicy.ADMIN_APPROVED);
        Thread.sleep(400);
        assertThat(cache.apps().findByConsumerKey(app.consumerKey())).get()
                .extracting(ConnectedApp::policy).isEqualTo(PermittedUsersPolicy.SELF_AUTHORIZE);
    }

    /**
     * An admin change decides whose access it ends inside its transaction, before and after the change: those reads
     * must be the database's, never a cached value another node's change has made stale.
     */
    @Test
    void whenReadInsideATransactionThenAppsGrantsAndApprovalsComeFromTheDatabase() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        User user = TestRecords.user(org, profile);
        store.users().insert(user);
        assertThat(cache.apps().findById(app.id())).contains(app);
        assertThat(cache.appAccess().isGranted(app.id(), user.id(), profile.id())).isFalse();
        assertThat(cache.approvals().find(app.id(), user.id())).isEmpty();

        // another node's writes: the caches outside transactions still hold the old values
        ConnectedApp changed = app.withPolicy(PermittedUsersPolicy.SELF_AUTHORIZE, Instant.now());
        store.apps().update(changed);
        store.appAccess().grant(TestRecords.grant(org, app, profile.id()));
        store.approvals().insert(TestRecords.approval(org, app, user));
        assertThat(cache.apps().findById(app.id())).contains(app);
        assertThat(cache.appAccess().isGranted(app.id(), user.id(), profile.id())).isFalse();
        assertThat(cache.approvals().find(app.id(), user.id())).isEmpty();

        cache.transactions().inTransaction(() -> {
            assertThat(cache.apps().findById(app.id())).get().extracting(ConnectedApp::policy)
                    .isEqualTo(PermittedUsersPolicy.SELF_AUTHORIZE);
            assertThat(cache.appAccess().isGranted(app.id(), user.id(), profile.id())).isTrue();
            assertThat(cache.approvals().find(app.id(), user.id())).isPresent();
            assertThat(cache.users().findById(user.id())).contains(user);
            return null;
        });
    }

    @Test
    void whenSecretsReplacedThroughTheCacheThenTheNextLookupSeesThemAtOnce() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        assertThat(cache.apps().findByConsumerKey(app.consumerKey())).contains(app);

        Instant until = Instant.ofEpochMilli(System.currentTimeMillis() + 60_000);
        assertThat(cache.apps().replaceSecrets(app.id(), app.consumerSecretHash(), "hash:new",
                app.consumerSecretHash(), until, app.lastModifiedDate())).isTrue();

        assertThat(cache.apps().findByConsumerKey(app.consumerKey())).get()
                .extracting(ConnectedApp::consumerSecretHash, ConnectedApp::previousSecretHash)
                .containsExactly("hash:new", app.consumerSecretHash());
    }

    @Test
    void whenCertificateRemovedThroughTheCacheThenNotActiveAtOnce() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        AppCertificate cert = TestRecords.certificate(app, true);
        cache.certificates().insert(cert);
        assertThat(cache.certificates().activeForApp(app.id())).extracting(AppCertificate::id).containsExactly(cert.id());

        assertThat(cache.certificates().remove(app.id(), cert.thumbprint())).isTrue();

        assertThat(cache.certificates().activeForApp(app.id())).isEmpty();
    }

    @Test
    void whenPermissionSetAssignedThroughTheCacheThenGrantSeenAtOnce() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        ConnectedApp app = TestRecords.app(org);
        store.apps().insert(app);
        User user = TestRecords.user(org, profile);
        store.users().insert(user);
        PermissionSet ps = TestRecords.permissionSet(org);
        store.permissionSets().insert(ps);
        cache.appAccess().grant(TestRecords.grant(org, app, ps.id()));
        assertThat(cache.appAccess().isGranted(app.id(), user.id(), profile.id())).isFalse();
        assertThat(cache.permissionSets().assignedTo(user.id())).isEmpty();

        cache.permissionSets().assign(TestRecords.assignment(org, user, ps));

        assertThat(cache.appAccess().isGranted(app.id(), user.id(), profile.id())).isTrue();
        assertThat(cache.permissionSets().assignedTo(user.id())).extracting(PermissionSet::id).containsExactly(ps.id());
    }

    @Test
    void whenTransactionRollsBackThenNoValueItWroteStaysCached() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        User user = TestRecords.user(org, profile);

        assertThatThrownBy(() -> cache.transactions().run(() -> {
            cache.users().insert(user);
            assertThat(cache.users().findByUsername(user.username())).isPresent(); // cached inside the transaction
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(cache.users().findByUsername(user.username())).isEmpty();
        assertThat(store.users().findByUsername(user.username())).isEmpty();
    }

    @Test
    void whenUserReadByIdOutsideATransactionThenCachedUntilALocalWriteButNeverInsideOne() {
        CachingStores cache = caching(Duration.ofSeconds(2));
        User user = TestRecords.user(org, profile);
        store.users().insert(user);
        assertThat(cache.users().findById(user.id())).get().extracting(User::active).isEqualTo(true);

        store.users().update(user.withActive(false, Instant.now()));

        assertThat(cache.users().findById(user.id())).as("behind the cache: the cached value")
                .get().extracting(User::active).isEqualTo(true);
        assertThat(cache.transactions().inTransaction(() -> cache.users().findById(user.id())))
                .as("inside a transaction: the database").get().extracting(User::active).isEqualTo(false);
        cache.users().update(user.withActive(false, Instant.now()));
        assertThat(cache.users().findById(user.id())).as("after a local write").get().extracting(User::active)
                .isEqualTo(false);
    }

    @Test
    void whenTtlAboveTwoSecondsThenRefused() {
        assertThatThrownBy(() -> caching(Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 s");
    }
}
