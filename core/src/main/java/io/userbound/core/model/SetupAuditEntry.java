package io.userbound.core.model;

import java.time.Instant;

/**
 * One {@code SetupAuditTrail} row ({@code 0Ym}): one per admin change.
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
}
