package io.userbound.oauth;

import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.port.AppAccessStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryAppAccessStore implements AppAccessStore {
    private final Map<String, AppAccessGrant> byId = new ConcurrentHashMap<>();
    private final InMemoryPermissionSetStore permissionSets;

    InMemoryAppAccessStore(InMemoryPermissionSetStore permissionSets) {
        this.permissionSets = permissionSets;
    }

    @Override
    public void grant(AppAccessGrant grant) {
        byId.put(grant.id(), grant);
    }

    @Override
    public boolean revoke(String grantId) {
        return byId.remove(grantId) != null;
    }

    @Override
    public Optional<AppAccessGrant> findById(String grantId) {
        return Optional.ofNullable(byId.get(grantId));
    }

    @Override
    public List<AppAccessGrant> listForApp(String appId) {
        return byId.values().stream().filter(g -> g.appId().equals(appId)).toList();
    }

    @Override
    public boolean isGranted(String appId, String userId, String profileId) {
        List<String> sets = permissionSets.assignmentsOf(userId).stream()
                .map(PermissionSetAssignment::permissionSetId).toList();
        return listForApp(appId).stream()
                .anyMatch(g -> g.parentId().equals(profileId) || sets.contains(g.parentId()));
    }
}
