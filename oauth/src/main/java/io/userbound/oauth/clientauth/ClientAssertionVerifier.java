package io.userbound.oauth.clientauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.UsedJti;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.grant.JtiUse;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.oauth.jwt.AssertionRules;
import io.userbound.oauth.jwt.AssertionVerifier;
import io.userbound.oauth.jwt.VerifiedAssertion;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.token.ClientAuthenticationParameters;
import java.time.Instant;
import java.util.Map;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 sections 2.2 and 3; the name is OpenID Connect Core
 * section 9's): the client proves it holds the private key of one of its app's certificates by signing a JWT with
 * {@code iss} = {@code sub} = its consumer key. The same {@link AssertionVerifier} as the JWT bearer grant, with
 * {@code invalid_client} errors (RFC 7521 section 4.2.1, {@link AssertionRules#CLIENT}):
 * <ol>
 *   <li>{@code client_assertion_type} is {@code urn:ietf:params:oauth:client-assertion-type:jwt-bearer} and
 *       {@code client_assertion} is present;</li>
 *   <li>a compact JWS within 16 KiB; {@code alg} never {@code none} or HMAC, within the server's ceiling; {@code typ}
 *       absent, {@code JWT} or {@code client-authentication+jwt};</li>
 *   <li>{@code iss} names an app and {@code sub} equals {@code iss}; a {@code client_id} parameter, if sent, names the
 *       same app;</li>
 *   <li>{@code alg} is one the app allows, and one of the app's active certificates valid now verifies the
 *       signature;</li>
 *   <li>{@code aud} is an accepted audience (the token endpoint URL, the base URL with or without trailing slash, or a
 *       configured extra); {@code exp} required (milliseconds normalised), {@code nbf}, and the app's lifetime cap,
 *       with the clock skew;</li>
 *   <li>{@code jti} is required (so that every client assertion is single use);</li>
 *   <li>{@link #use}: the {@code jti} is used once per app, one atomic insert that {@link TokenEndpoint} makes in
 *       the token's own commit, so a refused or unwritten grant never burns it.</li>
 * </ol>
 * Thread-safe.
 */
public final class ClientAssertionVerifier {
    /** The parameter carrying the assertion. */
    public static final String ASSERTION = ClientAuthenticationParameters.CLIENT_ASSERTION;
    /** The parameter carrying its type. */
    public static final String ASSERTION_TYPE = ClientAuthenticationParameters.CLIENT_ASSERTION_TYPE;

    /**
     * A client assertion that passed every check but single use.
     *
     * @param app the app it authenticates; never null
     * @param jti its {@code jti}; never null
     * @param replayUntil until when the {@code jti} must stay marked (its {@code exp} plus the skew)
     */
    public record Verified(ConnectedApp app, String jti, Instant replayUntil) {
    }

    private final AssertionVerifier verifier;

    public ClientAssertionVerifier(AssertionVerifier verifier) {
        this.verifier = verifier;
    }

    /** True when the request carries {@code client_assertion} or {@code client_assertion_type}. */
    public static boolean present(TokenRequest request) {
        return request.grant().client().carriesAssertion();
    }

    /**
     * Runs every check but single use, recording the app and the certificate on the attempt.
     *
     * @throws OAuthException {@code invalid_request} when one of the two parameters is missing;
     *     {@code invalid_client_id} when {@code iss} names no app; {@code invalid_client} (401) for every other
     *     refusal
     */
    public Verified verify(TokenRequest request, LoginAttempt attempt) {
        ClientAuthenticationParameters client = request.grant().client();
        String type = client.clientAssertionType();
        String assertion = client.clientAssertion();
        if (type == null || assertion == null) {
            // RFC 7521 section 4.2: both parameters are REQUIRED
            throw new OAuthException(OAuthError.CLIENT_ASSERTION_INCOMPLETE, LoginReason.INVALID_REQUEST,
                    (type == null ? ASSERTION_TYPE : ASSERTION) + " is missing");
        }
        if (!GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER.equals(type)) {
            throw new OAuthException(OAuthError.CLIENT_ASSERTION_TYPE_UNSUPPORTED,
                    LoginReason.INVALID_CLIENT_CREDENTIALS,
                    "client_assertion_type " + Debug.quote(type) + " is not "
                            + GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER);
        }
        VerifiedAssertion verified = verifier.verify(assertion,
                AssertionRules.CLIENT.withIssuerCheck((app, claims) -> checkIssuer(app, claims, client.clientId())),
                attempt);
        if (verified.jti() == null) {
            throw new OAuthException(OAuthError.CLIENT_ASSERTION_JTI_REQUIRED, LoginReason.JTI_REQUIRED,
                    "the client assertion for app " + verified.app().name() + " has no jti");
        }
        return new Verified(verified.app(), verified.jti(), verified.replayUntil());
    }

    /** The subject is the client, and a {@code client_id} sent beside the assertion names the same app. */
    private static void checkIssuer(ConnectedApp app, Map<String, Object> claims, String clientId) {
        // RFC 7523 section 3: "For client authentication, the subject MUST be the "client_id" of the OAuth client."
        if (!app.consumerKey().equals(claims.get("sub"))) {
            throw AssertionVerifier.invalid(AssertionRules.CLIENT, claims.get("sub") == null
                    ? LoginReason.MISSING_CLAIM : LoginReason.MALFORMED_ASSERTION, "client assertion sub "
                            + Debug.quote(claims.get("sub")) + " is not its iss " + app.consumerKey());
        }
        if (clientId != null && !clientId.equals(app.consumerKey())) {
            throw new OAuthException(OAuthError.CLIENT_MISMATCH, LoginReason.CLIENT_MISMATCH,
                    "client_id " + Debug.quote(clientId) + " is not the client assertion's issuer "
                            + Debug.quote(app.consumerKey()));
        }
    }

    /**
     * The single use of the assertion's {@code jti}, for the grant's decision: the endpoint marks it in the token's
     * own commit, one atomic insert, correct across threads and nodes. A replay is refused with
     * {@code invalid_client} / {@code client assertion has already been used} (401).
     */
    public JtiUse use(Verified verified) {
        // RFC 7523 section 3: the server MAY keep the set of used jti values to refuse replays
        return new JtiUse(new UsedJti(verified.app().id(), verified.jti(), verified.replayUntil()),
                OAuthError.CLIENT_ASSERTION_REPLAYED, "client assertion jti " + Debug.quote(verified.jti())
                        + " was already used with app " + verified.app().name());
    }
}
