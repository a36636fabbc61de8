package io.userbound.records.admin;

import static io.userbound.records.admin.RecordsAdmin.*;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.port.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Roles and users' roles ({@code ManageUsers}).
 */
final class RoleAdmin extends RecordsAdminSupport {
    static final List<String> ROLE_FIELDS = List.of("Name", "ParentRoleName");
    static final List<String> USER_ROLE_FIELDS = List.of("RoleName");

    RoleAdmin(RecordsAdminSupport support) {
        super(support);
    }

    /** Creates a role ({@code Name}, unique per org) below {@code ParentRoleName}, or at the top without one. */
    public Role createRole(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "create roles");
        Fields b = Fields.readRequest("role", body, ROLE_FIELDS);
        String name = maxLength("Name", b.requiredString("Name"), MAX_ROLE_NAME);
        String parentName = b.string("ParentRoleName");
        Role parent = parentName == null ? null : ports.roles().findByName(caller.orgId(), parentName)
                .orElseThrow(() -> new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                        "ParentRoleName: no role named '" + parentName + "'", List.of("ParentRoleName")));
        Supplier<ApiException> dup = () -> duplicate("Name", "a role named " + name + " already exists");
        if (ports.roles().findByName(caller.orgId(), name).isPresent()) {
            throw dup.get();
        }
        Instant now = now();
        Role role = new Role(ids.next(KeyPrefix.USER_ROLE), caller.orgId(), name, parent == null ? null : parent.id(),
                now);
        String context = context(caller);
        change(caller, () -> {
            ports.roles().insert(role);
            audit(caller, context, now, "RoleCreate", SECTION_USERS, "Created role " + name
                    + (parent == null ? " at the top of the hierarchy" : " below " + parent.name()));
        }, e -> dup.get());
        snapshots.invalidateAll();
        return role;
    }

    /** The org's roles, oldest first; needs {@code ViewSetup} or {@code ManageUsers}. */
    public List<Role> listRoles(Caller caller) {
        caller.requireAny("read roles", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        return ports.roles().all(caller.orgId());
    }

    /** Gives a user a role ({@code RoleName}), or none with {@code "RoleName": null}. */
    public UserRole setUserRole(Caller caller, String username, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change users' roles");
        Fields b = Fields.readRequest("user role", body, USER_ROLE_FIELDS);
        if (!b.has("RoleName")) {
            throw Fields.missing("RoleName");
        }
        String roleName = b.string("RoleName");
        User user = ports.users().findByUsername(username == null ? "" : username.strip())
                .filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND, "No user with username '" + username
                        + "'"));
        Role role = roleName == null ? null : ports.roles().findByName(caller.orgId(), roleName)
                .orElseThrow(() -> new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                        "RoleName: no role named '" + roleName + "'", List.of("RoleName")));
        String oldId = ports.roles().roleOf(user.id()).orElse(null);
        String newId = role == null ? null : role.id();
        if (java.util.Objects.equals(oldId, newId)) {
            return new UserRole(user, role);
        }
        String oldName = oldId == null ? "no role" : ports.roles().findById(oldId).map(Role::name).orElse(oldId);
        Instant now = now();
        String context = context(caller);
        change(caller, () -> {
            if (!ports.roles().setRole(user.id(), newId)) {
                throw new ApiException(RestErrorCode.NOT_FOUND, "No user with username '" + username + "'");
            }
            audit(caller, context, now, "UserRoleChange", SECTION_USERS, "Changed role of user " + user.username()
                    + " from " + oldName + " to " + (role == null ? "no role" : role.name()));
        });
        snapshots.invalidateAll();
        return new UserRole(user, role);
    }
}
