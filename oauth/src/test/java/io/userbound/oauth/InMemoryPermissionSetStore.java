package io.userbound.oauth;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.port.PermissionSetStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryPermissionSetStore implements PermissionSetStore {
    private final Map<String, PermissionSet> sets = new ConcurrentHashMap<>();
    private final Map<String, PermissionSetAssignment> assignments = new ConcurrentHashMap<>();

    @Override
    public void insert(PermissionSet permissionSet) {
        sets.put(permissionSet.id(), permissionSet);
    }

    @Override
    public Optional<PermissionSet> findById(String id) {
        return Optional.ofNullable(sets.get(id));
    }

    @Override
    public Optional<PermissionSet> findByName(String orgId, String name) {
        return sets.values().stream()
                .filter(p -> p.orgId().equals(orgId) && p.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<PermissionSet> list(String orgId) {
        return sets.values().stream().filter(p -> p.orgId().equals(orgId)).toList();
    }

    @Override
    public void assign(PermissionSetAssignment assignment) {
        assignments.put(assignment.id(), assignment);
    }

    @Override
    public boolean unassign(String assignmentId) {
        return assignments.remove(assignmentId) != null;
    }

    @Override
    public Optional<PermissionSetAssignment> findAssignment(String assignmentId) {
        return Optional.ofNullable(assignments.get(assignmentId));
    }

    @Override
    public List<PermissionSetAssignment> assignmentsOf(String userId) {
        return assignments.values().stream().filter(a -> a.assigneeId().equals(userId)).toList();
    }

    @Override
    public List<PermissionSet> assignedTo(String userId) {
        return assignmentsOf(userId).stream().map(a -> sets.get(a.permissionSetId())).toList();
    }

    @Override
    public List<String> assigneeIds(String permissionSetId) {
        return assignments.values().stream().filter(a -> a.permissionSetId().equals(permissionSetId))
                .map(PermissionSetAssignment::assigneeId).sorted().toList();
    }
}
