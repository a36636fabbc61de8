package io.userbound.core.model;

import java.time.Instant;
import java.util.Set;

/** A permission set ({@code 0PS}): extra permissions assigned to users. {@code name} is the unique API name. */
public record PermissionSet(
        String id, String orgId, String name, String label, Set<SystemPermission> permissions, Instant createdDate) {
    public PermissionSet {
        permissions = Set.copyOf(permissions);
    }
}
