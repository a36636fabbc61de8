package io.userbound.core.testing;

import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.port.AppAccessStore;
import java.util.List;
import java.util.Optional;

/** Grants of app access over {@link InMemoryStores#grants}; the profile or an assigned permission set grants an app. */
public final class InMemoryAppAccessStore implements AppAccessStore {
    private final InMemoryStores db;

    InMemoryAppAccessStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void grant(AppAccessGrant grant) {
        db.transactions().put(db.grants, grant.id(), grant);
    }

    @Override
    public boolean revoke(String grantId) {
        return db.transactions().remove(db.grants, grantId) != null;
    }

    @Override
    public Optional<AppAccessGrant> findById(String grantId) {
        return Optional.ofNullable(db.grants.get(grantId));
    }

    @Override
    public List<AppAccessGrant> listForApp(String appId) {
        return InMemoryTransactions.snapshot(db.grants).stream().filter(g -> g.appId().equals(appId)).toList();
    }

    @Override
    public boolean isGranted(String appId, String userId, String profileId) {
        List<String> sets = db.permissionSetStore().assignmentsOf(userId).stream()
                .map(PermissionSetAssignment::permissionSetId).toList();
        return listForApp(appId).stream().anyMatch(g -> g.parentId().equals(profileId) || sets.contains(g.parentId()));
    }
}
