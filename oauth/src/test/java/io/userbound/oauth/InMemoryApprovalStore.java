package io.userbound.oauth;

import io.userbound.core.model.Approval;
import io.userbound.core.port.ApprovalStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryApprovalStore implements ApprovalStore {
    private final Map<String, Approval> byKey = new ConcurrentHashMap<>();

    @Override
    public void insert(Approval approval) {
        byKey.put(approval.appId() + "/" + approval.userId(), approval);
    }

    @Override
    public Optional<Approval> find(String appId, String userId) {
        return Optional.ofNullable(byKey.get(appId + "/" + userId));
    }

    @Override
    public boolean delete(String appId, String userId) {
        return byKey.remove(appId + "/" + userId) != null;
    }
}
