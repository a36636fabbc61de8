package io.userbound.core.admin;

import io.userbound.core.ApiException;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who makes an API request: the access token it presented, the user the token is bound to, and that user's
 * effective system permissions (profile plus permission sets) at the time of the request.
 *
 * @param token the presented token's record; never null
 * @param user the token's user, active and of the token's org; never null
 * @param permissions the user's effective system permissions; never null
 */
public record Caller(AccessTokenRecord token, User user, Set<SystemPermission> permissions) {

    public Caller {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** Builds the caller of a token, computing the user's permissions now. */
    public static Caller of(AccessTokenRecord token, User user, EffectivePermissions effectivePermissions) {
        return new Caller(token, user, effectivePermissions.of(user));
    }

    public String orgId() {
        return user.orgId();
    }

    public String userId() {
        return user.id();
    }

    /** The connected app whose token this is. */
    public String appId() {
        return token.appId();
    }

    public boolean has(SystemPermission permission) {
        return permissions.contains(permission);
    }

    /**
     * Refuses unless the caller holds the permission.
     *
     * @param what the action, completing "... permission is required to"
     * @throws ApiException {@code INSUFFICIENT_ACCESS}
     */
    public void require(SystemPermission permission, String what) {
        if (!has(permission)) {
            throw ApiException.insufficientAccess(
                    "Insufficient access: " + permission.apiName() + " permission is required to " + what);
        }
    }

    /** Refuses unless the caller holds at least one of the permissions; see {@link #require}. */
    public void requireAny(String what, SystemPermission... permissions) {
        for (SystemPermission p : permissions) {
            if (has(p)) {
                return;
            }
        }
        throw ApiException.insufficientAccess("Insufficient access: " + String.join(" or ",
                java.util.Arrays.stream(permissions).map(SystemPermission::apiName).toList())
                + " permission is required to " + what);
    }
}
