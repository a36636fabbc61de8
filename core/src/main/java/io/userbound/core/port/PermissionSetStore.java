package io.userbound.core.port;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.SystemPermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Permission sets and their assignments. */
public interface PermissionSetStore {
    /** @throws DuplicateValueException ({@code Name}) when the API name is taken in the org */
    void insert(PermissionSet permissionSet);

    Optional<PermissionSet> findById(String id);

    /**
     * Sets a permission set's label and system permissions (its name and org stay).
     *
     * @return false when no permission set has this id
     */
    boolean update(String id, String label, Set<SystemPermission> permissions);

    /** @param name the API name, case-insensitive */
    Optional<PermissionSet> findByName(String orgId, String name);

    List<PermissionSet> list(String orgId);

    /** @throws DuplicateValueException ({@code AssigneeId}) when the user already holds the permission set */
    void assign(PermissionSetAssignment assignment);

    /** @return true when an assignment was removed */
    boolean unassign(String assignmentId);

    Optional<PermissionSetAssignment> findAssignment(String assignmentId);

    /** The assignments held by a user. */
    List<PermissionSetAssignment> assignmentsOf(String userId);

    /** The permission sets assigned to a user. */
    List<PermissionSet> assignedTo(String userId);

    /** The ids of the users the permission set is assigned to. */
    List<String> assigneeIds(String permissionSetId);
}
