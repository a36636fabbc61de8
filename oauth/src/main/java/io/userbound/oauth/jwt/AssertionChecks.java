package io.userbound.oauth.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.CertificateStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.JwsAlgorithms;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.OAuthSettings;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The single steps of JWT assertion verification (shape, header, the app's algorithm allow-list, the signature
 * against the app's certificates, audience, times, the shape of {@code jti}), each refusing in the words of the
 * {@link AssertionRules} it is given. {@link AssertionVerifier} runs them in their one order. Thread-safe.
 */
public final class AssertionChecks {
    /** Assertions longer than this are refused without parsing. */
    public static final int MAX_ASSERTION_LENGTH = 16 * 1024;
    /** The longest {@code jti} accepted. */
    public static final int MAX_JTI_LENGTH = 255;
    private static final HexFormat HEX = HexFormat.of();

    private final CertificateStore certificates;
    private final CertificateKeys keys;
    private final Set<String> algorithmCeiling;
    private final Set<String> audiences;
    private final long skewSeconds;

    AssertionChecks(CertificateStore certificates, OAuthSettings settings) {
        this.certificates = certificates;
        this.keys = new CertificateKeys(certificates);
        this.algorithmCeiling = settings.algorithmCeiling();
        this.audiences = settings.acceptedAudiences();
        this.skewSeconds = settings.clockSkew().getSeconds();
    }

    long skewSeconds() {
        return skewSeconds;
    }

    /**
     * At most 16 KiB, a compact JWS, a header whose {@code alg} is never {@code none} or HMAC and within the
     * server's ceiling, no {@code zip}, a {@code typ} that is absent or accepted, and a JSON object payload.
     *
     * @param assertion never null
     */
    SignedJWT parse(String assertion, AssertionRules rules) {
        if (assertion.length() > MAX_ASSERTION_LENGTH) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION,
                    rules.what() + " is " + assertion.length() + " characters, above " + MAX_ASSERTION_LENGTH);
        }
        if (!isCompactJws(assertion)) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION,
                    rules.what() + " is not a compact JWS (three base64url parts separated by dots)");
        }
        SignedJWT jws;
        try {
            jws = SignedJWT.parse(assertion);
        } catch (ParseException | RuntimeException e) {
            // a header Nimbus reads as JSON null ("null{...}") makes it throw a NullPointerException, not a
            // ParseException: still the client's malformed assertion (found by JwtAssertionFuzzTest)
            String alg = unverifiedAlg(assertion);
            if (alg != null && JwsAlgorithms.isForbidden(alg)) {
                throw invalid(rules, LoginReason.ALGORITHM_NOT_ALLOWED,
                        "alg " + Debug.quote(alg) + " is never accepted");
            }
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "the JWS header cannot be parsed: " + e.getMessage());
        }
        JWSHeader header = jws.getHeader();
        String alg = header.getAlgorithm().getName();
        // salesforce-compat.md 9.2: "alg: none and HMAC algorithms are always refused"
        if (JwsAlgorithms.isForbidden(alg) || !algorithmCeiling.contains(alg)) {
            throw invalid(rules, LoginReason.ALGORITHM_NOT_ALLOWED, "alg " + Debug.quote(alg)
                    + " is not accepted on this server (ceiling " + algorithmCeiling + ")");
        }
        // RFC 7516 section 4.1.3 defines zip for JWE only; a JWS payload is never compressed, and a server that
        // inflated one would give a 16 KiB assertion the power of a compression bomb
        if (header.getCustomParam("zip") != null || header.toJSONObject().containsKey("zip")) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION,
                    "zip header " + Debug.quote(header.toJSONObject().get("zip"))
                    + " is not supported: a JWS payload is not compressed");
        }
        JOSEObjectType typ = header.getType();
        if (typ != null && !rules.types().contains(typ.getType().toLowerCase(Locale.ROOT))) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "typ header " + Debug.quote(typ.getType())
                    + " is not one of " + rules.types());
        }
        if (jws.getPayload().toJSONObject() == null) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "the payload is not a JSON object");
        }
        return jws;
    }

    /** The payload of a JWS that {@link #parse} accepted. */
    static Map<String, Object> claims(SignedJWT jws) {
        return jws.getPayload().toJSONObject();
    }

    /** Three non-empty-header parts of base64url characters; a JWE (five parts) or padded base64 fails. */
    private static boolean isCompactJws(String s) {
        int dots = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return dots == 2 && s.charAt(0) != '.';
    }

    private static String unverifiedAlg(String assertion) {
        try {
            String header = new Base64URL(assertion.substring(0, assertion.indexOf('.'))).decodeToString();
            Object alg = JSONObjectUtils.parse(header).get("alg");
            return alg instanceof String s ? s : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The signature: the algorithm must be one the app allows, and one of the app's active certificates valid now
     * must verify it (the one named by {@code x5t#S256} or {@code kid} is tried first). The key material in the header
     * itself ({@code x5c}, {@code jwk}, ...) is never used. Records the certificate's use.
     *
     * @return the certificate that verified the signature
     */
    AppCertificate verifySignature(ConnectedApp app, SignedJWT jws, Instant now, AssertionRules rules) {
        String alg = jws.getHeader().getAlgorithm().getName();
        if (!app.allowedAlgorithms().contains(alg)) {
            throw invalid(rules, LoginReason.ALGORITHM_NOT_ALLOWED,
                    "alg " + Debug.quote(alg) + " is not allowed for app "
                    + app.name() + " (allowed " + app.allowedAlgorithms() + ")");
        }
        AppCertificate certificate = findVerifier(app, jws, now, rules);
        keys.markUsed(certificate, now);
        return certificate;
    }

    private AppCertificate findVerifier(ConnectedApp app, SignedJWT jws, Instant now, AssertionRules rules) {
        List<AppCertificate> active = certificates.activeForApp(app.id());
        String hint = thumbprintHint(jws.getHeader());
        AppCertificate tried = null;
        if (hint != null) {
            for (AppCertificate c : active) {
                if (c.active() && c.isValidAt(now) && c.thumbprint().equalsIgnoreCase(hint)) {
                    if (keys.verifies(c, jws)) {
                        return c;
                    }
                    tried = c;
                    break;
                }
            }
        }
        int valid = tried == null ? 0 : 1;
        for (AppCertificate c : active) {
            if (c != tried && c.active() && c.isValidAt(now)) {
                valid++;
                if (keys.verifies(c, jws)) {
                    return c;
                }
            }
        }
        for (AppCertificate c : active) {
            if (c.active() && !c.isValidAt(now) && keys.verifies(c, jws)) {
                throw invalid(rules, LoginReason.NO_VALID_CERTIFICATE, "signed with certificate " + c.thumbprint()
                        + " of app " + app.name() + ", valid only from " + c.notBefore() + " to " + c.notAfter());
            }
        }
        if (valid == 0) {
            throw invalid(rules, LoginReason.NO_VALID_CERTIFICATE,
                    "app " + app.name() + " has no active certificate valid at "
                    + now + " (" + active.size() + " active)");
        }
        throw invalid(rules, LoginReason.INVALID_SIGNATURE, "the " + jws.getHeader().getAlgorithm()
                + " signature verifies with none of the " + valid + " valid certificates of app " + app.name()
                + " (kid " + Debug.quote(jws.getHeader().getKeyID()) + ")");
    }

    /** The lower-case hex SHA-256 thumbprint the header names, from {@code x5t#S256} or else {@code kid}. */
    private static String thumbprintHint(JWSHeader header) {
        Base64URL x5t = header.getX509CertSHA256Thumbprint();
        if (x5t != null) {
            return HEX.formatHex(x5t.decode());
        }
        return header.getKeyID();
    }

    /** {@code aud} (a string or an array) names one of the accepted audiences. */
    void checkAudience(Object aud, AssertionRules rules) {
        if (aud instanceof String value) {
            if (audiences.contains(value)) {
                return;
            }
        } else if (aud instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String s && audiences.contains(s)) {
                    return;
                }
            }
        }
        // RFC 7523 section 3: "The JWT MUST contain an "aud" (audience) claim containing a value that identifies
        // the authorization server as an intended audience."
        throw new OAuthException(rules.audience(), LoginReason.AUDIENCE_INVALID,
                rules.what() + " aud " + Debug.quote(aud) + " names none of the accepted audiences " + audiences);
    }

    /**
     * {@code exp} required (number or numeric string, milliseconds normalised), not past beyond the skew;
     * {@code nbf} and {@code iat} not ahead beyond the skew; {@code exp - iat} (or {@code exp - now}) within the app's
     * cap.
     *
     * @return {@code exp} in seconds
     */
    long checkTimes(Map<String, Object> claims, ConnectedApp app, Instant now, AssertionRules rules) {
        long nowSeconds = now.getEpochSecond();
        // RFC 7523 section 3: "The JWT MUST contain an "exp" (expiration time) claim"
        long exp = NumericDates.seconds(claims.get("exp"));
        if (exp == NumericDates.MISSING || exp == NumericDates.INVALID) {
            throw new OAuthException(rules.expInvalid(),
                    exp == NumericDates.MISSING ? LoginReason.MISSING_CLAIM : LoginReason.MALFORMED_ASSERTION,
                    rules.what() + " exp claim " + Debug.quote(claims.get("exp")) + " is missing or not a number");
        }
        // RFC 7523 section 3: "The authorization server MUST reject any JWT with an expiration time that has passed"
        if (exp + skewSeconds < nowSeconds) {
            throw new OAuthException(rules.expired(), LoginReason.ASSERTION_EXPIRED,
                    rules.what() + " exp " + Instant.ofEpochSecond(exp) + " is before " + now + " minus the skew of "
                            + skewSeconds + " s");
        }
        long nbf = NumericDates.seconds(claims.get("nbf"));
        if (nbf == NumericDates.INVALID) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "nbf claim " + Debug.quote(claims.get("nbf"))
                    + " is not a number");
        }
        if (nbf != NumericDates.MISSING && nbf > nowSeconds + skewSeconds) {
            throw new OAuthException(rules.notYetValid(), LoginReason.ASSERTION_NOT_YET_VALID,
                    rules.what() + " nbf " + Instant.ofEpochSecond(nbf) + " is after " + now + " plus the skew of "
                            + skewSeconds + " s");
        }
        long iat = NumericDates.seconds(claims.get("iat"));
        if (iat == NumericDates.INVALID) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "iat claim " + Debug.quote(claims.get("iat"))
                    + " is not a number");
        }
        // An assertion cannot have been issued in the future: an iat beyond now plus the skew is refused (else an
        // iat days ahead with a near exp would pass the lifetime cap, exp - iat being negative)
        if (iat != NumericDates.MISSING && iat > nowSeconds + skewSeconds) {
            throw new OAuthException(rules.notYetValid(), LoginReason.ASSERTION_NOT_YET_VALID,
                    rules.what() + " iat " + Instant.ofEpochSecond(iat) + " is after " + now + " plus the skew of "
                            + skewSeconds + " s");
        }
        long from = iat == NumericDates.MISSING ? nowSeconds : iat;
        long lifetime = exp - from;
        long cap = app.assertionMaxLifetime().getSeconds();
        if (lifetime > cap) {
            throw new OAuthException(rules.lifetimeExceeded(), LoginReason.LIFETIME_EXCEEDED,
                    rules.what() + " exp - " + (iat == NumericDates.MISSING ? "now" : "iat") + " = " + lifetime
                            + " s exceeds the cap of " + cap + " s of app " + app.name());
        }
        return exp;
    }

    /** @return the {@code jti} claim (a string of 1 to 255 characters), or null when absent */
    String checkJtiShape(Object jti, AssertionRules rules) {
        if (jti == null) {
            return null;
        }
        if (!(jti instanceof String s) || s.isEmpty() || s.length() > MAX_JTI_LENGTH) {
            throw invalid(rules, LoginReason.MALFORMED_ASSERTION, "jti claim " + Debug.quote(jti)
                    + " is not a string of 1 to " + MAX_JTI_LENGTH + " characters");
        }
        return s;
    }

    /** The use's generic refusal ({@code invalid assertion} / {@code invalid client assertion}). */
    static OAuthException invalid(AssertionRules rules, LoginReason reason, String debug) {
        return new OAuthException(rules.invalid(), reason, debug);
    }
}
