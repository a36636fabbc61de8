package io.userbound.oauth;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.IdGenerator;
import io.userbound.core.PermittedUsers;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.SettableClock;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.Org;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.testing.InMemoryAppAccessStore;
import io.userbound.core.testing.InMemoryApprovalStore;
import io.userbound.core.testing.InMemoryCertificateStore;
import io.userbound.core.testing.InMemoryConnectedAppStore;
import io.userbound.core.testing.InMemoryLoginHistoryStore;
import io.userbound.core.testing.InMemoryPermissionSetStore;
import io.userbound.core.testing.InMemoryProfileStore;
import io.userbound.core.testing.InMemoryReplayGuard;
import io.userbound.core.testing.InMemoryStores;
import io.userbound.core.testing.InMemoryTokenStore;
import io.userbound.core.testing.InMemoryTransactions;
import io.userbound.core.testing.InMemoryUserStore;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.clientauth.ClientAssertionVerifier;
import io.userbound.oauth.clientauth.ClientAuthenticationPhase;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.clientauth.HmacConsumerSecretHasher;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.TokenHolderPolicy;
import io.userbound.oauth.grant.clientcredentials.ClientCredentialsGrantHandler;
import io.userbound.oauth.grant.jwtbearer.JwtBearerGrantHandler;
import io.userbound.oauth.jwt.AssertionVerifier;
import io.userbound.oauth.token.OpaqueTokenIssuer;
import io.userbound.oauth.token.RefusalAttribution;
import io.userbound.oauth.token.TokenEndpoint;
import io.userbound.oauth.token.TransactionalGrantWriter;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.TokenResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One org wired with in-memory stores and real crypto: a profile with ApiEnabled that is granted the app, an active
 * standard user holding it, an active integration user holding it (the run-as user once
 * {@link #enableClientCredentials()} is called), an admin-approved app with a consumer secret, and one valid RSA
 * certificate. The endpoint serves the JWT bearer and the client credentials grants.
 */
final class OAuthFixture {
    static final URI BASE = URI.create("http://127.0.0.1:8080");
    static final String FORM = "application/x-www-form-urlencoded";
    static final String SECRET = "s3cret-consumer-secret";
    static final byte[] PEPPER = "test-pepper-0123456789".getBytes(StandardCharsets.UTF_8);
    static final String SOURCE_IP = "203.0.113.7";
    static final String USER_AGENT = "fixture/1.0";

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final IdGenerator ids = new RandomIdGenerator(clock);
    final InMemoryStores db = new InMemoryStores();
    final InMemoryTransactions transactions = db.transactions();
    final InMemoryConnectedAppStore apps = db.connectedAppStore();
    final InMemoryCertificateStore certificates = db.certificateStore();
    final InMemoryUserStore users = db.userStore();
    final InMemoryProfileStore profiles = db.profileStore();
    final InMemoryPermissionSetStore permissionSets = db.permissionSetStore();
    final InMemoryAppAccessStore access = db.appAccessStore();
    final InMemoryApprovalStore approvals = db.approvalStore();
    final PermittedUsers permitted = new PermittedUsers(access, approvals);
    final InMemoryReplayGuard replay = db.replayGuard();
    final InMemoryTokenStore tokens = db.tokenStore();
    final InMemoryLoginHistoryStore history = db.loginHistoryStore();
    final EffectivePermissions permissions = new EffectivePermissions(profiles, permissionSets);
    final HmacConsumerSecretHasher hasher = new HmacConsumerSecretHasher(PEPPER);

    final Org org;
    final Profile apiProfile;
    final Profile plainProfile;
    final User user;
    final User runAs;
    final AppCertificate certificate;
    final AppAccessGrant profileGrant;
    ConnectedApp app;
    OAuthSettings settings;
    TokenHolderPolicy holders;
    AssertionVerifier assertions;
    JwtBearerGrantHandler handler;
    ClientCredentialsGrantHandler clientCredentials;
    ClientAuthenticationPhase clients;
    TokenEndpoint endpoint;

    OAuthFixture() {
        this(OAuthSettings.defaults(BASE));
    }

    OAuthFixture(OAuthSettings settings) {
        Instant now = clock.instant();
        org = new Org(ids.next(KeyPrefix.ORGANIZATION), "Acme", "UB1", now);
        apiProfile = new Profile(ids.next(KeyPrefix.PROFILE), org.id(), Profile.STANDARD_USER,
                Set.of(SystemPermission.API_ENABLED), now);
        plainProfile = new Profile(ids.next(KeyPrefix.PROFILE), org.id(), "No API", Set.of(), now);
        profiles.insert(apiProfile);
        profiles.insert(plainProfile);
        user = addUser("integration@acme.example", UserType.STANDARD, true, apiProfile.id());
        runAs = addUser("runas@acme.example", UserType.INTEGRATION, true, apiProfile.id());
        app = new ConnectedApp(ids.next(KeyPrefix.CONNECTED_APP), org.id(), "Acme Sync", "3MVG9fixtureConsumerKey",
                hasher.hash(SECRET), PermittedUsersPolicy.ADMIN_APPROVED, ConnectedApp.DEFAULT_SCOPES,
                ConnectedApp.DEFAULT_ALGORITHMS, ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false,
                ConnectedApp.DEFAULT_TOKEN_LIFETIME, false, null, now, now);
        apps.insert(app);
        certificate = addCertificate(TestKeys.RSA_A, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        profileGrant = grant(apiProfile.id());
        rewire(settings);
    }

    /** Rebuilds the handler and the endpoint with other settings (the stores stay). */
    void rewire(OAuthSettings newSettings) {
        this.settings = newSettings;
        this.holders = new TokenHolderPolicy(permissions, permitted);
        this.assertions = new AssertionVerifier(apps, certificates, settings, clock);
        this.handler = new JwtBearerGrantHandler(assertions, users, holders);
        this.clientCredentials = new ClientCredentialsGrantHandler(users, holders);
        this.clients = clientAuthentication(new ClientAuthenticator(hasher, clock));
        this.endpoint = endpoint(List.of(handler, clientCredentials), clients, transactionalWriter(),
                new RefusalAttribution(apps, users));
    }

    /** The client authentication phase over this fixture's stores, checking secrets with {@code secrets}. */
    ClientAuthenticationPhase clientAuthentication(ClientAuthenticator secrets) {
        return new ClientAuthenticationPhase(apps, secrets, new ClientAssertionVerifier(assertions));
    }

    /** One transaction per grant over this fixture's stores. */
    TransactionalGrantWriter transactionalWriter() {
        return new TransactionalGrantWriter(transactions, tokens, history, replay);
    }

    /** An endpoint over this fixture's stores, with these handlers, client authentication and writer. */
    TokenEndpoint endpoint(List<GrantHandler> handlers, ClientAuthenticationPhase phase,
            io.userbound.core.port.GrantWriter writer, RefusalAttribution attribution) {
        return new TokenEndpoint(handlers, phase, new OpaqueTokenIssuer(tokens, ids), writer, history, ids, clock,
                settings, attribution);
    }

    /** An endpoint with only the JWT bearer handler, the fixture's secrets and {@code writer}. */
    TokenEndpoint jwtEndpoint(io.userbound.core.port.GrantWriter writer) {
        return endpoint(List.of(handler), clients, writer, RefusalAttribution.NONE);
    }

    /** The origin every fixture request comes from. */
    RequestOrigin origin() {
        return new RequestOrigin(SOURCE_IP, settings.tokenEndpointUrl(), USER_AGENT);
    }

    User addUser(String username, UserType type, boolean active, String profileId) {
        Instant now = clock.instant();
        User u = new User(ids.next(KeyPrefix.USER), org.id(), username, "Test", "User", username, type, active,
                profileId, now, now);
        users.insert(u);
        return u;
    }

    AppCertificate addCertificate(KeyPair keys, Instant notBefore, Instant notAfter) {
        TestKeys.TestCertificate tc = TestKeys.selfSigned(keys, "acme-sync", notBefore, notAfter);
        AppCertificate c = new AppCertificate(ids.next(KeyPrefix.CERTIFICATE), app.id(), tc.thumbprint(),
                "CN=acme-sync", notBefore, notAfter, true, null, tc.pem(), clock.instant());
        certificates.insert(c);
        return c;
    }

    AppAccessGrant grant(String parentId) {
        AppAccessGrant g = new AppAccessGrant(ids.next(KeyPrefix.SETUP_ENTITY_ACCESS), org.id(), app.id(), parentId,
                clock.instant());
        access.grant(g);
        return g;
    }

    void revokeProfileGrant() {
        access.revoke(profileGrant.id());
    }

    /** A permission set granted the app and assigned to the user (the profile grant is left alone). */
    PermissionSet grantThroughPermissionSet(User holder) {
        PermissionSet ps = new PermissionSet(ids.next(KeyPrefix.PERMISSION_SET), org.id(), "Sync_Access",
                "Sync access", Set.of(), clock.instant());
        permissionSets.insert(ps);
        permissionSets.assign(new PermissionSetAssignment(ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT), org.id(),
                holder.id(), ps.id(), clock.instant()));
        grant(ps.id());
        return ps;
    }

    void approve(User approver) {
        approvals.insert(new Approval(ids.next(KeyPrefix.OAUTH_APPROVAL), org.id(), app.id(), approver.id(),
                app.scopes(), clock.instant()));
    }

    void updateApp(UnaryOperator<ConnectedApp> change) {
        apps.update(change.apply(app));
        app = apps.findById(app.id()).orElseThrow();
    }

    void selfAuthorize() {
        updateApp(a -> a.withPolicy(PermittedUsersPolicy.SELF_AUTHORIZE, clock.instant()));
    }

    /** Enables the client credentials flow with {@link #runAs} as the run-as user. */
    void enableClientCredentials() {
        updateApp(a -> a.withClientCredentials(true, runAs.id(), clock.instant()));
    }

    /**
     * Rotates the consumer secret as the admin service does: {@code newSecret} becomes current, the old one stays
     * valid for {@code overlap} (none when zero).
     */
    void rotateSecret(String newSecret, Duration overlap) {
        boolean keep = !overlap.isZero();
        assertTrue(apps.replaceSecrets(app.id(), app.consumerSecretHash(), hasher.hash(newSecret),
                keep ? app.consumerSecretHash() : null, keep ? clock.instant().plus(overlap) : null, clock.instant()));
        app = apps.findById(app.id()).orElseThrow();
    }

    /** Drops the previous secret, as {@code revokeSecret} does. */
    void revokePreviousSecret() {
        assertTrue(apps.replaceSecrets(app.id(), app.consumerSecretHash(), app.consumerSecretHash(), null, null,
                clock.instant()));
        app = apps.findById(app.id()).orElseThrow();
    }

    private static void assertTrue(boolean condition) {
        if (!condition) {
            throw new IllegalStateException("the fixture's secret change did not apply");
        }
    }

    /**
     * A valid private_key_jwt client assertion (RFC 7523 section 2.2): {@code iss} = {@code sub} = the consumer key,
     * {@code aud} = the token endpoint URL, a {@code jti}, signed with the certificate's key.
     */
    TestAssertions clientAssertion() {
        return TestAssertions.valid(app.consumerKey(), app.consumerKey(), settings.tokenEndpointUrl(),
                clock.instant(), TestKeys.RSA_A.getPrivate()).claim("jti", java.util.UUID.randomUUID().toString());
    }

    /** A client credentials form with the given extra pairs. */
    static Map<String, List<String>> clientCredentialsForm(String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = "grant_type";
        all[1] = GrantTypes.CLIENT_CREDENTIALS;
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return form(all);
    }

    /** A valid assertion for {@link #user}, signed with the certificate's key. */
    TestAssertions assertion() {
        return TestAssertions.valid(app.consumerKey(), user.username(), BASE.toString(), clock.instant(),
                TestKeys.RSA_A.getPrivate());
    }

    TokenResponse post(String assertion) {
        return post(form("grant_type", GrantTypes.JWT_BEARER, "assertion", assertion), FORM, null);
    }

    TokenResponse post(Map<String, List<String>> form, String contentType, String authorization) {
        return endpoint.handle(form, contentType, authorization, origin());
    }

    /** A form from name/value pairs; a name given twice gets two values. */
    static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return out;
    }
}
