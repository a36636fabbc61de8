package io.userbound.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.UserStore;
import io.userbound.protocol.GrantTypes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JWT bearer grant (RFC 7523 section 2.1) as Salesforce clients use it ({@code salesforce-compat.md} sections 2
 * and 9). A fixed pipeline; the first failing step refuses the request:
 * <ol>
 *   <li>{@code assertion} present, at most 16 KiB, a compact JWS;</li>
 *   <li>header: {@code alg} never {@code none} or HMAC and within the server's ceiling, {@code typ} absent or
 *       {@code JWT}; key-carrying headers ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are ignored;</li>
 *   <li>{@code iss} names an app; client authentication, if any, names the same app; {@code alg} is one the app
 *       allows;</li>
 *   <li>the signature verifies with one of the app's active certificates valid now;</li>
 *   <li>{@code aud} is an accepted audience; {@code exp}, {@code nbf} and the lifetime cap, with clock skew;</li>
 *   <li>{@code prn} (else {@code sub}) is an active, API-enabled user of the app's org who may log in;</li>
 *   <li>the app's permitted-users policy admits the user;</li>
 *   <li>{@code jti}: required if the app says so, and used once ({@link ReplayGuard}); last, so a refused request
 *       never burns a {@code jti}.</li>
 * </ol>
 * Thread-safe.
 */
public final class JwtBearerGrantHandler implements GrantHandler {
    public static final String LOGIN_SUB_TYPE = "JWT Bearer";
    /** Assertions longer than this are refused without parsing. */
    public static final int MAX_ASSERTION_LENGTH = 16 * 1024;
    /** The longest {@code jti} accepted. */
    public static final int MAX_JTI_LENGTH = 255;
    private static final int MAX_RECORDED_LENGTH = 255;
    private static final HexFormat HEX = HexFormat.of();

    private final ConnectedAppStore apps;
    private final UserStore users;
    private final EffectivePermissions permissions;
    private final AppAccessStore access;
    private final ApprovalStore approvals;
    private final ReplayGuard replay;
    private final CertificateStore certificates;
    private final CertificateKeys keys;
    private final Set<String> algorithmCeiling;
    private final Set<String> audiences;
    private final long skewSeconds;
    private final Clock clock;

    public JwtBearerGrantHandler(ConnectedAppStore apps, CertificateStore certificates, UserStore users,
            EffectivePermissions permissions, AppAccessStore access, ApprovalStore approvals, ReplayGuard replay,
            OAuthSettings settings, Clock clock) {
        this.apps = apps;
        this.certificates = certificates;
        this.keys = new CertificateKeys(certificates);
        this.users = users;
        this.permissions = permissions;
        this.access = access;
        this.approvals = approvals;
        this.replay = replay;
        this.algorithmCeiling = settings.algorithmCeiling();
        this.audiences = settings.acceptedAudiences();
        this.skewSeconds = settings.clockSkew().getSeconds();
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return GrantTypes.JWT_BEARER;
    }

    @Override
    public String loginSubType() {
        return LOGIN_SUB_TYPE;
    }

    @Override
    public GrantDecision decide(TokenRequest request, LoginAttempt attempt) {
        Instant now = clock.instant();
        SignedJWT jws = parse(request.parameter("assertion"));
        JWSHeader header = jws.getHeader();
        String alg = header.getAlgorithm().getName();
        // salesforce-compat.md 9.2: "alg: none and HMAC algorithms are always refused"
        if (JwsAlgorithms.isForbidden(alg) || !algorithmCeiling.contains(alg)) {
            throw invalid(LoginReason.ALGORITHM_NOT_ALLOWED, "alg " + Debug.quote(alg)
                    + " is not accepted on this server (ceiling " + algorithmCeiling + ")");
        }
        JOSEObjectType typ = header.getType();
        if (typ != null && !"JWT".equalsIgnoreCase(typ.getType())) {
            throw invalid(LoginReason.MALFORMED_ASSERTION, "typ header " + Debug.quote(typ.getType()) + " is not JWT");
        }
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        if (claims == null) {
            throw invalid(LoginReason.MALFORMED_ASSERTION, "the payload is not a JSON object");
        }

        ConnectedApp app = app(claims.get("iss"), attempt);
        attempt.clients().verify(attempt.request().clientAuthentication(), app);
        if (!app.allowedAlgorithms().contains(alg)) {
            throw invalid(LoginReason.ALGORITHM_NOT_ALLOWED, "alg " + Debug.quote(alg) + " is not allowed for app "
                    + app.name() + " (allowed " + app.allowedAlgorithms() + ")");
        }
        AppCertificate certificate = verifySignature(app, jws, now);
        attempt.certificateThumbprint(certificate.thumbprint());
        keys.markUsed(certificate, now);

        checkAudience(claims.get("aud"));
        long exp = checkTimes(claims, app, now);
        Object jti = checkJtiShape(claims.get("jti"));

        User user = user(claims, app, attempt);
        checkPolicy(app, user);

        if (jti == null) {
            if (app.jtiRequired()) {
                throw new OAuthException(OAuthError.JTI_REQUIRED, LoginReason.JTI_REQUIRED,
                        "app " + app.name() + " requires a jti claim");
            }
        } else if (!replay.firstUse(app.id(), (String) jti, Instant.ofEpochSecond(exp + skewSeconds))) {
            // RFC 7523 section 3: the server MAY keep the set of used jti values to refuse replays
            throw new OAuthException(OAuthError.JTI_REPLAYED, LoginReason.JTI_REPLAYED,
                    "jti " + Debug.quote(jti) + " was already used with app " + app.name());
        }
        return new GrantDecision(app, user, app.scopes());
    }

    private static SignedJWT parse(String assertion) {
        if (assertion == null) {
            // RFC 7523 section 2.1: "The value of the "assertion" parameter MUST contain a single JWT."
            throw new OAuthException(OAuthError.ASSERTION_MISSING, LoginReason.INVALID_REQUEST,
                    "no assertion parameter");
        }
        if (assertion.length() > MAX_ASSERTION_LENGTH) {
            throw invalid(LoginReason.MALFORMED_ASSERTION,
                    "assertion is " + assertion.length() + " characters, above " + MAX_ASSERTION_LENGTH);
        }
        if (!isCompactJws(assertion)) {
            throw invalid(LoginReason.MALFORMED_ASSERTION,
                    "assertion is not a compact JWS (three base64url parts separated by dots)");
        }
        try {
            return SignedJWT.parse(assertion);
        } catch (ParseException e) {
            String alg = unverifiedAlg(assertion);
            if (alg != null && JwsAlgorithms.isForbidden(alg)) {
                throw invalid(LoginReason.ALGORITHM_NOT_ALLOWED, "alg " + Debug.quote(alg) + " is never accepted");
            }
            throw invalid(LoginReason.MALFORMED_ASSERTION, "the JWS header cannot be parsed: " + e.getMessage());
        }
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

    private ConnectedApp app(Object iss, LoginAttempt attempt) {
        if (!(iss instanceof String consumerKey) || consumerKey.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "iss claim " + Debug.quote(iss) + " is missing or not a string");
        }
        attempt.consumerKey(Debug.bounded(consumerKey, MAX_RECORDED_LENGTH));
        Optional<ConnectedApp> app = apps.findByConsumerKey(consumerKey);
        if (app.isEmpty()) {
            throw new OAuthException(OAuthError.UNKNOWN_CLIENT, LoginReason.UNKNOWN_CLIENT,
                    "no app has consumer key " + Debug.quote(consumerKey) + " (iss)");
        }
        attempt.app(app.get());
        return app.get();
    }

    /**
     * Tries the app's active certificates that are valid now, the one named by {@code x5t#S256} or {@code kid}
     * first. The certificate bytes in the header itself ({@code x5c}, {@code jwk}, ...) are never used.
     */
    private AppCertificate verifySignature(ConnectedApp app, SignedJWT jws, Instant now) {
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
                throw invalid(LoginReason.NO_VALID_CERTIFICATE, "signed with certificate " + c.thumbprint()
                        + " of app " + app.name() + ", valid only from " + c.notBefore() + " to " + c.notAfter());
            }
        }
        if (valid == 0) {
            throw invalid(LoginReason.NO_VALID_CERTIFICATE, "app " + app.name() + " has no active certificate valid at "
                    + now + " (" + active.size() + " active)");
        }
        throw invalid(LoginReason.INVALID_SIGNATURE, "the " + jws.getHeader().getAlgorithm()
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

    private void checkAudience(Object aud) {
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
        throw new OAuthException(OAuthError.AUDIENCE_INVALID, LoginReason.AUDIENCE_INVALID,
                "aud " + Debug.quote(aud) + " names none of the accepted audiences " + audiences);
    }

    /** @return {@code exp} in seconds */
    private long checkTimes(Map<String, Object> claims, ConnectedApp app, Instant now) {
        long nowSeconds = now.getEpochSecond();
        // RFC 7523 section 3: "The JWT MUST contain an "exp" (expiration time) claim"
        long exp = NumericDates.seconds(claims.get("exp"));
        if (exp == NumericDates.MISSING || exp == NumericDates.INVALID) {
            throw new OAuthException(OAuthError.EXP_INVALID,
                    exp == NumericDates.MISSING ? LoginReason.MISSING_CLAIM : LoginReason.MALFORMED_ASSERTION,
                    "exp claim " + Debug.quote(claims.get("exp")) + " is missing or not a number");
        }
        // RFC 7523 section 3: "The authorization server MUST reject any JWT with an expiration time that has passed"
        if (exp + skewSeconds < nowSeconds) {
            throw new OAuthException(OAuthError.ASSERTION_EXPIRED, LoginReason.ASSERTION_EXPIRED,
                    "exp " + Instant.ofEpochSecond(exp) + " is before " + now + " minus the skew of " + skewSeconds
                            + " s");
        }
        long nbf = NumericDates.seconds(claims.get("nbf"));
        if (nbf == NumericDates.INVALID) {
            throw invalid(LoginReason.MALFORMED_ASSERTION, "nbf claim " + Debug.quote(claims.get("nbf"))
                    + " is not a number");
        }
        if (nbf != NumericDates.MISSING && nbf > nowSeconds + skewSeconds) {
            throw new OAuthException(OAuthError.ASSERTION_NOT_YET_VALID, LoginReason.ASSERTION_NOT_YET_VALID,
                    "nbf " + Instant.ofEpochSecond(nbf) + " is after " + now + " plus the skew of " + skewSeconds
                            + " s");
        }
        long iat = NumericDates.seconds(claims.get("iat"));
        if (iat == NumericDates.INVALID) {
            throw invalid(LoginReason.MALFORMED_ASSERTION, "iat claim " + Debug.quote(claims.get("iat"))
                    + " is not a number");
        }
        // iat is trusted at most one skew into the future, so a forged iat cannot stretch the lifetime cap
        long from = iat == NumericDates.MISSING ? nowSeconds : Math.min(iat, nowSeconds + skewSeconds);
        long lifetime = exp - from;
        long cap = app.assertionMaxLifetime().getSeconds();
        if (lifetime > cap) {
            throw new OAuthException(OAuthError.LIFETIME_EXCEEDED, LoginReason.LIFETIME_EXCEEDED,
                    "exp - " + (iat == NumericDates.MISSING ? "now" : "iat") + " = " + lifetime
                            + " s exceeds the cap of " + cap + " s of app " + app.name());
        }
        return exp;
    }

    private static Object checkJtiShape(Object jti) {
        if (jti != null && (!(jti instanceof String s) || s.isEmpty() || s.length() > MAX_JTI_LENGTH)) {
            throw invalid(LoginReason.MALFORMED_ASSERTION, "jti claim " + Debug.quote(jti)
                    + " is not a string of 1 to " + MAX_JTI_LENGTH + " characters");
        }
        return jti;
    }

    /**
     * The subject as an active, API-enabled user of the app's org. Every refusal here gives the client the same
     * answer as a user the policy does not admit, so usernames cannot be probed.
     */
    private User user(Map<String, Object> claims, ConnectedApp app, LoginAttempt attempt) {
        // salesforce-compat.md 2.3: "if both are present Salesforce uses prn"
        Object subject = claims.get("prn") != null ? claims.get("prn") : claims.get("sub");
        if (!(subject instanceof String username) || username.isEmpty()) {
            throw invalid(subject == null ? LoginReason.MISSING_CLAIM : LoginReason.MALFORMED_ASSERTION,
                    "sub (or prn) claim " + Debug.quote(subject) + " is missing or not a string");
        }
        attempt.username(Debug.bounded(username, MAX_RECORDED_LENGTH));
        Optional<User> found = users.findByUsername(username);
        if (found.isEmpty()) {
            throw refuseUser(app, LoginReason.USER_UNKNOWN, "no user " + Debug.quote(username));
        }
        User user = found.get();
        if (!app.orgId().equals(user.orgId())) {
            throw refuseUser(app, LoginReason.USER_UNKNOWN, "user " + Debug.quote(username)
                    + " belongs to another org than app " + app.name());
        }
        attempt.user(user);
        if (user.type() == UserType.AUTOMATED_PROCESS) {
            throw refuseUser(app, LoginReason.USER_CANNOT_LOG_IN, "user " + user.username()
                    + " is the Automated Process user, which never logs in");
        }
        if (!user.active()) {
            throw refuseUser(app, LoginReason.USER_INACTIVE, "user " + user.username() + " is inactive");
        }
        if (!permissions.has(user, SystemPermission.API_ENABLED)) {
            throw refuseUser(app, LoginReason.USER_NOT_API_ENABLED, "user " + user.username()
                    + " lacks ApiEnabled in the profile and every permission set");
        }
        return user;
    }

    private void checkPolicy(ConnectedApp app, User user) {
        if (app.policy() == PermittedUsersPolicy.ADMIN_APPROVED) {
            if (!access.isGranted(app.id(), user.id(), user.profileId())) {
                throw refuseUser(app, LoginReason.NOT_ADMIN_APPROVED, "neither the profile nor a permission set of "
                        + user.username() + " grants app " + app.name());
            }
        } else if (approvals.find(app.id(), user.id()).isEmpty()) {
            throw refuseUser(app, LoginReason.NOT_APPROVED, "user " + user.username() + " has not approved app "
                    + app.name());
        }
    }

    private static OAuthException refuseUser(ConnectedApp app, LoginReason reason, String debug) {
        OAuthError error = app.policy() == PermittedUsersPolicy.ADMIN_APPROVED
                ? OAuthError.NOT_ADMIN_APPROVED : OAuthError.NOT_APPROVED;
        return new OAuthException(error, reason, debug);
    }

    private static OAuthException invalid(LoginReason reason, String debug) {
        return new OAuthException(OAuthError.INVALID_ASSERTION, reason, debug);
    }
}
