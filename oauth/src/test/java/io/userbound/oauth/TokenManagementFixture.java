package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.introspect.Introspector;
import io.userbound.oauth.revoke.Revoker;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.oauth.token.OpaqueTokenIssuer;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.KeyPrefix;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * {@link OAuthFixture} plus what introspection and revocation need: the fixture's app ({@code app}, secret
 * {@link OAuthFixture#SECRET}); another app of the org ({@code other}); an app whose run-as user holds
 * {@code ViewAllTokens} through a permission set ({@code auditor}); one whose run-as user does not
 * ({@code plainRunAs}); and an app of another org whose run-as user holds it through a profile ({@code foreign}).
 * Every extra app has the secret {@link #OTHER_SECRET}.
 */
final class TokenManagementFixture {
    static final String OTHER_SECRET = "another-consumer-secret";

    final OAuthFixture f = new OAuthFixture();
    final BearerTokenAuthenticator bearer = new BearerTokenAuthenticator(f.tokens, f.clock, 100, Duration.ofSeconds(2));
    final ClientAuthenticator clients = new ClientAuthenticator(f.hasher);
    final Introspector introspector = new Introspector(f.tokens, f.apps, f.users, f.permissions, f.holders,
            clients, f.clock);
    final Revoker revoker = new Revoker(f.tokens, f.apps, clients, bearer, f.clock);
    final OpaqueTokenIssuer issuer = new OpaqueTokenIssuer(f.tokens, f.ids);

    final ConnectedApp other;
    final User auditorUser;
    final ConnectedApp auditor;
    final ConnectedApp plainRunAs;
    final ConnectedApp foreign;

    TokenManagementFixture() {
        other = app(f.org.id(), "Other", null);
        auditorUser = f.addUser("auditor@acme.example", UserType.INTEGRATION, true, f.apiProfile.id());
        PermissionSet viewAll = new PermissionSet(f.ids.next(KeyPrefix.PERMISSION_SET), f.org.id(), "View_All_Tokens",
                "View all tokens", Set.of(SystemPermission.VIEW_ALL_TOKENS), f.clock.instant());
        f.permissionSets.insert(viewAll);
        f.permissionSets.assign(new PermissionSetAssignment(f.ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT),
                f.org.id(), auditorUser.id(), viewAll.id(), f.clock.instant()));
        auditor = app(f.org.id(), "Auditor", auditorUser.id());
        User plainUser = f.addUser("plain@acme.example", UserType.INTEGRATION, true, f.apiProfile.id());
        plainRunAs = app(f.org.id(), "Plain run-as", plainUser.id());

        String foreignOrg = f.ids.next(KeyPrefix.ORGANIZATION);
        Profile foreignProfile = new Profile(f.ids.next(KeyPrefix.PROFILE), foreignOrg, "Foreign admin",
                Set.of(SystemPermission.API_ENABLED, SystemPermission.VIEW_ALL_TOKENS), f.clock.instant());
        f.profiles.insert(foreignProfile);
        Instant now = f.clock.instant();
        User foreignUser = new User(f.ids.next(KeyPrefix.USER), foreignOrg, "admin@foreign.example", "Foreign",
                "Admin", "admin@foreign.example", UserType.STANDARD, true, foreignProfile.id(), now, now);
        f.users.insert(foreignUser);
        foreign = app(foreignOrg, "Foreign", foreignUser.id());
    }

    private ConnectedApp app(String orgId, String name, String runAsUserId) {
        Instant now = f.clock.instant();
        ConnectedApp a = new ConnectedApp(f.ids.next(KeyPrefix.CONNECTED_APP), orgId, name,
                "3MVG9" + name.replace(" ", "").replace("-", "") + "Key", f.hasher.hash(OTHER_SECRET),
                PermittedUsersPolicy.ADMIN_APPROVED, ConnectedApp.DEFAULT_SCOPES, ConnectedApp.DEFAULT_ALGORITHMS,
                ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false, ConnectedApp.DEFAULT_TOKEN_LIFETIME, false,
                runAsUserId, now, now);
        f.apps.insert(a);
        return a;
    }

    /** A token of the fixture's app for the fixture's user, through the real token endpoint. */
    String ownToken() {
        return f.post(f.assertion().build()).accessToken();
    }

    /** A token of {@code app} for {@code user}, minted by the issuer the endpoint uses. */
    String tokenOf(ConnectedApp app, User user) {
        return issuer.issue(new GrantDecision(app, user, app.scopes()), f.clock.instant()).accessToken();
    }

    /**
     * A client credentials token of the fixture's app for the fixture's user, with the app's flow switched on and
     * that user as its run-as user.
     */
    String clientCredentialsToken() {
        f.apps.update(f.app.withClientCredentials(true, f.user.id(), f.clock.instant()));
        ConnectedApp app = f.apps.findById(f.app.id()).orElseThrow();
        return issuer.issue(new GrantDecision(app, f.user, app.scopes()).issuedBy(GrantTypes.CLIENT_CREDENTIALS),
                f.clock.instant()).accessToken();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
