package io.userbound.core.model;

import java.time.Instant;

/**
 * One {@code SetupAuditTrail} row ({@code 0Ym}): one per admin change. Control characters in its texts are
 * neutralized ({@link AuditText}).
 *
 * @param action machine name such as {@code createdUser} or {@code PermSetCreate}
 * @param section area such as {@code Manage Users} or {@code Connected Apps}
 * @param display human text naming what changed
 * @param createdById the user who made the change
 * @param createdByContext the consumer key of the app whose token made the change; may be null
 */
public record SetupAuditEntry(
        String id,
        String orgId,
        String action,
        String section,
        String display,
        String createdById,
        String createdByContext,
        Instant createdDate) {

    /** Names an admin chose (a user's, an app's, a permission set's) are stored with control characters neutralized. */
    public SetupAuditEntry {
        action = AuditText.neutralize(action);
        section = AuditText.neutralize(section);
        display = AuditText.neutralize(display);
        createdByContext = AuditText.neutralize(createdByContext);
    }
}
