package io.userbound.records.admin;

import static io.userbound.records.admin.RecordsAdmin.*;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.SystemPermission;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Permission sets' object and field permissions ({@code ManageUsers}).
 */
final class RecordAccessAdmin extends RecordsAdminSupport {
    static final List<String> OBJECT_ACCESS_FIELDS = List.of("PermissionsRead", "PermissionsCreate",
            "PermissionsEdit", "PermissionsDelete", "PermissionsViewAllRecords", "PermissionsModifyAllRecords");
    static final List<String> FIELD_ACCESS_FIELDS = List.of("PermissionsRead", "PermissionsEdit");

    RecordAccessAdmin(RecordsAdminSupport support) {
        super(support);
    }

    /**
     * Sets a permission set's object permissions on a record object from the {@code ObjectPermissions} booleans
     * ({@code PermissionsRead}, ... {@code PermissionsModifyAllRecords}; absent means false), stored with their
     * dependencies added ({@link ObjectAccess#normalized()}). All false removes the access.
     */
    public ObjectAccessGrant setObjectAccess(Caller caller, String permissionSetName, String objectName,
            Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change object permissions");
        ObjectAccess access = objectAccessOf(Fields.readRequest("object permissions", body, OBJECT_ACCESS_FIELDS));
        PermissionSet ps = permissionSet(caller, permissionSetName);
        ObjectDefinition object = recordObject(caller, objectName);
        Instant now = now();
        String context = context(caller);
        ObjectPermissionRow row = new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS), caller.orgId(),
                ps.id(), object.key(), access);
        change(caller, () -> {
            ports.access().saveObjectPermission(row);
            audit(caller, context, now, "PermSetObjectAccessChange", SECTION_USERS, "Permission set " + ps.name()
                    + ": object permissions on " + object.name() + " set to " + describe(access));
        });
        snapshots.invalidateAll();
        return new ObjectAccessGrant(ps, object, ports.access().objectPermissions(List.of(ps.id())).stream()
                .filter(r -> r.objectName().equals(object.key())).findFirst().orElse(row));
    }

    /**
     * Sets a permission set's field permissions ({@code PermissionsRead}, {@code PermissionsEdit}; edit implies
     * read) on a data field of a record object. Required fields are refused: they are always readable and editable
     * with the object, as in Salesforce.
     */
    public FieldAccessGrant setFieldAccess(Caller caller, String permissionSetName, String objectName,
            String fieldName, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change field permissions");
        FieldAccess access = fieldAccessOf(Fields.readRequest("field permissions", body, FIELD_ACCESS_FIELDS));
        PermissionSet ps = permissionSet(caller, permissionSetName);
        ObjectDefinition object = recordObject(caller, objectName);
        FieldDefinition field = dataField(object, fieldName, "given field permissions");
        if (field.required()) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, object.name() + "." + field.name()
                    + " is a required field: it is always readable and editable by users with access to "
                    + object.name() + ", so its field permissions cannot be changed", List.of("Field"));
        }
        Instant now = now();
        String context = context(caller);
        FieldPermissionRow row = new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS), caller.orgId(),
                ps.id(), object.key(), field.key(), access);
        change(caller, () -> {
            ports.access().saveFieldPermission(row);
            audit(caller, context, now, "PermSetFieldAccessChange", SECTION_USERS, "Permission set " + ps.name()
                    + ": field permissions on " + object.name() + "." + field.name() + " set to "
                    + access.name().toLowerCase(Locale.ROOT));
        });
        snapshots.invalidateAll();
        return new FieldAccessGrant(ps, object, field, ports.access().fieldPermissions(List.of(ps.id())).stream()
                .filter(r -> r.objectName().equals(object.key()) && r.fieldName().equals(field.key())).findFirst()
                .orElse(row));
    }

    /**
     * Sets the same field permissions on every field of a record object that field-level security governs (its data
     * fields that are not required), in one transaction with one audit row: what {@code admin permsets field-access
     * --all-fields} and {@code object-access --with-fields} do instead of one call per field.
     */
    public List<FieldAccessGrant> setAllFieldAccess(Caller caller, String permissionSetName, String objectName,
            Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change field permissions");
        FieldAccess access = fieldAccessOf(Fields.readRequest("field permissions", body, FIELD_ACCESS_FIELDS));
        PermissionSet ps = permissionSet(caller, permissionSetName);
        ObjectDefinition object = recordObject(caller, objectName);
        List<FieldDefinition> governed = object.fields().stream()
                .filter(f -> f.kind() == FieldDefinition.Kind.DATA && !f.required()).toList();
        Instant now = now();
        String context = context(caller);
        List<FieldPermissionRow> rows = new ArrayList<>();
        for (FieldDefinition f : governed) {
            rows.add(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS), caller.orgId(), ps.id(),
                    object.key(), f.key(), access));
        }
        change(caller, () -> {
            rows.forEach(ports.access()::saveFieldPermission);
            audit(caller, context, now, "PermSetFieldAccessChange", SECTION_USERS, "Permission set " + ps.name()
                    + ": field permissions on all " + governed.size() + " fields of " + object.name() + " set to "
                    + access.name().toLowerCase(Locale.ROOT));
        });
        snapshots.invalidateAll();
        Map<String, FieldPermissionRow> saved = new java.util.HashMap<>();
        ports.access().fieldPermissions(List.of(ps.id())).stream().filter(r -> r.objectName().equals(object.key()))
                .forEach(r -> saved.put(r.fieldName(), r));
        List<FieldAccessGrant> out = new ArrayList<>();
        for (int i = 0; i < governed.size(); i++) {
            FieldDefinition f = governed.get(i);
            out.add(new FieldAccessGrant(ps, object, f, saved.getOrDefault(f.key(), rows.get(i))));
        }
        return out;
    }

    /** The {@code ObjectPermissions} booleans of a body (absent means false), with their dependencies added. */
    static ObjectAccess objectAccessOf(Fields b) {
        return new ObjectAccess(b.bool("PermissionsRead", false), b.bool("PermissionsCreate", false),
                b.bool("PermissionsEdit", false), b.bool("PermissionsDelete", false),
                b.bool("PermissionsViewAllRecords", false), b.bool("PermissionsModifyAllRecords", false)).normalized();
    }

    /** The {@code FieldPermissions} booleans of a body: edit implies read; neither is no access. */
    static FieldAccess fieldAccessOf(Fields b) {
        return b.bool("PermissionsEdit", false) ? FieldAccess.EDIT
                : b.bool("PermissionsRead", false) ? FieldAccess.READ : FieldAccess.NONE;
    }

    static String describe(ObjectAccess a) {
        List<String> parts = new ArrayList<>();
        if (a.read()) {
            parts.add("read");
        }
        if (a.create()) {
            parts.add("create");
        }
        if (a.edit()) {
            parts.add("edit");
        }
        if (a.delete()) {
            parts.add("delete");
        }
        if (a.viewAll()) {
            parts.add("view all");
        }
        if (a.modifyAll()) {
            parts.add("modify all");
        }
        return parts.isEmpty() ? "no access" : String.join(", ", parts);
    }
}
