package io.userbound.core.testing;

import io.userbound.core.model.Approval;
import io.userbound.core.port.ApprovalStore;
import java.util.Optional;

/** Approvals over {@link InMemoryStores#approvals}, one per app and user. */
public final class InMemoryApprovalStore implements ApprovalStore {
    private final InMemoryStores db;

    InMemoryApprovalStore(InMemoryStores db) {
        this.db = db;
    }

    private static String key(String appId, String userId) {
        return appId + "/" + userId;
    }

    @Override
    public void insert(Approval approval) {
        db.transactions().put(db.approvals, key(approval.appId(), approval.userId()), approval);
    }

    @Override
    public Optional<Approval> find(String appId, String userId) {
        return Optional.ofNullable(db.approvals.get(key(appId, userId)));
    }

    @Override
    public boolean delete(String appId, String userId) {
        return db.transactions().remove(db.approvals, key(appId, userId)) != null;
    }
}
