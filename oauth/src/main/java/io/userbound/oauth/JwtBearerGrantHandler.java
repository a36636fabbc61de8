package io.userbound.oauth;

import com.nimbusds.jwt.SignedJWT;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.PermittedUsers;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.UsedJti;
import io.userbound.core.port.UserStore;
import io.userbound.protocol.GrantTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

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
 *   <li>{@code jti}: required if the app says so, and used once: the decision carries it ({@link JtiUse}) and the
 *       endpoint marks it in the same commit as the token, so a refused or unwritten grant never burns it.</li>
 * </ol>
 * Thread-safe.
 */
public final class JwtBearerGrantHandler implements GrantHandler {
    public static final String LOGIN_SUB_TYPE = "JWT Bearer";
    /** Assertions longer than this are refused without parsing. */
    public static final int MAX_ASSERTION_LENGTH = AssertionChecks.MAX_ASSERTION_LENGTH;
    /** The longest {@code jti} accepted. */
    public static final int MAX_JTI_LENGTH = AssertionChecks.MAX_JTI_LENGTH;
    private static final int MAX_RECORDED_LENGTH = 255;

    private final ConnectedAppStore apps;
    private final UserStore users;
    private final EffectivePermissions permissions;
    private final PermittedUsers permitted;
    private final ReplayGuard replay;
    private final AssertionChecks checks;
    private final Clock clock;

    public JwtBearerGrantHandler(ConnectedAppStore apps, CertificateStore certificates, UserStore users,
            EffectivePermissions permissions, PermittedUsers permitted, ReplayGuard replay, OAuthSettings settings,
            Clock clock) {
        this.apps = apps;
        this.checks = new AssertionChecks(AssertionChecks.GRANT, certificates, settings);
        this.users = users;
        this.permissions = permissions;
        this.permitted = permitted;
        this.replay = replay;
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
        String assertion = request.parameter("assertion");
        if (assertion == null) {
            // RFC 7523 section 2.1: "The value of the "assertion" parameter MUST contain a single JWT."
            throw new OAuthException(OAuthError.ASSERTION_MISSING, LoginReason.INVALID_REQUEST,
                    "no assertion parameter");
        }
        SignedJWT jws = checks.parse(assertion);
        Map<String, Object> claims = AssertionChecks.claims(jws);

        ConnectedApp app = app(claims.get("iss"), attempt);
        attempt.clients().verify(request.clientAuthentication(), app, attempt);
        AppCertificate certificate = checks.verifySignature(app, jws, now);
        attempt.certificateThumbprint(certificate.thumbprint());

        checks.checkAudience(claims.get("aud"));
        long exp = checks.checkTimes(claims, app, now);
        String jti = checks.checkJtiShape(claims.get("jti"));

        User user = user(claims, app, attempt);
        checkPolicy(app, user);

        if (jti == null) {
            if (app.jtiRequired()) {
                throw new OAuthException(OAuthError.JTI_REQUIRED, LoginReason.JTI_REQUIRED,
                        "app " + app.name() + " requires a jti claim");
            }
            return new GrantDecision(app, user, app.scopes());
        }
        // RFC 7523 section 3: the server MAY keep the set of used jti values to refuse replays. The endpoint marks
        // it in the token's own commit.
        return new GrantDecision(app, user, app.scopes(), new JtiUse(replay,
                new UsedJti(app.id(), jti, Instant.ofEpochSecond(exp + checks.skewSeconds())),
                OAuthError.JTI_REPLAYED, "jti " + Debug.quote(jti) + " was already used with app " + app.name()));
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
        if (permitted.mayLogIn(app, user)) {
            return;
        }
        if (app.policy() == PermittedUsersPolicy.ADMIN_APPROVED) {
            throw refuseUser(app, LoginReason.NOT_ADMIN_APPROVED, "neither the profile nor a permission set of "
                    + user.username() + " grants app " + app.name());
        }
        throw refuseUser(app, LoginReason.NOT_APPROVED, "user " + user.username() + " has not approved app "
                + app.name());
    }

    private static OAuthException refuseUser(ConnectedApp app, LoginReason reason, String debug) {
        OAuthError error = app.policy() == PermittedUsersPolicy.ADMIN_APPROVED
                ? OAuthError.NOT_ADMIN_APPROVED : OAuthError.NOT_APPROVED;
        return new OAuthException(error, reason, debug);
    }

    private OAuthException invalid(LoginReason reason, String debug) {
        return checks.invalid(reason, debug);
    }
}
