package io.userbound.oauth.jwt;

import com.nimbusds.jwt.SignedJWT;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.audit.LoginAttempt;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one sequence of checks for a JWT assertion signed by a connected app's key, like Nimbus's
 * {@code DefaultJWTProcessor}: used by the JWT bearer grant (RFC 7523 section 2.1) and by {@code private_key_jwt}
 * client authentication (RFC 7523 section 2.2), which differ only in their {@link AssertionRules}. In order:
 * <ol>
 *   <li>at most 16 KiB, a compact JWS; header: {@code alg} never {@code none} or HMAC and within the server's ceiling,
 *       no {@code zip}, {@code typ} absent or accepted; key-carrying headers ({@code jwk}, {@code x5c}, ...) are
 *       never used;</li>
 *   <li>{@code iss} names an app (recorded on the attempt), then the rules' issuer check;</li>
 *   <li>{@code alg} is one the app allows, and one of its active certificates valid now verifies the signature
 *       (recorded on the attempt);</li>
 *   <li>{@code aud} names an accepted audience (RFC 7523 section 3);</li>
 *   <li>{@code exp} required and not past, {@code nbf} and {@code iat} not ahead, the app's lifetime cap, with the
 *       clock skew;</li>
 *   <li>{@code jti}, when present, a string of 1 to 255 characters.</li>
 * </ol>
 * Later users: DPoP proofs and federated tokens. Thread-safe.
 */
public final class AssertionVerifier {
    private final ConnectedAppStore apps;
    private final AssertionChecks checks;
    private final Clock clock;
    private final long skewSeconds;

    public AssertionVerifier(ConnectedAppStore apps, CertificateStore certificates, OAuthSettings settings,
            Clock clock) {
        this.apps = apps;
        this.checks = new AssertionChecks(certificates, settings);
        this.clock = clock;
        this.skewSeconds = settings.clockSkew().getSeconds();
    }

    /**
     * @param jwt the compact JWS; never null
     * @param rules what the client is told, and the issuer check; never null
     * @param attempt where the consumer key, app and certificate are recorded as they resolve; never null
     * @throws OAuthException the first check that fails, in the rules' words
     */
    public VerifiedAssertion verify(String jwt, AssertionRules rules, LoginAttempt attempt) {
        Instant now = clock.instant();
        SignedJWT jws = checks.parse(jwt, rules);
        Map<String, Object> claims = AssertionChecks.claims(jws);

        ConnectedApp app = app(claims.get("iss"), rules, attempt);
        rules.issuerCheck().check(app, claims);
        AppCertificate certificate = checks.verifySignature(app, jws, now, rules);
        attempt.certificateThumbprint(certificate.thumbprint());

        checks.checkAudience(claims.get("aud"), rules);
        long exp = checks.checkTimes(claims, app, now, rules);
        String jti = checks.checkJtiShape(claims.get("jti"), rules);
        return new VerifiedAssertion(app, certificate, claims, jti, Instant.ofEpochSecond(exp + skewSeconds));
    }

    /** The refusal of the rules' generic kind ({@code invalid assertion} / {@code invalid client assertion}). */
    public static OAuthException invalid(AssertionRules rules, LoginReason reason, String debug) {
        return AssertionChecks.invalid(rules, reason, debug);
    }

    private ConnectedApp app(Object iss, AssertionRules rules, LoginAttempt attempt) {
        if (!(iss instanceof String consumerKey) || consumerKey.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    rules.issuerName() + " " + Debug.quote(iss) + " is missing or not a string");
        }
        attempt.consumerKey(consumerKey);
        Optional<ConnectedApp> app = apps.findByConsumerKey(consumerKey);
        if (app.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no app has consumer key " + Debug.quote(consumerKey) + " (" + rules.issuerSource() + ")");
        }
        attempt.app(app.get());
        return app.get();
    }
}
