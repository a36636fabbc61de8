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
    private final Map<String, AccessTokenRecord> byHash = new ConcurrentHashMap<>();
    private final InMemoryTransactions transactions;
    final AtomicInteger lookups = new AtomicInteger();
    volatile boolean insertedInTransaction;

    InMemoryTokenStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(AccessTokenRecord token) {
        if (byHash.putIfAbsent(token.tokenHash(), token) != null) {
            throw new IllegalStateException("duplicate token hash");
        }
        insertedInTransaction = transactions.active();
        transactions.onRollback(() -> byHash.remove(token.tokenHash()));
    }

    @Override
    public Optional<AccessTokenRecord> findByHash(String tokenHash) {
        lookups.incrementAndGet();
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public boolean revoke(String tokenHash, Instant when) {
        AccessTokenRecord r = byHash.get(tokenHash);
        if (r == null || r.revokedAt() != null) {
            return false;
        }
        byHash.put(tokenHash, new AccessTokenRecord(r.id(), r.tokenHash(), r.orgId(), r.userId(), r.appId(),
                r.scopes(), r.issuedAt(), r.expiresAt(), when));
        return true;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        int n = 0;
        for (AccessTokenRecord r : List.copyOf(byHash.values())) {
            if (n < limit && r.expiresAt().isBefore(before)) {
                byHash.remove(r.tokenHash());
                n++;
            }
        }
        return n;
    }

    List<AccessTokenRecord> all() {
        return List.copyOf(byHash.values());
    }
}
