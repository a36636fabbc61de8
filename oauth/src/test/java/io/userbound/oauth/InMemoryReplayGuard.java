package io.userbound.oauth;

import io.userbound.core.port.ReplayGuard;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Like the JDBC guard, a mark made inside a transaction is undone when the transaction rolls back. */
final class InMemoryReplayGuard implements ReplayGuard {
    final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final InMemoryTransactions transactions;

    InMemoryReplayGuard() {
        this(null);
    }

    InMemoryReplayGuard(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public boolean firstUse(String appId, String jti, Instant expiresAt) {
        String key = appId + "\u0000" + jti;
        boolean first = used.putIfAbsent(key, expiresAt) == null;
        if (first && transactions != null) {
            transactions.onRollback(() -> used.remove(key, expiresAt));
        }
        return first;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        int n = 0;
        for (Map.Entry<String, Instant> e : used.entrySet()) {
            if (n < limit && e.getValue().isBefore(before) && used.remove(e.getKey(), e.getValue())) {
                n++;
            }
        }
        return n;
    }
}
