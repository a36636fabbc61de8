package io.userbound.core.model;

import java.time.Instant;
import java.util.Set;

/** A profile ({@code 00e}): every user has exactly one. Names are unique per org. */
public record Profile(String id, String orgId, String name, Set<SystemPermission> permissions, Instant createdDate) {
    public Profile {
        permissions = Set.copyOf(permissions);
    }

    public static final String SYSTEM_ADMINISTRATOR = "System Administrator";
    public static final String STANDARD_USER = "Standard User";
    public static final String API_ONLY_INTEGRATIONS = "Minimum Access - API Only Integrations";
    public static final String AUTOMATED_PROCESS = "Automated Process";
}
