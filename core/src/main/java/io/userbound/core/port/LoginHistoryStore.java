package io.userbound.core.port;

import io.userbound.core.model.LoginHistoryEntry;
import java.util.List;
import java.util.Optional;

/** The {@code LoginHistory}: append-only. */
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
}
