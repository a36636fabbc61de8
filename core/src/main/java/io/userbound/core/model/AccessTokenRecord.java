package io.userbound.core.model;

import java.time.Instant;
import java.util.Set;

/**
 * What the store keeps of an issued access token: never the token itself, only its hash.
 *
 * @param id the row id, which the token itself carries after the org id
 * @param tokenHash lower-case hex SHA-256 of the whole token string; a lookup by {@code id} must match it
 * @param revokedAt null while not revoked
 */
public record AccessTokenRecord(
        String id,
        String tokenHash,
        String orgId,
        String userId,
        String appId,
        Set<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt) {

    public AccessTokenRecord {
        scopes = Set.copyOf(scopes);
    }

    /** True when not revoked and {@code now} is before the expiry. */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
