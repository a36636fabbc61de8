package io.userbound.store;

import io.userbound.core.port.StoreException;
import java.util.function.Consumer;

/**
 * Group fsync: one caller at a time forces the storage, and every caller whose commit finished before that force
 * began is released by it, so concurrent writers share a force instead of queueing for one each. A caller that comes
 * while a force runs waits for the next one (its commit may have missed the running force).
 *
 * <p>Each caller takes a ticket after its commit; a force covers every ticket taken before it started. Thread-safe.
 */
final class GroupSync implements DurableCommits {
    /** Forces the storage: after it returns, every write that completed before the call is on stable storage. */
    @FunctionalInterface
    interface Force {
        void force() throws Exception;
    }

    private final Force force;
    private final Consumer<Exception> onFailure;
    private final Object lock = new Object();
    private long ticketsTaken;
    private long ticketsDurable;
    private boolean forcing;
    private long forces;

    GroupSync(Force force) {
        this(force, e -> { });
    }

    /** @param onFailure told of every force that failed (before its caller is refused) */
    GroupSync(Force force, Consumer<Exception> onFailure) {
        this.force = force;
        this.onFailure = onFailure;
    }

    @Override
    public void await() {
        long ticket;
        synchronized (lock) {
            ticket = ++ticketsTaken;
        }
        while (true) {
            long covers;
            synchronized (lock) {
                while (forcing && ticketsDurable < ticket) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while the commit was forced to disk", e);
                    }
                }
                if (ticketsDurable >= ticket) {
                    return;
                }
                forcing = true;
                covers = ticketsTaken;
            }
            boolean forced = false;
            try {
                force.force();
                forced = true;
            } catch (Exception e) {
                onFailure.accept(e);
                throw new StoreException("the commit could not be forced to disk: " + e.getMessage(), e, true);
            } finally {
                synchronized (lock) {
                    forcing = false;
                    if (forced) {
                        ticketsDurable = Math.max(ticketsDurable, covers);
                        forces++;
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    /** How many callers have awaited so far (for tests). */
    long ticketsTaken() {
        synchronized (lock) {
            return ticketsTaken;
        }
    }

    /** How many forces ran so far (for tests and metrics). */
    long forces() {
        synchronized (lock) {
            return forces;
        }
    }
}
