package io.userbound.oauth;

import com.nimbusds.jwt.SignedJWT;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.UsedJti;
import io.userbound.protocol.GrantTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 sections 2.2 and 3; the name is OpenID Connect Core
 * section 9's): the client proves it holds the private key of one of its app's certificates by signing a JWT with
 * {@code iss} = {@code sub} = its consumer key. The same fixed pipeline as the JWT bearer grant
 * ({@link AssertionChecks}), with {@code invalid_client} errors (RFC 7521 section 4.2.1):
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
    public static final String ASSERTION = "client_assertion";
    /** The parameter carrying its type. */
    public static final String ASSERTION_TYPE = "client_assertion_type";
    private static final int MAX_RECORDED_LENGTH = 255;

    /**
     * A client assertion that passed every check but single use.
     *
     * @param app the app it authenticates; never null
     * @param jti its {@code jti}; never null
     * @param replayUntil until when the {@code jti} must stay marked (its {@code exp} plus the skew)
     */
    public record Verified(ConnectedApp app, String jti, Instant replayUntil) {
    }

    private final ConnectedAppStore apps;
    private final ReplayGuard replay;
    private final AssertionChecks checks;
    private final Clock clock;

    public ClientAssertionVerifier(ConnectedAppStore apps, CertificateStore certificates, ReplayGuard replay,
            OAuthSettings settings, Clock clock) {
        this.apps = apps;
        this.replay = replay;
        this.checks = new AssertionChecks(AssertionChecks.CLIENT, certificates, settings);
        this.clock = clock;
    }

    /** True when the request carries {@code client_assertion} or {@code client_assertion_type}. */
    public static boolean present(TokenRequest request) {
        return request.parameter(ASSERTION) != null || request.parameter(ASSERTION_TYPE) != null;
    }

    /**
     * Runs every check but single use, recording the app and the certificate on the attempt.
     *
     * @throws OAuthException {@code invalid_request} when one of the two parameters is missing;
     *     {@code invalid_client_id} when {@code iss} names no app; {@code invalid_client} (401) for every other
     *     refusal
     */
    public Verified verify(TokenRequest request, LoginAttempt attempt) {
        Instant now = clock.instant();
        String type = request.parameter(ASSERTION_TYPE);
        String assertion = request.parameter(ASSERTION);
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
        SignedJWT jws = checks.parse(assertion);
        Map<String, Object> claims = AssertionChecks.claims(jws);

        ConnectedApp app = app(claims.get("iss"), attempt);
        // RFC 7523 section 3: "For client authentication, the subject MUST be the "client_id" of the OAuth client."
        if (!app.consumerKey().equals(claims.get("sub"))) {
            throw checks.invalid(claims.get("sub") == null ? LoginReason.MISSING_CLAIM
                    : LoginReason.MALFORMED_ASSERTION, "client assertion sub " + Debug.quote(claims.get("sub"))
                            + " is not its iss " + app.consumerKey());
        }
        String clientId = request.parameter("client_id");
        if (clientId != null && !clientId.equals(app.consumerKey())) {
            throw new OAuthException(OAuthError.CLIENT_MISMATCH, LoginReason.CLIENT_MISMATCH,
                    "client_id " + Debug.quote(clientId) + " is not the client assertion's issuer "
                            + Debug.quote(app.consumerKey()));
        }
        AppCertificate certificate = checks.verifySignature(app, jws, now);
        attempt.certificateThumbprint(certificate.thumbprint());

        checks.checkAudience(claims.get("aud"));
        long exp = checks.checkTimes(claims, app, now);
        String jti = checks.checkJtiShape(claims.get("jti"));
        if (jti == null) {
            throw new OAuthException(OAuthError.CLIENT_ASSERTION_JTI_REQUIRED, LoginReason.JTI_REQUIRED,
                    "the client assertion for app " + app.name() + " has no jti");
        }
        return new Verified(app, jti, Instant.ofEpochSecond(exp + checks.skewSeconds()));
    }

    /**
     * The single use of the assertion's {@code jti}, for the grant's decision: the endpoint marks it in the token's
     * own commit, one atomic insert, correct across threads and nodes. A replay is refused with
     * {@code invalid_client} / {@code client assertion has already been used} (401).
     */
    public JtiUse use(Verified verified) {
        // RFC 7523 section 3: the server MAY keep the set of used jti values to refuse replays
        return new JtiUse(replay, new UsedJti(verified.app().id(), verified.jti(), verified.replayUntil()),
                OAuthError.CLIENT_ASSERTION_REPLAYED, "client assertion jti " + Debug.quote(verified.jti())
                        + " was already used with app " + verified.app().name());
    }

    private ConnectedApp app(Object iss, LoginAttempt attempt) {
        if (!(iss instanceof String consumerKey) || consumerKey.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "client assertion iss " + Debug.quote(iss) + " is missing or not a string");
        }
        attempt.consumerKey(Debug.bounded(consumerKey, MAX_RECORDED_LENGTH));
        Optional<ConnectedApp> app = apps.findByConsumerKey(consumerKey);
        if (app.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no app has consumer key " + Debug.quote(consumerKey) + " (client assertion iss)");
        }
        attempt.app(app.get());
        return app.get();
    }
}
