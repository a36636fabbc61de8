package io.userbound.store;

import io.userbound.core.port.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group force: one caller at a time stores and forces the database file, and every caller whose commit finished
 * before that force began is released by it, so concurrent writers share a force instead of queueing for one each. A
 * caller that comes while a force runs waits for the next one (its commit may have missed the running force).
 *
 * <p>Each caller takes a ticket after its commit; a force covers every ticket taken before it started, <em>on the
 * same database</em>. An embedded H2 that failed a write closes itself and is opened again by the next connection,
 * from its file: the commits it held in memory are gone. So a ticket carries the generation of the force's connection
 * when it was taken, the ticket is taken before the caller checks that its own connection is still open, and only a
 * force of the same generation covers it; a caller whose commit may have died with the old database is refused.
 * Thread-safe.
 */
final class GroupSync implements DurableCommits {
    /** How long a caller waits for a force before it is refused (a stalled disk must not hang every writer). */
    static final long WAIT_MILLIS = 10_000;

    /** Stores and forces the database: after it returns, every commit made before the call is on stable storage. */
    interface Force {
        /** The generation of the database connection the next force will use; it grows when that is replaced. */
        long generation();

        /**
         * Stores and forces.
         *
         * @return the generation of the connection the force ran on
         */
        long force() throws Exception;
    }

    private record Numbered(long number, long generation) implements Ticket {
    }

    private final Force force;
    private final Consumer<Exception> onFailure;
    private final Object lock = new Object();
    private long ticketsTaken;
    private long coveredUpTo;
    private long coveredGeneration = -1;
    private boolean forcing;
    private long forces;

    GroupSync(Force force) {
        this(force, e -> { });
    }

    /** @param onFailure told of every force that failed (before its callers are refused) */
    GroupSync(Force force, Consumer<Exception> onFailure) {
        this.force = force;
        this.onFailure = onFailure;
    }

    @Override
    public Ticket committed(Connection connection) {
        Numbered ticket;
        synchronized (lock) {
            ticket = new Numbered(++ticketsTaken, force.generation());
        }
        // after the ticket: had the database died before, the check fails; if it dies later, the ticket's generation
        // is the old one, which no later force covers
        boolean open;
        try {
            open = connection.isValid(1);
        } catch (SQLException e) {
            open = false;
        }
        if (!open) {
            throw new StoreException("the database closed after the commit; the commit may be lost", null, true);
        }
        return ticket;
    }

    @Override
    public void await(Ticket ticket) {
        if (ticket == null) {
            return;
        }
        Numbered t = (Numbered) ticket;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            long covers;
            synchronized (lock) {
                while (true) {
                    if (coveredGeneration == t.generation() && coveredUpTo >= t.number()) {
                        return;
                    }
                    if (coveredGeneration > t.generation()) {
                        throw new StoreException("the database was opened again since the commit; the commit may be "
                                + "lost", null, true);
                    }
                    if (!forcing) {
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new StoreException("the commit was not forced to disk within " + WAIT_MILLIS + " ms",
                                null, true);
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while the commit was forced to disk", e, true);
                    }
                }
                forcing = true;
                covers = ticketsTaken;
            }
            long generation = -1;
            try {
                generation = force.force();
            } catch (Exception e) {
                onFailure.accept(e);
                throw new StoreException("the commit could not be forced to disk: " + e.getMessage(), e, true);
            } finally {
                synchronized (lock) {
                    forcing = false;
                    if (generation >= 0) {
                        if (generation > coveredGeneration) {
                            coveredGeneration = generation;
                        }
                        if (generation == coveredGeneration) {
                            coveredUpTo = Math.max(coveredUpTo, covers);
                        }
                        forces++;
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    /** How many callers have noted a commit so far (for tests). */
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
