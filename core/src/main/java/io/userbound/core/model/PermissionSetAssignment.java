package io.userbound.core.model;

import java.time.Instant;

/** The assignment of a permission set to a user ({@code 0Pa}); unique per (assignee, permission set). */
public record PermissionSetAssignment(
        String id, String orgId, String assigneeId, String permissionSetId, Instant createdDate) {
}
