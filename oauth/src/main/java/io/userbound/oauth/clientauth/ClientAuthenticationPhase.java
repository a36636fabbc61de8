package io.userbound.oauth.clientauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.grant.AuthenticatedClient;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.TokenRequest;
import java.util.Optional;

/**
 * The client authentication of a token request, the phase {@link TokenEndpoint} runs before the grant handler
 * ({@code architecture.md} section 4.2). A grant that needs an authenticated client
 * ({@link GrantHandler.ClientAuthenticationRule#REQUIRED}, RFC 6749 section 4.4.2: "The client MUST authenticate with
 * the authorization server") gets one proved by {@code private_key_jwt} ({@link ClientAssertionVerifier}) or by a
 * consumer secret in a Basic header or the body ({@link ClientAuthenticator}: the current one, or the previous one
 * during a rotation's overlap). A grant that names its client itself gets the presented credentials to confirm
 * against the app it finds. Records the consumer key, app, certificate and verified secret on the attempt.
 * Thread-safe.
 */
public final class ClientAuthenticationPhase {
    private final ConnectedAppStore apps;
    private final ClientAuthenticator secrets;
    private final ClientAssertionVerifier assertions;

    public ClientAuthenticationPhase(ConnectedAppStore apps, ClientAuthenticator secrets,
            ClientAssertionVerifier assertions) {
        this.apps = apps;
        this.secrets = secrets;
        this.assertions = assertions;
    }

    /**
     * @param handler the grant the request asks for; never null
     * @param request never null
     * @param attempt the request's audit state; never null
     * @return the client as the handler needs it; never null
     * @throws OAuthException {@code invalid_client} for missing, unknown or wrong credentials; the assertion's
     *     refusals for a {@code private_key_jwt} that fails
     */
    public AuthenticatedClient authenticate(GrantHandler handler, TokenRequest request, LoginAttempt attempt) {
        if (handler.clientAuthentication() == GrantHandler.ClientAuthenticationRule.NAMED_BY_GRANT) {
            return new AuthenticatedClient.NamedByGrant(request.clientAuthentication(), secrets::verify);
        }
        if (ClientAssertionVerifier.present(request)) {
            ClientAssertionVerifier.Verified assertion = assertions.verify(request, attempt);
            return new AuthenticatedClient.Authenticated(assertion.app(), assertions.use(assertion));
        }
        return new AuthenticatedClient.Authenticated(bySecret(request.clientAuthentication(), attempt), null);
    }

    private ConnectedApp bySecret(ClientAuthentication presented, LoginAttempt attempt) {
        if (presented == null) {
            // RFC 6749 section 4.4.2: "The client MUST authenticate with the authorization server"
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no client_id, Basic header or client_assertion");
        }
        attempt.consumerKey(presented.clientId());
        Optional<ConnectedApp> found = apps.findByConsumerKey(presented.clientId());
        if (found.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no app has consumer key " + Debug.quote(presented.clientId()) + " (" + presented.method() + ")");
        }
        ConnectedApp app = found.get();
        attempt.app(app);
        secrets.requireSecret(presented, app, attempt);
        return app;
    }
}
