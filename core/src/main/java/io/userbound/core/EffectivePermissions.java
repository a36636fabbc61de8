package io.userbound.core;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.ProfileStore;
import java.util.EnumSet;
import java.util.Set;

/** A user's effective system permissions: the union over the user's profile and assigned permission sets. */
public final class EffectivePermissions {
    private final ProfileStore profiles;
    private final PermissionSetStore permissionSets;

    public EffectivePermissions(ProfileStore profiles, PermissionSetStore permissionSets) {
        this.profiles = profiles;
        this.permissionSets = permissionSets;
    }

    /** @return the union, never null; empty when the profile is missing and no set is assigned */
    public Set<SystemPermission> of(User user) {
        EnumSet<SystemPermission> out = EnumSet.noneOf(SystemPermission.class);
        profiles.findById(user.profileId()).ifPresent(p -> out.addAll(p.permissions()));
        for (PermissionSet ps : permissionSets.assignedTo(user.id())) {
            out.addAll(ps.permissions());
        }
        return out;
    }

    /** Whether the user holds the permission through the profile or any permission set. */
    public boolean has(User user, SystemPermission permission) {
        return of(user).contains(permission);
    }
}
