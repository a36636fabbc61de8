package io.userbound.oauth;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

final class InMemoryTokenStore implements TokenStore {
    private final Map<String, AccessTokenRecord> byId = new ConcurrentHashMap<>();
    private final InMemoryTransactions transactions;
    final AtomicInteger lookups = new AtomicInteger();
    volatile boolean insertedInTransaction;

    InMemoryTokenStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(AccessTokenRecord token) {
        if (byId.putIfAbsent(token.id(), token) != null) {
            throw new IllegalStateException("duplicate token id");
        }
        insertedInTransaction = transactions.active();
        transactions.onRollback(() -> byId.remove(token.id()));
    }

    @Override
    public Optional<AccessTokenRecord> findById(String id) {
        lookups.incrementAndGet();
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean revoke(String id, Instant when) {
        AccessTokenRecord r = byId.get(id);
        if (r == null || r.revokedAt() != null) {
            return false;
        }
        byId.put(id, r.revoked(when));
        return true;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        int n = 0;
        for (AccessTokenRecord r : List.copyOf(byId.values())) {
            if (n < limit && r.expiresAt().isBefore(before)) {
                byId.remove(r.id());
                n++;
            }
        }
        return n;
    }

    List<AccessTokenRecord> all() {
        return List.copyOf(byId.values());
    }

    int size() {
        return byId.size();
    }

    @Override
    public int revokeForUser(String appId, String userId, String grantType, Instant when) {
        return revokeWhere(r -> r.appId().equals(appId) && r.userId().equals(userId)
                && (grantType == null || r.grantType() == null || grantType.equals(r.grantType())), when);
    }

    @Override
    public int revokeForApp(String appId, Instant when) {
        return revokeWhere(r -> r.appId().equals(appId), when);
    }

    private int revokeWhere(java.util.function.Predicate<AccessTokenRecord> which, Instant when) {
        int n = 0;
        for (AccessTokenRecord r : List.copyOf(byId.values())) {
            if (which.test(r) && r.revokedAt() == null && r.expiresAt().isAfter(when) && revoke(r.id(), when)) {
                n++;
            }
        }
        return n;
    }
}
