package io.userbound.core;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.User;
import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.protocol.GrantTypes;

/**
 * Whether a user may use a connected app, by the app's permitted-users policy ({@code salesforce-compat.md} sections
 * 2.4 and 3.2): under {@code admin-approved} the user's profile or one of the user's permission sets must grant the
 * app; under {@code self-authorize} the user must have approved it. The client credentials flow runs as the app's
 * run-as user, who needs no approval of their own but, under {@code admin-approved}, the grant like anyone else.
 *
 * <p>The token endpoint asks before it issues a token ({@link #mayLogIn}, {@link #mayRunAs}); the REST API and
 * introspection ask on every use of a token ({@link #mayHoldTokens}, by the grant that issued it), so a token stops working as soon as its user's
 * access to its app ends; and the admin changes that end someone's access revoke the tokens concerned. Only the policy:
 * whether the user is active is the caller's check. Thread-safe when the stores are.
 */
public final class PermittedUsers {
    private final AppAccessStore access;
    private final ApprovalStore approvals;

    public PermittedUsers(AppAccessStore access, ApprovalStore approvals) {
        this.access = access;
        this.approvals = approvals;
    }

    /** Whether {@code user} may get a token of {@code app} by naming themselves (the JWT bearer grant). */
    public boolean mayLogIn(ConnectedApp app, User user) {
        if (app.policy() == PermittedUsersPolicy.ADMIN_APPROVED) {
            return access.isGranted(app.id(), user.id(), user.profileId());
        }
        return approvals.find(app.id(), user.id()).isPresent();
    }

    /**
     * Whether the client credentials flow of {@code app} may run as {@code user}: the flow is enabled, the user is its
     * run-as user, and under {@code admin-approved} the user is granted the app.
     */
    public boolean mayRunAs(ConnectedApp app, User user) {
        if (!app.clientCredentialsEnabled() || !user.id().equals(app.runAsUserId())) {
            return false;
        }
        return app.policy() != PermittedUsersPolicy.ADMIN_APPROVED
                || access.isGranted(app.id(), user.id(), user.profileId());
    }

    /**
     * Whether a token that {@code app} issued to {@code user} by {@code grantType} may still be used: the way it was
     * got must still be open.
     *
     * @param grantType the token's {@code grant_type}; null (not known, for tokens issued before it was recorded)
     *     when either way will do
     */
    public boolean mayHoldTokens(ConnectedApp app, User user, String grantType) {
        if (!app.orgId().equals(user.orgId())) {
            return false;
        }
        if (GrantTypes.CLIENT_CREDENTIALS.equals(grantType)) {
            return mayRunAs(app, user);
        }
        if (GrantTypes.JWT_BEARER.equals(grantType)) {
            return mayLogIn(app, user);
        }
        return mayLogIn(app, user) || mayRunAs(app, user);
    }
}
