package io.userbound.records.port;

import java.util.Collection;
import java.util.List;

/** Object and field permissions of profiles and permission sets. Calls join the caller's transaction, if any. */
public interface AccessStore {
    /** @return the object permission rows of these parents (profile and permission set ids); never null */
    List<ObjectPermissionRow> objectPermissions(Collection<String> parentIds);

    /** @return the field permission rows of these parents; never null */
    List<FieldPermissionRow> fieldPermissions(Collection<String> parentIds);

    /** Inserts the row, or replaces the access of the row with the same parent and object. */
    void saveObjectPermission(ObjectPermissionRow row);

    /** Inserts the row, or replaces the access of the row with the same parent, object and field. */
    void saveFieldPermission(FieldPermissionRow row);

    /** Whether any object permission row exists for this parent (used to seed defaults once). */
    boolean hasObjectPermissions(String parentId);
}
