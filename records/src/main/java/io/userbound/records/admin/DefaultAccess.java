package io.userbound.records.admin;

import io.userbound.core.IdGenerator;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;

/**
 * The access a new org's {@code Standard User} profile starts with, as in Salesforce: read, create, edit and delete
 * on {@code Account}, {@code Contact} and {@code Opportunity}, and edit on every data field of them that field-level
 * security governs (required fields need no row). {@code System Administrator} needs no rows: it holds
 * {@code ViewAllData} and {@code ModifyAllData}.
 */
public final class DefaultAccess {
    private DefaultAccess() {
    }

    /**
     * Writes the default rows for a profile unless it has object permissions already (so an admin's later changes
     * are never overwritten). Joins the caller's transaction, if any.
     *
     * @return whether rows were written
     */
    public static boolean seedStandardUser(AccessStore access, IdGenerator ids, String orgId, String profileId) {
        if (access.hasObjectPermissions(profileId)) {
            return false;
        }
        for (ObjectDefinition o : StandardObjects.all()) {
            access.saveObjectPermission(new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS), orgId,
                    profileId, o.key(), ObjectAccess.CRUD));
            for (FieldDefinition f : o.fields()) {
                if (f.kind() == FieldDefinition.Kind.DATA && !f.alwaysAccessible()) {
                    access.saveFieldPermission(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS), orgId,
                            profileId, o.key(), f.key(), FieldAccess.EDIT));
                }
            }
        }
        return true;
    }
}
