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
        int taken = db.update(TAKE, ps -> {
            Db.text(ps, 1, holder);
            ps.setLong(2, until.toEpochMilli());
            Db.text(ps, 3, name);
            ps.setLong(4, now.toEpochMilli());
            Db.text(ps, 5, holder);
        });
        if (taken > 0) {
            return true;
        }
        try {
            return db.write(CREATE, ps -> {
                Db.text(ps, 1, name);
                Db.text(ps, 2, holder);
                ps.setLong(3, until.toEpochMilli());
            }) > 0;
        } catch (DuplicateValueException held) {
            return false;
        }
    }

    @Override
    public boolean release(String name, String holder) {
        return db.update(RELEASE, ps -> {
            Db.text(ps, 1, name);
            Db.text(ps, 2, holder);
        }) > 0;
    }
}
