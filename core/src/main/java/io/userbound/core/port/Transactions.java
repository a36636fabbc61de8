package io.userbound.core.port;

import java.util.function.Supplier;

/**
 * Runs work in one database transaction: every store call made by {@code work} on the calling thread joins it.
 * It commits when {@code work} returns and rolls back when it throws, so nothing half-written stays.
 * Nested calls join the outer transaction.
 */
public interface Transactions {
    /**
     * @param work the work; never null
     * @return what {@code work} returned
     * @throws RuntimeException whatever {@code work} threw, after the rollback
     */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in one transaction. */
    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
