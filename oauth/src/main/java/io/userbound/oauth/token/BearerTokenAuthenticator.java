package io.userbound.oauth.token;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Validates bearer tokens for the REST API ({@code architecture.md} section 5 step 1) with a bounded in-memory
 * cache in front of the {@link TokenStore}. A cached entry lives at most {@code ttl}, so a revocation made through
 * another node takes effect here within {@code ttl}; a revocation through this node calls {@link #evict(String)}
 * and takes effect at once. Only token hashes are kept, never tokens. Thread-safe.
 */
public final class BearerTokenAuthenticator {
    /** Longer strings are refused without a lookup. */
    public static final int MAX_TOKEN_LENGTH = 512;

    private record Entry(AccessTokenRecord record, long loadedAtMillis) {
    }

    private final TokenStore tokens;
    private final Clock clock;
    private final int maxEntries;
    private final long ttlMillis;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param maxEntries the most tokens cached; at least 1
     * @param ttl how long a looked-up token is trusted without asking the store again; not negative
     */
    public BearerTokenAuthenticator(TokenStore tokens, Clock clock, int maxEntries, Duration ttl) {
        if (maxEntries < 1 || ttl.isNegative()) {
            throw new IllegalArgumentException("maxEntries must be positive and ttl not negative");
        }
        this.tokens = tokens;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * @param token the bearer token as sent; may be null
     * @return the token's record while it is active; empty for an unknown, expired, revoked or malformed token
     * @throws RuntimeException when the store fails (a server error, not an invalid token)
     */
    public Optional<AccessTokenRecord> authenticate(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        String hash = AccessTokenHashes.sha256Hex(token);
        long nowMillis = clock.millis();
        Instant now = Instant.ofEpochMilli(nowMillis);
        Entry cached = cache.get(hash);
        if (cached != null) {
            long age = nowMillis - cached.loadedAtMillis();
            if (age >= 0 && age < ttlMillis) {
                return cached.record().isActiveAt(now) ? Optional.of(cached.record()) : Optional.empty();
            }
            cache.remove(hash, cached);
        }
        Optional<AccessTokenRecord> found = AccessTokenHashes.find(tokens, token, hash);
        if (found.isEmpty() || !found.get().isActiveAt(now)) {
            return Optional.empty();
        }
        if (ttlMillis > 0) {
            makeRoom(nowMillis);
            cache.put(hash, new Entry(found.get(), nowMillis));
        }
        return found;
    }

    /** Forgets a token at once (after revoking it through this node). */
    public void evict(String token) {
        if (token != null) {
            cache.remove(AccessTokenHashes.sha256Hex(token));
        }
    }

    /** The number of cached tokens. */
    public int size() {
        return cache.size();
    }

    /** Opaque tokens are printable ASCII without spaces; anything else is not a token of ours. */
    private static boolean wellFormed(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** Drops stale entries when full, then arbitrary ones, so the cache never exceeds its bound. */
    private void makeRoom(long nowMillis) {
        if (cache.size() < maxEntries) {
            return;
        }
        cache.values().removeIf(e -> nowMillis - e.loadedAtMillis() >= ttlMillis || nowMillis < e.loadedAtMillis());
        Iterator<String> it = cache.keySet().iterator();
        while (cache.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
