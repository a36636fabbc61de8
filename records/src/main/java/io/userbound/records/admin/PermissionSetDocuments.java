package io.userbound.records.admin;

import static io.userbound.records.admin.RecordsAdmin.*;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.admin.access.NewPermissionSet;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A permission set as one document (issue 14, item 7), so that a setup is reproducible: its name, label and system
 * permissions, and every object and field permission it grants. {@link #export} reads it; {@link #importDocument}
 * makes the org's permission set of that name exactly so, creating it when missing, in one transaction: object and
 * field permissions that the document does not grant are removed.
 */
final class PermissionSetDocuments extends RecordsAdminSupport {
    static final List<String> DOCUMENT_MEMBERS = List.of("PermissionSet", "ObjectPermissions", "FieldPermissions");
    static final List<String> OBJECT_MEMBERS = members("SobjectType", RecordAccessAdmin.OBJECT_ACCESS_FIELDS);
    static final List<String> FIELD_MEMBERS = members("Field", RecordAccessAdmin.FIELD_ACCESS_FIELDS);

    PermissionSetDocuments(RecordsAdminSupport support) {
        super(support);
    }

    private static List<String> members(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return List.copyOf(out);
    }

    /** The permission set's document; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSetDocument export(Caller caller, String permissionSetName) {
        caller.requireAny("read permission sets", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        PermissionSet ps = permissionSet(caller, permissionSetName);
        Map<String, ObjectDefinition> objects = catalog.load(caller.orgId());
        List<PermissionSetDocument.ObjectGrant> objectGrants = new ArrayList<>();
        for (ObjectPermissionRow row : ports.access().objectPermissions(List.of(ps.id()))) {
            ObjectDefinition o = objects.get(row.objectName());
            if (o != null && o.isRecord() && !row.access().equals(ObjectAccess.NONE)) {
                objectGrants.add(new PermissionSetDocument.ObjectGrant(o, row.access()));
            }
        }
        List<PermissionSetDocument.FieldGrant> fieldGrants = new ArrayList<>();
        for (FieldPermissionRow row : ports.access().fieldPermissions(List.of(ps.id()))) {
            ObjectDefinition o = objects.get(row.objectName());
            Optional<FieldDefinition> f = o == null ? Optional.empty() : o.field(row.fieldName());
            if (f.isPresent() && row.access() != FieldAccess.NONE) {
                fieldGrants.add(new PermissionSetDocument.FieldGrant(o, f.get(), row.access()));
            }
        }
        objectGrants.sort(java.util.Comparator.comparing(g -> g.object().name()));
        fieldGrants.sort(java.util.Comparator.comparing(g -> g.object().name() + "." + g.field().name()));
        return new PermissionSetDocument(ps, objectGrants, fieldGrants);
    }

    /**
     * Makes the permission set named in the URL exactly what the document says; needs {@code ManageUsers}. The whole
     * document is checked before anything is written: an unknown member, object or field, a required field (always
     * accessible, as in Salesforce), a permission named twice, or a {@code PermissionSet.Name} that differs from the
     * URL's refuses the import and changes nothing.
     */
    public ImportedPermissionSet importDocument(Caller caller, String permissionSetName, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "import permission sets");
        Fields.readRequest("permission set document", body, DOCUMENT_MEMBERS);
        Object header = member(body, "PermissionSet");
        if (!(header instanceof Map<?, ?> headerMap)) {
            throw header == null ? Fields.missing("PermissionSet")
                    : Fields.badValue("PermissionSet", "expected an object with Name, Label and the system permissions");
        }
        NewPermissionSet wanted = NewPermissionSet.from(castMap(headerMap, "PermissionSet"));
        if (!wanted.name().equalsIgnoreCase(permissionSetName == null ? "" : permissionSetName.strip())) {
            throw Fields.badValue("PermissionSet.Name", "the document is for '" + wanted.name()
                    + "', not for the permission set '" + permissionSetName + "' that the URL names");
        }
        Map<String, ObjectDefinition> objects = catalog.load(caller.orgId());
        Map<String, PermissionSetDocument.ObjectGrant> objectGrants = new LinkedHashMap<>();
        for (Map<String, Object> entry : entries(body, "ObjectPermissions")) {
            Fields f = Fields.readRequest("object permission", entry, OBJECT_MEMBERS);
            ObjectDefinition o = recordObject(objects, f.requiredString("SobjectType"));
            ObjectAccess access = RecordAccessAdmin.objectAccessOf(f);
            if (objectGrants.put(o.key(), new PermissionSetDocument.ObjectGrant(o, access)) != null) {
                throw Fields.badValue("ObjectPermissions", o.name() + " is named twice");
            }
        }
        Map<String, PermissionSetDocument.FieldGrant> fieldGrants = new LinkedHashMap<>();
        for (Map<String, Object> entry : entries(body, "FieldPermissions")) {
            Fields f = Fields.readRequest("field permission", entry, FIELD_MEMBERS);
            String path = f.requiredString("Field");
            int dot = path.indexOf('.');
            if (dot <= 0 || dot == path.length() - 1) {
                throw Fields.badValue("Field", "'" + path + "' is not Object.Field");
            }
            ObjectDefinition o = recordObject(objects, path.substring(0, dot));
            FieldDefinition field = dataField(o, path.substring(dot + 1), "given field permissions");
            if (field.required()) {
                throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, o.name() + "." + field.name()
                        + " is a required field: it is always readable and editable with its object, so it takes no"
                        + " field permissions", List.of("Field"));
            }
            FieldAccess access = RecordAccessAdmin.fieldAccessOf(f);
            if (fieldGrants.put(o.key() + "." + field.key(), new PermissionSetDocument.FieldGrant(o, field, access))
                    != null) {
                throw Fields.badValue("FieldPermissions", o.name() + "." + field.name() + " is named twice");
            }
        }

        Optional<PermissionSet> existing = ports.permissionSets().findByName(caller.orgId(), wanted.name());
        Instant now = now();
        PermissionSet ps = existing.map(p -> new PermissionSet(p.id(), p.orgId(), p.name(), wanted.label(),
                wanted.permissions(), p.createdDate()))
                .orElseGet(() -> new PermissionSet(ids.next(KeyPrefix.PERMISSION_SET), caller.orgId(), wanted.name(),
                        wanted.label(), wanted.permissions(), now));
        String context = context(caller);
        int[] changed = new int[2];
        change(caller, () -> {
            if (existing.isEmpty()) {
                ports.permissionSets().insert(ps);
            } else if (!ports.permissionSets().update(ps.id(), ps.label(), ps.permissions())) {
                throw new ApiException(RestErrorCode.NOT_FOUND, "No permission set named '" + permissionSetName
                        + "'");
            }
            changed[0] = replaceObjectPermissions(caller, ps, objectGrants);
            changed[1] = replaceFieldPermissions(caller, ps, fieldGrants);
            audit(caller, context, now, "PermSetImport", SECTION_USERS, "Permission set " + ps.name() + " "
                    + (existing.isEmpty() ? "created" : "updated") + " from a document: system permissions "
                    + describe(ps.permissions()) + "; " + objectGrants.size() + " object and " + fieldGrants.size()
                    + " field permissions (" + changed[0] + " and " + changed[1] + " changed)");
        }, e -> duplicate("Name", "a permission set named " + wanted.name() + " was created meanwhile"));
        snapshots.invalidateAll();
        return new ImportedPermissionSet(export(caller, ps.name()), existing.isEmpty());
    }

    /** Saves each object's access as the document says and removes the rest; returns how many rows changed. */
    private int replaceObjectPermissions(Caller caller, PermissionSet ps,
            Map<String, PermissionSetDocument.ObjectGrant> wanted) {
        Map<String, ObjectAccess> current = new LinkedHashMap<>();
        ports.access().objectPermissions(List.of(ps.id())).forEach(r -> current.put(r.objectName(), r.access()));
        Map<String, ObjectAccess> target = new LinkedHashMap<>();
        current.keySet().forEach(k -> target.put(k, ObjectAccess.NONE));
        wanted.forEach((k, g) -> target.put(k, g.access()));
        int changed = 0;
        for (Map.Entry<String, ObjectAccess> e : target.entrySet()) {
            if (!e.getValue().equals(current.getOrDefault(e.getKey(), ObjectAccess.NONE))) {
                ports.access().saveObjectPermission(new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS),
                        caller.orgId(), ps.id(), e.getKey(), e.getValue()));
                changed++;
            }
        }
        return changed;
    }

    private int replaceFieldPermissions(Caller caller, PermissionSet ps,
            Map<String, PermissionSetDocument.FieldGrant> wanted) {
        Map<String, FieldPermissionRow> current = new LinkedHashMap<>();
        ports.access().fieldPermissions(List.of(ps.id()))
                .forEach(r -> current.put(r.objectName() + "." + r.fieldName(), r));
        int changed = 0;
        for (Map.Entry<String, FieldPermissionRow> e : current.entrySet()) {
            if (!wanted.containsKey(e.getKey()) && e.getValue().access() != FieldAccess.NONE) {
                FieldPermissionRow r = e.getValue();
                ports.access().saveFieldPermission(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS),
                        caller.orgId(), ps.id(), r.objectName(), r.fieldName(), FieldAccess.NONE));
                changed++;
            }
        }
        for (Map.Entry<String, PermissionSetDocument.FieldGrant> e : wanted.entrySet()) {
            FieldPermissionRow now = current.get(e.getKey());
            FieldAccess was = now == null ? FieldAccess.NONE : now.access();
            if (was != e.getValue().access()) {
                PermissionSetDocument.FieldGrant g = e.getValue();
                ports.access().saveFieldPermission(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS),
                        caller.orgId(), ps.id(), g.object().key(), g.field().key(), g.access()));
                changed++;
            }
        }
        return changed;
    }

    private static String describe(java.util.Set<SystemPermission> permissions) {
        if (permissions.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        EnumSet.copyOf(permissions).forEach(p -> names.add(p.fieldName()));
        return String.join(", ", names);
    }

    private static Object member(Map<String, Object> body, String name) {
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The entries of a list member (absent: none), each an object. */
    private static List<Map<String, Object>> entries(Map<String, Object> body, String name) {
        Object v = member(body, name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw Fields.badValue(name, "expected an array");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw Fields.badValue(name, "each entry must be an object");
            }
            out.add(castMap(m, name));
        }
        return out;
    }

    private static Map<String, Object> castMap(Map<?, ?> m, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(Objects.toString(e.getKey()), e.getValue());
        }
        return out;
    }
}
