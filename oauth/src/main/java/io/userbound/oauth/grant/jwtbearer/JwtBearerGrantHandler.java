package io.userbound.oauth.grant.jwtbearer;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.User;
import io.userbound.core.port.UsedJti;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.grant.AuthenticatedClient;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.JtiUse;
import io.userbound.oauth.grant.TokenHolderPolicy;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.oauth.jwt.AssertionChecks;
import io.userbound.oauth.jwt.AssertionRules;
import io.userbound.oauth.jwt.AssertionVerifier;
import io.userbound.oauth.jwt.VerifiedAssertion;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.token.JwtBearerGrantRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The JWT bearer grant (RFC 7523 section 2.1) as Salesforce clients use it ({@code salesforce-compat.md} sections 2
 * and 9). A fixed pipeline; the first failing step refuses the request:
 * <ol>
 *   <li>{@code assertion} present; then {@link AssertionVerifier} with {@link AssertionRules#GRANT}: at most 16 KiB,
 *       a compact JWS;</li>
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

    private final AssertionVerifier assertions;
    private final UserStore users;
    private final TokenHolderPolicy holders;

    public JwtBearerGrantHandler(AssertionVerifier assertions, UserStore users, TokenHolderPolicy holders) {
        this.assertions = assertions;
        this.users = users;
        this.holders = holders;
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
    public ClientAuthenticationRule clientAuthentication() {
        return ClientAuthenticationRule.NAMED_BY_GRANT;
    }

    @Override
    public GrantDecision decide(TokenRequest request, AuthenticatedClient client, LoginAttempt attempt) {
        if (!(client instanceof AuthenticatedClient.NamedByGrant named)) {
            throw new IllegalStateException("the JWT bearer grant names its client in iss");
        }
        String assertion = request.grant(JwtBearerGrantRequest.class).assertion();
        if (assertion == null) {
            // RFC 7523 section 2.1: "The value of the "assertion" parameter MUST contain a single JWT."
            throw new OAuthException(OAuthError.ASSERTION_MISSING, LoginReason.INVALID_REQUEST,
                    "no assertion parameter");
        }
        // the client the assertion names must be the one the request's credentials name, if any
        VerifiedAssertion verified = assertions.verify(assertion,
                AssertionRules.GRANT.withIssuerCheck((app, claims) -> named.confirm(app, attempt)), attempt);
        ConnectedApp app = verified.app();

        User user = user(verified.claims(), app, attempt);
        checkPolicy(app, user);

        if (verified.jti() == null) {
            if (app.jtiRequired()) {
                throw new OAuthException(OAuthError.JTI_REQUIRED, LoginReason.JTI_REQUIRED,
                        "app " + app.name() + " requires a jti claim");
            }
            return new GrantDecision(app, user, app.scopes());
        }
        // RFC 7523 section 3: the server MAY keep the set of used jti values to refuse replays. The endpoint marks
        // it in the token's own commit.
        return new GrantDecision(app, user, app.scopes(), new JtiUse(
                new UsedJti(app.id(), verified.jti(), verified.replayUntil()), OAuthError.JTI_REPLAYED,
                "jti " + Debug.quote(verified.jti()) + " was already used with app " + app.name()));
    }

    /**
     * The subject as an active, API-enabled user of the app's org. Every refusal here gives the client the same
     * answer as a user the policy does not admit, so usernames cannot be probed.
     */
    private User user(Map<String, Object> claims, ConnectedApp app, LoginAttempt attempt) {
        // salesforce-compat.md 2.3: "if both are present Salesforce uses prn"
        Object subject = claims.get("prn") != null ? claims.get("prn") : claims.get("sub");
        if (!(subject instanceof String username) || username.isEmpty()) {
            throw AssertionVerifier.invalid(AssertionRules.GRANT,
                    subject == null ? LoginReason.MISSING_CLAIM : LoginReason.MALFORMED_ASSERTION,
                    "sub (or prn) claim " + Debug.quote(subject) + " is missing or not a string");
        }
        attempt.username(username);
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
        TokenHolderPolicy.Refusal refusal = holders.refusal(user);
        if (refusal != null) {
            throw refuseUser(app, refusal.reason(), "user " + user.username() + " " + refusal.why());
        }
        return user;
    }

    private void checkPolicy(ConnectedApp app, User user) {
        if (holders.mayLogIn(app, user)) {
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
}
