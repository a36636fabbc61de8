package io.userbound.core.testing;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.PermissionSetStore;
import java.util.List;
import java.util.Optional;

/**
 * Permission sets and their assignments over {@link InMemoryStores#permissionSets} and
 * {@link InMemoryStores#assignments}: names unique per org in any case, one assignment per user and set; assignee ids
 * sorted.
 */
public final class InMemoryPermissionSetStore implements PermissionSetStore {
    private final InMemoryStores db;

    InMemoryPermissionSetStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void insert(PermissionSet permissionSet) {
        synchronized (db.permissionSets) {
            if (findByName(permissionSet.orgId(), permissionSet.name()).isPresent()) {
                throw new DuplicateValueException("Name", "taken");
            }
            db.transactions().put(db.permissionSets, permissionSet.id(), permissionSet);
        }
    }

    @Override
    public boolean update(String id, String label, java.util.Set<io.userbound.core.model.SystemPermission> permissions) {
        synchronized (db.permissionSets) {
            PermissionSet p = db.permissionSets.get(id);
            if (p == null) {
                return false;
            }
            db.transactions().put(db.permissionSets, id, new PermissionSet(p.id(), p.orgId(), p.name(), label,
                    permissions, p.createdDate()));
            return true;
        }
    }

    @Override
    public Optional<PermissionSet> findById(String id) {
        return Optional.ofNullable(db.permissionSets.get(id));
    }

    @Override
    public Optional<PermissionSet> findByName(String orgId, String name) {
        return list(orgId).stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<PermissionSet> list(String orgId) {
        return InMemoryTransactions.snapshot(db.permissionSets).stream().filter(p -> p.orgId().equals(orgId))
                .toList();
    }

    @Override
    public void assign(PermissionSetAssignment assignment) {
        synchronized (db.assignments) {
            if (assignmentsOf(assignment.assigneeId()).stream()
                    .anyMatch(a -> a.permissionSetId().equals(assignment.permissionSetId()))) {
                throw new DuplicateValueException("AssigneeId", "taken");
            }
            db.transactions().put(db.assignments, assignment.id(), assignment);
        }
    }

    @Override
    public boolean unassign(String assignmentId) {
        return db.transactions().remove(db.assignments, assignmentId) != null;
    }

    @Override
    public Optional<PermissionSetAssignment> findAssignment(String assignmentId) {
        return Optional.ofNullable(db.assignments.get(assignmentId));
    }

    @Override
    public List<PermissionSetAssignment> assignmentsOf(String userId) {
        return InMemoryTransactions.snapshot(db.assignments).stream().filter(a -> a.assigneeId().equals(userId))
                .toList();
    }

    @Override
    public List<String> assigneeIds(String permissionSetId) {
        return InMemoryTransactions.snapshot(db.assignments).stream()
                .filter(a -> a.permissionSetId().equals(permissionSetId)).map(PermissionSetAssignment::assigneeId)
                .sorted().toList();
    }

    @Override
    public List<PermissionSet> assignedTo(String userId) {
        return assignmentsOf(userId).stream().map(a -> db.permissionSets.get(a.permissionSetId())).toList();
    }
}
