package io.userbound.records.access;

import io.userbound.core.model.SystemPermission;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one user may do, computed once and cached: system permissions, object and field permissions (the union over
 * the profile and the permission sets), the user's role, and the roles and users below it in the hierarchy.
 *
 * <p>Rules that go beyond the stored rows: {@code ModifyAllData} gives every object permission and edit on every
 * field; {@code ViewAllData} gives read and view all on every object and read on every field. Fields that are
 * {@linkplain FieldDefinition#alwaysAccessible() always accessible} follow the object permission.
 *
 * @param roleId null when the user has no role
 * @param subordinateRoleIds roles strictly below the user's role
 * @param subordinateUserIds users whose role is strictly below the user's role
 * @param objects object permissions by lower-case object name
 * @param fields field permissions by {@code object.field} in lower case
 */
public record AccessSnapshot(
        String orgId,
        String userId,
        Set<SystemPermission> system,
        String roleId,
        Set<String> subordinateRoleIds,
        Set<String> subordinateUserIds,
        Map<String, ObjectAccess> objects,
        Map<String, FieldAccess> fields) {

    public AccessSnapshot {
        system = Set.copyOf(system);
        subordinateRoleIds = Set.copyOf(subordinateRoleIds);
        subordinateUserIds = Set.copyOf(subordinateUserIds);
        objects = Map.copyOf(objects);
        fields = Map.copyOf(fields);
    }

    public boolean has(SystemPermission permission) {
        return system.contains(permission);
    }

    /** The user's effective permissions on a record object. */
    public ObjectAccess object(ObjectDefinition object) {
        if (has(SystemPermission.MODIFY_ALL_DATA)) {
            return ObjectAccess.ALL;
        }
        ObjectAccess base = objects.getOrDefault(object.key(), ObjectAccess.NONE);
        if (has(SystemPermission.VIEW_ALL_DATA)) {
            base = base.union(new ObjectAccess(true, false, false, false, true, false));
        }
        return base.normalized();
    }

    /** The user's effective access to one field of a record object; {@code NONE} without object read. */
    public FieldAccess field(ObjectDefinition object, FieldDefinition field) {
        ObjectAccess o = object(object);
        if (!o.read()) {
            return FieldAccess.NONE;
        }
        boolean mayWriteObject = o.create() || o.edit();
        if (field.alwaysAccessible()) {
            return mayWriteObject && field.writable() ? FieldAccess.EDIT : FieldAccess.READ;
        }
        FieldAccess granted = fields.getOrDefault(object.key() + "." + field.key(), FieldAccess.NONE);
        if (has(SystemPermission.MODIFY_ALL_DATA)) {
            granted = FieldAccess.EDIT;
        } else if (has(SystemPermission.VIEW_ALL_DATA)) {
            granted = granted.union(FieldAccess.READ);
        }
        if (granted == FieldAccess.EDIT && (!mayWriteObject || !field.writable())) {
            return FieldAccess.READ;
        }
        return granted;
    }

    /** The user and every user below in the role hierarchy: their records are visible to this user. */
    public Set<String> ownerIds() {
        Set<String> out = new LinkedHashSet<>();
        out.add(userId);
        out.addAll(subordinateUserIds);
        return out;
    }

    /**
     * The principals whose share rows reach this user: the user, the users below, the user's role and the roles
     * below (a share to a role reaches its users and the roles above it).
     */
    public Set<String> principalIds() {
        Set<String> out = ownerIds();
        if (roleId != null) {
            out.add(roleId);
        }
        out.addAll(subordinateRoleIds);
        return out;
    }
}
