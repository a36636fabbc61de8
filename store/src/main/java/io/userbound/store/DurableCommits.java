package io.userbound.store;

/**
 * What a writer waits for after its commit and before its caller may answer "done": that the commit is on stable
 * storage, so that neither a crash of the process nor one of the machine can take it back.
 *
 * <p>PostgreSQL makes a commit durable itself, before the commit returns (with {@code synchronous_commit} on, its
 * default), so its writers need {@link #NONE}. The embedded H2 writes each commit to its file before the commit
 * returns ({@code WRITE_DELAY=0}), which a killed process cannot lose, but leaves it in the operating system's page
 * cache; {@link GroupSync} then forces the file to disk, once for every commit that finished before the force began.
 */
interface DurableCommits {
    /** For a database whose commit is durable when it returns. */
    DurableCommits NONE = () -> { };

    /**
     * Returns once every commit that finished on any thread before this call is on stable storage. Call it after the
     * commit, and after giving the connection back to the pool.
     *
     * @throws io.userbound.core.port.StoreException when the storage cannot be forced: the commit happened but may not
     *     survive a crash of the machine, so the caller must not report success
     */
    void await();
}
