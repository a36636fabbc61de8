package io.userbound.store;

import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.JobLeases;
import java.time.Instant;
import java.util.Objects;

/**
 * Leases as rows of {@code job_leases(name, holder, expires_at)}. Acquiring is one conditional UPDATE (the row is
 * free, expired or ours), and only for a name without a row an INSERT that the primary key lets one node win. Under
 * concurrent UPDATEs both databases re-check the condition on the row's newest version after waiting for its lock,
 * so the second writer sees the first one's lease and updates nothing.
 */
final class JdbcJobLeases implements JobLeases {
    private static final String TAKE = "UPDATE job_leases SET holder = ?, expires_at = ? "
            + "WHERE name = ? AND (expires_at <= ? OR holder = ?)";
    private static final String CREATE = "INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)";
    private static final String RELEASE = "UPDATE job_leases SET expires_at = 0 WHERE name = ? AND holder = ?";

    private final Db db;

    JdbcJobLeases(Db db) {
        this.db = db;
    }

    @Override
    public boolean tryAcquire(String name, String holder, Instant now, Instant until) {
        Objects.requireNonNull(name, "name");
        if (holder == null || holder.isEmpty()) {
            throw new IllegalArgumentException("a lease holder is required");
        }
        int taken = db.update(TAKE, Params.of()
                .text(holder).number(until.toEpochMilli()).text(name).number(now.toEpochMilli()).text(holder));
        if (taken > 0) {
            return true;
        }
        try {
            return db.write(CREATE, Params.of().text(name).text(holder).number(until.toEpochMilli())) > 0;
        } catch (DuplicateValueException held) {
            return false;
        }
    }

    @Override
    public boolean release(String name, String holder) {
        return db.update(RELEASE, Columns.texts(name, holder)) > 0;
    }
}
