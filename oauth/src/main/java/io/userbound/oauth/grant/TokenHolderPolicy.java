package io.userbound.oauth.grant;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.PermittedUsers;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;

/**
 * Who may get and hold a token of an app, for every grant and for introspection: the user rules (never the
 * Automated Process user, active, API enabled) and the app's permitted-users policy ({@link PermittedUsers}:
 * admin-approved through the profile or a permission set, self-authorize by approval, the client credentials run-as
 * user). Thread-safe.
 */
public final class TokenHolderPolicy {
    /**
     * The first user rule a user breaks.
     *
     * @param reason the typed reason for the audit row
     * @param why completes "user X ..." in the debug detail
     */
    public record Refusal(LoginReason reason, String why) {
    }

    private final EffectivePermissions permissions;
    private final PermittedUsers permitted;

    public TokenHolderPolicy(EffectivePermissions permissions, PermittedUsers permitted) {
        this.permissions = permissions;
        this.permitted = permitted;
    }

    /**
     * The rules of a user who is to get a token, in their order.
     *
     * @return the first rule broken; null when the user may get a token
     */
    public Refusal refusal(User user) {
        if (user.type() == UserType.AUTOMATED_PROCESS) {
            return new Refusal(LoginReason.USER_CANNOT_LOG_IN, "is the Automated Process user, which never logs in");
        }
        if (!user.active()) {
            return new Refusal(LoginReason.USER_INACTIVE, "is inactive");
        }
        if (!permissions.has(user, SystemPermission.API_ENABLED)) {
            return new Refusal(LoginReason.USER_NOT_API_ENABLED,
                    "lacks ApiEnabled in the profile and every permission set");
        }
        return null;
    }

    /** The JWT bearer grant: the app's policy admits the user (admin approved, or approved by the user). */
    public boolean mayLogIn(ConnectedApp app, User user) {
        return permitted.mayLogIn(app, user);
    }

    /** The client credentials grant: the app may run as its run-as user. */
    public boolean mayRunAs(ConnectedApp app, User user) {
        return permitted.mayRunAs(app, user);
    }

    /**
     * A token still speaks for its user (introspection): the user is active and of the token's org, and may still
     * use the token's app by the grant that issued it.
     */
    public boolean mayHold(ConnectedApp app, User user, AccessTokenRecord token) {
        return user.active() && user.orgId().equals(token.orgId())
                && permitted.mayHoldTokens(app, user, token.grantType());
    }
}
