package io.userbound.core.testing;

import io.userbound.core.port.ReplayGuard;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Like the JDBC guard: one atomic mark per (app, jti), undone when the transaction it was made in rolls back. */
public final class InMemoryReplayGuard implements ReplayGuard {
    /** Expiry by {@code appId NUL jti}. */
    public final Map<String, Instant> used = InMemoryTransactions.table();
    private final InMemoryStores db;

    InMemoryReplayGuard(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public boolean firstUse(String appId, String jti, Instant expiresAt) {
        String key = appId + "\u0000" + jti;
        boolean first = used.putIfAbsent(key, expiresAt) == null;
        if (first) {
            db.transactions().onRollback(() -> used.remove(key, expiresAt));
        }
        return first;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        int n = 0;
        Map<String, Instant> copy;
        synchronized (used) {
            copy = new LinkedHashMap<>(used);
        }
        for (Map.Entry<String, Instant> e : copy.entrySet()) {
            if (n < limit && e.getValue().isBefore(before) && used.remove(e.getKey(), e.getValue())) {
                n++;
            }
        }
        return n;
    }
}
