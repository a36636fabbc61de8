package io.userbound.core.testing;

import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.SetupAuditStore;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Setup audit rows over {@link InMemoryStores#audit}, listed newest first (rows of the same instant, last appended
 * first); {@link InMemoryStores#failNextAudit} makes the next append fail.
 */
public final class InMemorySetupAuditStore implements SetupAuditStore {
    private final InMemoryStores db;

    InMemorySetupAuditStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void append(SetupAuditEntry entry) {
        RuntimeException f = db.failNextAudit;
        if (f != null) {
            db.failNextAudit = null;
            throw f;
        }
        db.transactions().add(db.audit, entry);
    }

    @Override
    public List<SetupAuditEntry> list(String orgId, int limit) {
        List<SetupAuditEntry> out = new java.util.ArrayList<>(InMemoryTransactions.snapshot(db.audit).stream()
                .filter(e -> e.orgId().equals(orgId)).toList());
        Collections.reverse(out);
        out.sort(Comparator.comparing(SetupAuditEntry::createdDate).reversed());
        return out.stream().limit(limit).toList();
    }
}
