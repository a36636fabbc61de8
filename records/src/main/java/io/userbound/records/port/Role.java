package io.userbound.records.port;

import java.time.Instant;

/**
 * A role ({@code UserRole}, {@code 00E}) of the role hierarchy: a user in a role sees what users in the roles below it
 * see.
 *
 * @param parentRoleId the role directly above; null for a top role
 */
public record Role(String id, String orgId, String name, String parentRoleId, Instant createdDate) {
}
