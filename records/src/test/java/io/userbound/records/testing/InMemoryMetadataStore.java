package io.userbound.records.testing;

import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.testing.InMemoryTransactions;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.ObjectRow;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Object and field metadata over {@link InMemoryRecordStores}: API names and key prefixes unique per org. */
public final class InMemoryMetadataStore implements MetadataStore {
    private final InMemoryRecordStores db;

    InMemoryMetadataStore(InMemoryRecordStores db) {
        this.db = db;
    }

    @Override
    public List<ObjectRow> objects(String orgId) {
        return InMemoryTransactions.snapshot(db.objects).stream().filter(o -> o.orgId().equals(orgId)).toList();
    }

    @Override
    public List<CustomFieldRow> customFields(String orgId) {
        return InMemoryTransactions.snapshot(db.fields).stream().filter(f -> f.orgId().equals(orgId)).toList();
    }

    @Override
    public Set<String> trackedFields(String orgId) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : InMemoryTransactions.snapshot(db.tracked)) {
            if (t.startsWith(orgId + ":")) {
                out.add(t.substring(orgId.length() + 1));
            }
        }
        return out;
    }

    @Override
    public void insertObject(ObjectRow row) {
        synchronized (db.objects) {
            for (ObjectRow o : db.objects) {
                if (o.orgId().equals(row.orgId()) && o.apiName().equalsIgnoreCase(row.apiName())) {
                    throw new DuplicateValueException("DeveloperName", "duplicate");
                }
                if (o.orgId().equals(row.orgId()) && o.keyPrefix().equals(row.keyPrefix())) {
                    throw new DuplicateValueException("KeyPrefix", "duplicate");
                }
            }
            db.transactions().add(db.objects, row);
        }
    }

    @Override
    public boolean updateSharingModel(String objectRowId, SharingModel model, Instant now) {
        synchronized (db.objects) {
            for (int i = 0; i < db.objects.size(); i++) {
                ObjectRow o = db.objects.get(i);
                if (o.id().equals(objectRowId)) {
                    db.transactions().set(db.objects, i, new ObjectRow(o.id(), o.orgId(), o.apiName(), o.label(),
                            o.pluralLabel(), o.keyPrefix(), o.custom(), model, o.table(), o.createdDate(), now));
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public void insertField(CustomFieldRow row) {
        synchronized (db.fields) {
            for (CustomFieldRow f : db.fields) {
                if (f.orgId().equals(row.orgId()) && f.objectName().equals(row.objectName())
                        && f.field().key().equals(row.field().key())) {
                    throw new DuplicateValueException("DeveloperName", "duplicate");
                }
            }
            db.transactions().add(db.fields, row);
        }
    }

    private static String trackKey(String orgId, String objectName, String fieldName) {
        return orgId + ":" + objectName.toLowerCase(Locale.ROOT) + "." + fieldName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void track(String orgId, String objectName, String fieldName, Instant now) {
        db.transactions().add(db.tracked, trackKey(orgId, objectName, fieldName));
    }

    @Override
    public boolean untrack(String orgId, String objectName, String fieldName) {
        return db.transactions().removeRow(db.tracked, trackKey(orgId, objectName, fieldName));
    }
}
