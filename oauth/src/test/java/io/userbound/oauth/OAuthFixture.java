package io.userbound.oauth;

import io.userbound.core.SettableClock;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.PermittedUsers;
import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
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
    final InMemoryTransactions transactions = new InMemoryTransactions();
    final InMemoryConnectedAppStore apps = new InMemoryConnectedAppStore();
    final InMemoryCertificateStore certificates = new InMemoryCertificateStore();
    final InMemoryUserStore users = new InMemoryUserStore();
    final InMemoryProfileStore profiles = new InMemoryProfileStore();
    final InMemoryPermissionSetStore permissionSets = new InMemoryPermissionSetStore();
    final InMemoryAppAccessStore access = new InMemoryAppAccessStore(permissionSets);
    final InMemoryApprovalStore approvals = new InMemoryApprovalStore();
    final PermittedUsers permitted = new PermittedUsers(access, approvals);
    final InMemoryReplayGuard replay = new InMemoryReplayGuard(transactions);
    final InMemoryTokenStore tokens = new InMemoryTokenStore(transactions);
    final InMemoryLoginHistoryStore history = new InMemoryLoginHistoryStore(transactions);
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
    JwtBearerGrantHandler handler;
    ClientCredentialsGrantHandler clientCredentials;
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
        this.handler = new JwtBearerGrantHandler(apps, certificates, users, permissions, permitted, replay, settings,
                clock);
        this.clientCredentials = new ClientCredentialsGrantHandler(apps, certificates, users, permissions, permitted,
                replay, settings, clock);
        this.endpoint = new TokenEndpoint(List.of(handler, clientCredentials), new OpaqueTokenIssuer(tokens, ids),
                history, transactions, ids, clock, settings, hasher, null, new RefusalAttribution(apps, users));
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
        return endpoint.handle(form, contentType, authorization, SOURCE_IP, settings.tokenEndpointUrl(), USER_AGENT);
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
