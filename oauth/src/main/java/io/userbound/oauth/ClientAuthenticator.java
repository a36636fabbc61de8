package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;

/**
 * Checks the client authentication a token request carried against the app a grant resolved, for grants where the
 * client is named elsewhere (the JWT bearer grant names it in {@code iss}; {@code salesforce-compat.md} section 9
 * rule 5). {@link TokenEndpoint} hands one to each grant handler through {@link LoginAttempt#clients()}.
 */
public final class ClientAuthenticator {
    /** Checks identifiers but matches no secret: any non-empty secret is refused. */
    public static final ClientAuthenticator REJECT_SECRETS = new ClientAuthenticator(ConsumerSecretHasher.REJECT_ALL);

    private final ConsumerSecretHasher secrets;

    public ClientAuthenticator(ConsumerSecretHasher secrets) {
        this.secrets = secrets;
    }

    /**
     * Accepts no client authentication at all, or one that names {@code app} and carries either no secret, an empty
     * one, or the app's secret.
     *
     * @param presented what the request carried; null when nothing
     * @param app the app the grant resolved; never null
     * @throws OAuthException {@code invalid_client} (400) when the client id names another app;
     *     {@code invalid_client} / {@code invalid client credentials} (401, with a Basic challenge when the
     *     credentials came in a Basic header) when a non-empty secret does not match
     */
    public void verify(ClientAuthentication presented, ConnectedApp app) {
        if (presented == null) {
            return;
        }
        if (!app.consumerKey().equals(presented.clientId())) {
            throw new OAuthException(OAuthError.CLIENT_MISMATCH, LoginReason.CLIENT_MISMATCH,
                    "client_id " + Debug.quote(presented.clientId()) + " is not the issuer "
                            + Debug.quote(app.consumerKey()));
        }
        String secret = presented.clientSecret();
        if (secret == null || secret.isEmpty()) {
            return;
        }
        if (!secrets.matches(secret, app.consumerSecretHash())) {
            OAuthException refused = new OAuthException(OAuthError.INVALID_CLIENT_CREDENTIALS,
                    LoginReason.INVALID_CLIENT_CREDENTIALS,
                    app.consumerSecretHash() == null ? "a secret was presented but the app has none"
                            : "the client secret does not match (" + presented.method() + ")");
            throw presented.method() == ClientAuthentication.Method.CLIENT_SECRET_BASIC
                    ? refused.withBasicChallenge() : refused;
        }
    }
}
