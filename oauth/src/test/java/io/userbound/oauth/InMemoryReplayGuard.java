package io.userbound.oauth;

import io.userbound.core.port.ReplayGuard;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryReplayGuard implements ReplayGuard {
    final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(String appId, String jti, Instant expiresAt) {
        return used.putIfAbsent(appId + "\u0000" + jti, expiresAt) == null;
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
