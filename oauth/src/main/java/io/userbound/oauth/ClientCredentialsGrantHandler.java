package io.userbound.oauth;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.PermittedUsers;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.UserStore;
import io.userbound.protocol.GrantTypes;
import java.time.Clock;
import java.util.Optional;

/**
 * The client credentials grant (RFC 6749 section 4.4) as Salesforce runs it ({@code salesforce-compat.md} sections 3
 * and 9 rule 8): the token is issued to the app's <em>run-as user</em>, so every call it makes is that user's. A
 * fixed pipeline; the first failing step refuses the request:
 * <ol>
 *   <li>client authentication, required (RFC 6749 section 4.4.2): {@code client_id} + {@code client_secret} in the
 *       body or an {@code Authorization: Basic} header, checked against the app's current secret or its previous one
 *       during a rotation's overlap; or {@code private_key_jwt} ({@link ClientAssertionVerifier});</li>
 *   <li>the app enables the flow;</li>
 *   <li>the app names a run-as user of its org who is active, API-enabled and not the Automated Process user;</li>
 *   <li>under {@code admin-approved}, the run-as user's profile or a permission set grants the app (under
 *       {@code self-authorize} the admin's choice of run-as user is the approval);</li>
 *   <li>a client assertion's {@code jti} is used once ({@link JtiUse}): the endpoint marks it in the token's own
 *       commit, so a refused or unwritten grant never burns it.</li>
 * </ol>
 * Thread-safe.
 */
public final class ClientCredentialsGrantHandler implements GrantHandler {
    public static final String LOGIN_SUB_TYPE = "Client Credentials";
    private static final int MAX_RECORDED_LENGTH = 255;

    private final ConnectedAppStore apps;
    private final UserStore users;
    private final EffectivePermissions permissions;
    private final PermittedUsers permitted;
    private final ClientAssertionVerifier assertions;

    public ClientCredentialsGrantHandler(ConnectedAppStore apps, CertificateStore certificates, UserStore users,
            EffectivePermissions permissions, PermittedUsers permitted, ReplayGuard replay, OAuthSettings settings,
            Clock clock) {
        this.apps = apps;
        this.users = users;
        this.permissions = permissions;
        this.permitted = permitted;
        this.assertions = new ClientAssertionVerifier(apps, certificates, replay, settings, clock);
    }

    @Override
    public String grantType() {
        return GrantTypes.CLIENT_CREDENTIALS;
    }

    @Override
    public String loginSubType() {
        return LOGIN_SUB_TYPE;
    }

    @Override
    public boolean acceptsClientAssertions() {
        return true;
    }

    @Override
    public GrantDecision decide(TokenRequest request, LoginAttempt attempt) {
        ClientAssertionVerifier.Verified assertion = null;
        ConnectedApp app;
        if (ClientAssertionVerifier.present(request)) {
            assertion = assertions.verify(request, attempt);
            app = assertion.app();
        } else {
            app = authenticateBySecret(request, attempt);
        }
        User user = runAsUser(app, attempt);
        if (!permitted.mayRunAs(app, user)) {
            throw new OAuthException(OAuthError.NOT_ADMIN_APPROVED, LoginReason.NOT_ADMIN_APPROVED,
                    "neither the profile nor a permission set of run-as user " + user.username() + " grants app "
                            + app.name());
        }
        return new GrantDecision(app, user, app.scopes(), assertion == null ? null : assertions.use(assertion));
    }

    private ConnectedApp authenticateBySecret(TokenRequest request, LoginAttempt attempt) {
        ClientAuthentication presented = request.clientAuthentication();
        if (presented == null) {
            // RFC 6749 section 4.4.2: "The client MUST authenticate with the authorization server"
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no client_id, Basic header or client_assertion");
        }
        attempt.consumerKey(Debug.bounded(presented.clientId(), MAX_RECORDED_LENGTH));
        Optional<ConnectedApp> found = apps.findByConsumerKey(presented.clientId());
        if (found.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no app has consumer key " + Debug.quote(presented.clientId()) + " (" + presented.method() + ")");
        }
        ConnectedApp app = found.get();
        attempt.app(app);
        attempt.clients().requireSecret(presented, app, attempt);
        return app;
    }

    /** The run-as user; every refusal gives the client the one answer of rule 8, the audit row the reason. */
    private User runAsUser(ConnectedApp app, LoginAttempt attempt) {
        if (!app.clientCredentialsEnabled()) {
            throw refuse(LoginReason.CLIENT_CREDENTIALS_DISABLED, "app " + app.name()
                    + " does not enable the client credentials flow");
        }
        if (app.runAsUserId() == null) {
            throw refuse(LoginReason.NO_RUN_AS_USER, "app " + app.name() + " names no run-as user");
        }
        Optional<User> found = users.findById(app.runAsUserId()).filter(u -> u.orgId().equals(app.orgId()));
        if (found.isEmpty()) {
            throw refuse(LoginReason.NO_RUN_AS_USER, "run-as user " + app.runAsUserId() + " of app " + app.name()
                    + " does not exist in the app's org");
        }
        User user = found.get();
        attempt.user(user);
        if (user.type() == UserType.AUTOMATED_PROCESS) {
            throw refuse(LoginReason.USER_CANNOT_LOG_IN, "run-as user " + user.username()
                    + " is the Automated Process user, which never logs in");
        }
        if (!user.active()) {
            throw refuse(LoginReason.USER_INACTIVE, "run-as user " + user.username() + " is inactive");
        }
        if (!permissions.has(user, SystemPermission.API_ENABLED)) {
            throw refuse(LoginReason.USER_NOT_API_ENABLED, "run-as user " + user.username()
                    + " lacks ApiEnabled in the profile and every permission set");
        }
        return user;
    }

    private static OAuthException refuse(LoginReason reason, String debug) {
        return new OAuthException(OAuthError.NO_CLIENT_CREDENTIALS_USER, reason, debug);
    }
}
