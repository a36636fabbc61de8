package io.userbound.core.port;

import io.userbound.core.model.SetupAuditEntry;
import java.util.List;

/** The {@code SetupAuditTrail}: append-only. */
public interface SetupAuditStore {
    void append(SetupAuditEntry entry);

    /** Newest first, at most {@code limit}. */
    List<SetupAuditEntry> list(String orgId, int limit);
}
