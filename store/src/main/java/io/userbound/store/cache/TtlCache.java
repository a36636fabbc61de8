package io.userbound.store.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A small bounded read cache: entries live at most {@code ttlNanos} and die at once when the shared
 * {@link Generation} moves on (any local configuration write). Loads are not de-duplicated: two threads missing the
 * same key both load, which is harmless for idempotent reads.
 */
final class TtlCache<K, V> {
    private record Entry<V>(V value, long expiresAt, long generation) {
    }

    private final Map<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final Generation generation;
    private final LongSupplier nanoTime;

    TtlCache(long ttlNanos, int maxEntries, Generation generation, LongSupplier nanoTime) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.generation = generation;
        this.nanoTime = nanoTime;
    }

    V get(K key, Function<K, V> loader) {
        long now = nanoTime.getAsLong();
        long gen = generation.current();
        Entry<V> e = map.get(key);
        if (e != null && e.generation == gen && now - e.expiresAt < 0) {
            return e.value;
        }
        V value = loader.apply(key);
        if (map.size() >= maxEntries) {
            evict(now, gen);
        }
        // A generation read before the load: a write that raced with the load invalidates this entry.
        map.put(key, new Entry<>(value, now + ttlNanos, gen));
        return value;
    }

    private void evict(long now, long gen) {
        Iterator<Entry<V>> it = map.values().iterator();
        while (it.hasNext()) {
            Entry<V> e = it.next();
            if (e.generation != gen || now - e.expiresAt >= 0) {
                it.remove();
            }
        }
        if (map.size() >= maxEntries) {
            map.clear();
        }
    }

    int size() {
        return map.size();
    }
}
