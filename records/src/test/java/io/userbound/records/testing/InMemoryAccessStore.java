package io.userbound.records.testing;

import io.userbound.core.testing.InMemoryTransactions;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectPermissionRow;
import java.util.Collection;
import java.util.List;

/** Object and field permissions over {@link InMemoryRecordStores}; saving a row again keeps its id and changes its access. */
public final class InMemoryAccessStore implements AccessStore {
    private final InMemoryRecordStores db;

    InMemoryAccessStore(InMemoryRecordStores db) {
        this.db = db;
    }

    @Override
    public List<ObjectPermissionRow> objectPermissions(Collection<String> parentIds) {
        return InMemoryTransactions.snapshot(db.objectPermissions).stream()
                .filter(r -> parentIds.contains(r.parentId())).toList();
    }

    @Override
    public List<FieldPermissionRow> fieldPermissions(Collection<String> parentIds) {
        return InMemoryTransactions.snapshot(db.fieldPermissions).stream()
                .filter(r -> parentIds.contains(r.parentId())).toList();
    }

    @Override
    public void saveObjectPermission(ObjectPermissionRow row) {
        synchronized (db.objectPermissions) {
            String key = row.parentId() + ":" + row.objectName();
            ObjectPermissionRow old = db.objectPermissions.get(key);
            db.transactions().put(db.objectPermissions, key, old == null ? row : new ObjectPermissionRow(old.id(),
                    old.orgId(), old.parentId(), old.objectName(), row.access()));
        }
    }

    @Override
    public void saveFieldPermission(FieldPermissionRow row) {
        synchronized (db.fieldPermissions) {
            String key = row.parentId() + ":" + row.objectName() + "." + row.fieldName();
            FieldPermissionRow old = db.fieldPermissions.get(key);
            db.transactions().put(db.fieldPermissions, key, old == null ? row : new FieldPermissionRow(old.id(),
                    old.orgId(), old.parentId(), old.objectName(), old.fieldName(), row.access()));
        }
    }

    @Override
    public boolean hasObjectPermissions(String parentId) {
        return InMemoryTransactions.snapshot(db.objectPermissions).stream()
                .anyMatch(r -> r.parentId().equals(parentId));
    }
}
