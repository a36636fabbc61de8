package io.userbound.oauth.grant.clientcredentials;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.User;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.grant.AuthenticatedClient;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.TokenHolderPolicy;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.protocol.GrantTypes;
import java.util.Optional;

/**
 * The client credentials grant (RFC 6749 section 4.4) as Salesforce runs it ({@code salesforce-compat.md} sections 3
 * and 9 rule 8): the token is issued to the app's <em>run-as user</em>, so every call it makes is that user's. A
 * fixed pipeline; the first failing step refuses the request:
 * <ol>
 *   <li>client authentication, required (RFC 6749 section 4.4.2), done by the endpoint's
 *       {@link ClientAuthenticationPhase} before this handler runs: a consumer secret (Basic or body) or
 *       {@code private_key_jwt};</li>
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

    private final UserStore users;
    private final TokenHolderPolicy holders;

    public ClientCredentialsGrantHandler(UserStore users, TokenHolderPolicy holders) {
        this.users = users;
        this.holders = holders;
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
    public ClientAuthenticationRule clientAuthentication() {
        return ClientAuthenticationRule.REQUIRED;
    }

    @Override
    public GrantDecision decide(TokenRequest request, AuthenticatedClient client, LoginAttempt attempt) {
        if (!(client instanceof AuthenticatedClient.Authenticated authenticated)) {
            throw new IllegalStateException("the client credentials grant needs an authenticated client");
        }
        ConnectedApp app = authenticated.app();
        User user = runAsUser(app, attempt);
        if (!holders.mayRunAs(app, user)) {
            throw new OAuthException(OAuthError.NOT_ADMIN_APPROVED, LoginReason.NOT_ADMIN_APPROVED,
                    "neither the profile nor a permission set of run-as user " + user.username() + " grants app "
                            + app.name());
        }
        return new GrantDecision(app, user, app.scopes(), authenticated.assertionJti());
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
        TokenHolderPolicy.Refusal refusal = holders.refusal(user);
        if (refusal != null) {
            throw refuse(refusal.reason(), "run-as user " + user.username() + " " + refusal.why());
        }
        return user;
    }

    private static OAuthException refuse(LoginReason reason, String debug) {
        return new OAuthException(OAuthError.NO_CLIENT_CREDENTIALS_USER, reason, debug);
    }
}
