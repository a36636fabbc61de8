package io.userbound.server.routes;

import io.userbound.core.model.SystemPermission;
import io.userbound.records.admin.PermissionSetDocument;
import io.userbound.records.admin.RecordsAdmin;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.Role;
import io.userbound.server.http.Dates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the record admin routes ({@code docs/admin-api.md}, "Objects, fields, access and roles"). */
public final class RecordsAdminJson {
    private RecordsAdminJson() {
    }

    /** An object without its fields, as {@code GET userbound/objects} lists it. */
    static Map<String, Object> objectSummary(ObjectDefinition o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", o.id());
        m.put("Name", o.name());
        m.put("Label", o.label());
        m.put("PluralLabel", o.pluralLabel());
        m.put("KeyPrefix", o.keyPrefix());
        m.put("Custom", o.custom());
        m.put("Category", o.category().name().toLowerCase(Locale.ROOT));
        m.put("SharingModel", o.isRecord() ? o.sharingModel().cliName() : null);
        return m;
    }

    /** An object with its fields. */
    static Map<String, Object> object(ObjectDefinition o) {
        Map<String, Object> m = objectSummary(o);
        List<Object> fields = new ArrayList<>();
        o.fields().forEach(f -> fields.add(field(f)));
        m.put("Fields", fields);
        return m;
    }

    static Map<String, Object> field(FieldDefinition f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", f.name());
        m.put("Label", f.label());
        m.put("Type", f.type().cliName());
        m.put("Kind", f.kind().name().toLowerCase(Locale.ROOT));
        m.put("Custom", f.custom());
        m.put("Required", f.required());
        m.put("Unique", f.unique());
        m.put("ExternalId", f.externalId());
        m.put("CaseSensitive", f.caseSensitive());
        m.put("DefaultValue", f.defaultValue());
        m.put("Length", f.length());
        m.put("Precision", f.precision());
        m.put("Scale", f.scale());
        m.put("PicklistValues", f.picklistValues());
        m.put("ReferenceTo", f.referenceTo());
        m.put("RelationshipName", f.relationshipName());
        m.put("TrackHistory", f.tracked());
        return m;
    }

    static Map<String, Object> objectPermissions(RecordsAdmin.ObjectAccessGrant g, int version) {
        Map<String, Object> m = AdminJson.record("ObjectPermissions", g.row().id(), version);
        m.put("ParentId", g.permissionSet().id());
        m.put("SobjectType", g.object().name());
        putAccess(m, g.row().access());
        return m;
    }

    /** The six {@code ObjectPermissions} booleans. */
    private static void putAccess(Map<String, Object> m, ObjectAccess a) {
        m.put("PermissionsRead", a.read());
        m.put("PermissionsCreate", a.create());
        m.put("PermissionsEdit", a.edit());
        m.put("PermissionsDelete", a.delete());
        m.put("PermissionsViewAllRecords", a.viewAll());
        m.put("PermissionsModifyAllRecords", a.modifyAll());
    }

    static Map<String, Object> fieldPermissions(RecordsAdmin.FieldAccessGrant g, int version) {
        Map<String, Object> m = AdminJson.record("FieldPermissions", g.row().id(), version);
        m.put("ParentId", g.permissionSet().id());
        m.put("SobjectType", g.object().name());
        m.put("Field", g.object().name() + "." + g.field().name());
        m.put("PermissionsRead", g.row().access().canRead());
        m.put("PermissionsEdit", g.row().access().canEdit());
        return m;
    }

    /**
     * A permission set as one portable document (no ids, so it imports into any org): {@code PermissionSet} in the
     * shape of {@code POST sobjects/PermissionSet} (name, label, the system permissions that are true), then
     * {@code ObjectPermissions} and {@code FieldPermissions} in the shapes their {@code PUT}s take.
     */
    static Map<String, Object> permissionSetDocument(PermissionSetDocument d) {
        Map<String, Object> ps = new LinkedHashMap<>();
        ps.put("Name", d.permissionSet().name());
        ps.put("Label", d.permissionSet().label());
        for (SystemPermission p : SystemPermission.values()) {
            if (d.permissionSet().permissions().contains(p)) {
                ps.put(p.fieldName(), true);
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (PermissionSetDocument.ObjectGrant g : d.objects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("SobjectType", g.object().name());
            putAccess(m, g.access());
            objects.add(m);
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        for (PermissionSetDocument.FieldGrant g : d.fields()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Field", g.object().name() + "." + g.field().name());
            m.put("PermissionsRead", g.access().canRead());
            m.put("PermissionsEdit", g.access().canEdit());
            fields.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("PermissionSet", ps);
        out.put("ObjectPermissions", objects);
        out.put("FieldPermissions", fields);
        return out;
    }

    static Map<String, Object> role(Role r, int version) {
        Map<String, Object> m = AdminJson.record("UserRole", r.id(), version);
        m.put("Name", r.name());
        m.put("ParentRoleId", r.parentRoleId());
        m.put("CreatedDate", Dates.format(r.createdDate()));
        return m;
    }

    static Map<String, Object> userRole(RecordsAdmin.UserRole u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("UserId", u.user().id());
        m.put("Username", u.user().username());
        m.put("UserRoleId", u.role() == null ? null : u.role().id());
        m.put("RoleName", u.role() == null ? null : u.role().name());
        return m;
    }
}
