package io.userbound.core.admin.access;

import static io.userbound.core.admin.AdminSupport.SECTION_USERS;
import static io.userbound.core.admin.AdminSupport.duplicate;
import static io.userbound.core.admin.AdminSupport.pathId;

import io.userbound.core.ApiException;
import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.AdminSupport;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.protocol.KeyPrefix;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Profiles and permission sets with their system permissions ({@code sobjects/Profile},
 * {@code sobjects/PermissionSet}). Which apps they grant is {@link io.userbound.core.admin.appaccess.AppAccessAdmin};
 * who holds a permission set is {@link io.userbound.core.admin.users.UserAdmin}.
 */
public final class AccessAdmin {
    private final AdminSupport support;
    private final AdminPorts ports;

    public AccessAdmin(AdminSupport support) {
        this.support = support;
        this.ports = support.ports();
    }

    /** {@code GET sobjects/Profile/{id}}; needs {@code ViewSetup}. */
    public Profile getProfile(Caller caller, String id) {
        caller.require(SystemPermission.VIEW_SETUP, "read profiles");
        String id18 = pathId(id, KeyPrefix.PROFILE);
        return ports.profiles().findById(id18).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code GET sobjects/Profile/Name/{name}}; needs {@code ViewSetup}. */
    public Profile getProfileByName(Caller caller, String name) {
        caller.require(SystemPermission.VIEW_SETUP, "read profiles");
        return ports.profiles().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(ApiException::notFound);
    }

    /**
     * {@code POST sobjects/PermissionSet}; needs {@code ManageUsers}, checked before the body is read: {@code command}
     * is called after that check (such as {@code () -> NewPermissionSet.from(body)}).
     */
    public PermissionSet createPermissionSet(Caller caller, Supplier<NewPermissionSet> command) {
        caller.require(SystemPermission.MANAGE_USERS, "create permission sets");
        return createPermissionSet(caller, command.get());
    }

    /** Creates the permission set a checked {@link NewPermissionSet} describes; needs {@code ManageUsers}. */
    public PermissionSet createPermissionSet(Caller caller, NewPermissionSet command) {
        caller.require(SystemPermission.MANAGE_USERS, "create permission sets");
        String name = command.name();
        if (ports.permissionSets().findByName(caller.orgId(), name).isPresent()) {
            throw duplicate("Name", "a permission set named " + name + " already exists");
        }
        Instant now = support.now();
        PermissionSet ps = new PermissionSet(support.ids().next(KeyPrefix.PERMISSION_SET), caller.orgId(), name,
                command.label(), command.permissions(), now);
        String context = support.context(caller);
        support.change(() -> {
            ports.permissionSets().insert(ps);
            support.audit(caller, context, now, "PermSetCreate", SECTION_USERS, "Created permission set " + name);
        }, e -> duplicate("Name", "a permission set named " + name + " already exists"));
        return ps;
    }

    /** {@code GET sobjects/PermissionSet/{id}}; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSet getPermissionSet(Caller caller, String id) {
        caller.requireAny("read permission sets", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        String id18 = pathId(id, KeyPrefix.PERMISSION_SET);
        return ports.permissionSets().findById(id18).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code GET sobjects/PermissionSet/Name/{name}}; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSet getPermissionSetByName(Caller caller, String name) {
        caller.requireAny("read permission sets", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        return ports.permissionSets().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(ApiException::notFound);
    }
}
