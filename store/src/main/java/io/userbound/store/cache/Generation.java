package io.userbound.store.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The configuration generation of this node. Every configuration write through the caching stores moves it on,
 * before and after the write, and again when a transaction that wrote ends (commit or rollback), so no cache entry
 * can outlive a change made on this node, nor hold a value that a rolled-back transaction wrote.
 */
final class Generation {
    private final AtomicLong value = new AtomicLong();
    private final ThreadLocal<boolean[]> wroteInTransaction = ThreadLocal.withInitial(() -> new boolean[1]);

    long current() {
        return value.get();
    }

    void advance() {
        value.incrementAndGet();
        wroteInTransaction.get()[0] = true;
    }

    /** Called when a transaction ends: advances once more when it wrote configuration. */
    void transactionEnded() {
        boolean[] wrote = wroteInTransaction.get();
        if (wrote[0]) {
            wrote[0] = false;
            value.incrementAndGet();
        }
    }
}
