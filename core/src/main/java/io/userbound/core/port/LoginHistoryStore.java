package io.userbound.core.port;

import io.userbound.core.model.LoginHistoryEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code LoginHistory}: append-only; rows leave only through retention ({@link #purgeOlderThan}). */
public interface LoginHistoryStore {
    void append(LoginHistoryEntry entry);

    Optional<LoginHistoryEntry> findById(String id);

    /**
     * Newest first.
     *
     * @param orgId never null
     * @param userId only this user's rows; null for every row of the org
     */
    List<LoginHistoryEntry> list(String orgId, String userId, int limit);

    /**
     * Deletes at most {@code limit} of the oldest rows whose login time is before {@code before} (retention), in
     * time order; returns how many. The cost is that of the rows deleted, not of the history's length.
     */
    int purgeOlderThan(Instant before, int limit);
}
