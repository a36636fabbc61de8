package io.userbound.store;

import java.sql.Connection;

/**
 * What a writer does after its commit and before its caller may answer "done": make sure the commit is on stable
 * storage, so that neither a crash of the process nor one of the machine can take it back.
 *
 * <p>The writer calls {@link #committed} right after the commit, on the connection that committed (before it goes
 * back to the pool), and then, with the connection released, {@link #await} with the ticket it got.
 *
 * <p>PostgreSQL makes a commit durable itself, before the commit returns (with {@code synchronous_commit} on, its
 * default), so its writers need {@link #NONE}. The embedded H2 keeps a commit in memory and writes it to its file up
 * to half a second later; {@link GroupSync} then stores and forces the file, once for every commit that finished
 * before the force began.
 */
interface DurableCommits {
    /** A commit waiting to be made durable; opaque to writers. */
    interface Ticket {
    }

    /** For a database whose commit is durable when it returns. */
    DurableCommits NONE = new DurableCommits() {
        @Override
        public Ticket committed(Connection connection) {
            return null;
        }

        @Override
        public void await(Ticket ticket) {
        }
    };

    /**
     * Notes a commit that just happened on {@code connection}, which must still be the caller's.
     *
     * @return the ticket to {@link #await}; null when there is nothing to wait for
     * @throws io.userbound.core.port.StoreException (unavailable) when the database that committed has gone away
     *     since, so the commit may be lost
     */
    Ticket committed(Connection connection);

    /**
     * Returns once the commit of {@code ticket} is on stable storage.
     *
     * @param ticket from {@link #committed}; null returns at once
     * @throws io.userbound.core.port.StoreException (unavailable) when that cannot be made sure: the commit happened
     *     but may not survive a crash, so the caller must not report success
     */
    void await(Ticket ticket);
}
