package io.userbound.oauth.clientauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.grant.ClientAuthentication;
import java.time.Clock;
import java.time.Instant;

/**
 * Checks the consumer secret a token request carried against an app: for the {@link ClientAuthenticationPhase},
 * the JWT bearer grant's confirmation of presented credentials ({@link AuthenticatedClient.NamedByGrant}) and
 * introspection.
 *
 * <p>An app accepts its current secret and, during the overlap window of a rotation, its previous one
 * ({@link ConnectedApp#previousSecretValidAt}). Both are compared in constant time through the
 * {@link ConsumerSecretHasher}; both comparisons always run, so the answer time does not tell which one matched.
 */
public final class ClientAuthenticator {
    /** Checks identifiers but matches no secret: any non-empty secret is refused. */
    public static final ClientAuthenticator REJECT_SECRETS = new ClientAuthenticator(ConsumerSecretHasher.REJECT_ALL);

    /** Which of an app's secrets a presented secret matched. */
    public enum SecretMatch {
        NONE, CURRENT, PREVIOUS
    }

    private final ConsumerSecretHasher secrets;
    private final Clock clock;

    /** An authenticator on the system UTC clock. */
    public ClientAuthenticator(ConsumerSecretHasher secrets) {
        this(secrets, Clock.systemUTC());
    }

    /** @param clock decides whether a previous secret is still within its window */
    public ClientAuthenticator(ConsumerSecretHasher secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Which secret of {@code app} the presented one matches: the current one, the previous one while its window
     * lasts, or none.
     *
     * @param presentedSecret never null
     */
    public SecretMatch match(String presentedSecret, ConnectedApp app) {
        Instant now = clock.instant();
        boolean current = secrets.matches(presentedSecret, app.consumerSecretHash());
        boolean previous = secrets.matches(presentedSecret, app.previousSecretHash());
        if (current) {
            return SecretMatch.CURRENT;
        }
        return previous && app.previousSecretValidAt(now) ? SecretMatch.PREVIOUS : SecretMatch.NONE;
    }

    /** As {@link #verify(ClientAuthentication, ConnectedApp, LoginAttempt)}, recording nothing. */
    public void verify(ClientAuthentication presented, ConnectedApp app) {
        verify(presented, app, null);
    }

    /**
     * For grants where the client is named elsewhere (the JWT bearer grant names it in {@code iss};
     * {@code salesforce-compat.md} section 9 rule 5): accepts no client authentication at all, or one that names
     * {@code app} and carries either no secret, an empty one, or one of the app's secrets.
     *
     * @param presented what the request carried; null when nothing
     * @param app the app the grant resolved; never null
     * @param attempt where a verified secret is recorded (for the reply's {@code signature}); may be null
     * @throws OAuthException {@code invalid_client} (400) when the client id names another app;
     *     {@code invalid_client} / {@code invalid client credentials} (401, with a Basic challenge when the
     *     credentials came in a Basic header) when a non-empty secret does not match
     */
    public void verify(ClientAuthentication presented, ConnectedApp app, LoginAttempt attempt) {
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
        checkSecret(presented, app, attempt);
    }

    /**
     * For grants that authenticate the client by its secret ({@code client_secret_basic} or
     * {@code client_secret_post}, RFC 6749 section 2.3.1): the request must carry a non-empty secret that matches
     * one of the app's secrets. The caller has resolved {@code app} from {@code presented.clientId()}.
     *
     * @param presented never null
     * @param attempt where the verified secret is recorded; may be null
     * @throws OAuthException {@code invalid_client} / {@code invalid client credentials} (401, with a Basic
     *     challenge when the credentials came in a Basic header)
     */
    public void requireSecret(ClientAuthentication presented, ConnectedApp app, LoginAttempt attempt) {
        String secret = presented.clientSecret();
        if (secret == null || secret.isEmpty()) {
            // RFC 6749 section 4.4.2: "The client MUST authenticate with the authorization server"
            throw refused(presented, "no client secret was presented (" + presented.method() + ")");
        }
        checkSecret(presented, app, attempt);
    }

    private void checkSecret(ClientAuthentication presented, ConnectedApp app, LoginAttempt attempt) {
        SecretMatch match = match(presented.clientSecret(), app);
        if (match == SecretMatch.NONE) {
            throw refused(presented, app.consumerSecretHash() == null ? "a secret was presented but the app has none"
                    : "the client secret does not match (" + presented.method() + ")"
                            + (app.previousSecretHash() != null && !app.previousSecretValidAt(clock.instant())
                                    ? "; the previous secret expired at " + app.previousSecretExpires() : ""));
        }
        if (attempt != null) {
            attempt.verifiedSecret(presented.clientSecret());
            if (match == SecretMatch.PREVIOUS) {
                attempt.note("authenticated with the previous consumer secret (valid until "
                        + app.previousSecretExpires() + ")");
            }
        }
    }

    private static OAuthException refused(ClientAuthentication presented, String debug) {
        OAuthException refused = new OAuthException(OAuthError.INVALID_CLIENT_CREDENTIALS,
                LoginReason.INVALID_CLIENT_CREDENTIALS, debug);
        return presented.method() == ClientAuthentication.Method.CLIENT_SECRET_BASIC
                ? refused.withBasicChallenge() : refused;
    }
}
