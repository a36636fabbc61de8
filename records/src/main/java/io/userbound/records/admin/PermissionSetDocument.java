package io.userbound.records.admin;

import io.userbound.core.model.PermissionSet;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import java.util.List;

/**
 * A permission set with every object and field permission it grants ({@code admin permsets export}); grants of no
 * access are left out, and both lists are sorted by name, so that two exports of the same setup are equal.
 */
public record PermissionSetDocument(PermissionSet permissionSet, List<ObjectGrant> objects, List<FieldGrant> fields) {
    public PermissionSetDocument {
        objects = List.copyOf(objects);
        fields = List.copyOf(fields);
    }

    /** The access to one record object. */
    public record ObjectGrant(ObjectDefinition object, ObjectAccess access) {
    }

    /** The access to one field. */
    public record FieldGrant(ObjectDefinition object, FieldDefinition field, FieldAccess access) {
    }
}
