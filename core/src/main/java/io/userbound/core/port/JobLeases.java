package io.userbound.core.port;

import java.time.Instant;

/**
 * Named, time-limited leases that let one server node at a time run a cluster-wide job (the purge job), with no
 * coordination beyond the shared database. A lease is held by one holder until it is released or its time runs out.
 */
public interface JobLeases {
    /**
     * Takes the lease {@code name} for {@code holder} until {@code until}, when it is free (never taken, released, or
     * expired at {@code now}) or already held by {@code holder}. One atomic conditional write decides, so two holders
     * never both get it, across threads and nodes.
     *
     * @param holder a non-empty id unique to the caller (node and process)
     * @return true when {@code holder} holds the lease now
     */
    boolean tryAcquire(String name, String holder, Instant now, Instant until);

    /**
     * Gives the lease up at once when {@code holder} holds it; does nothing otherwise.
     *
     * @return true when it was released
     */
    boolean release(String name, String holder);
}
