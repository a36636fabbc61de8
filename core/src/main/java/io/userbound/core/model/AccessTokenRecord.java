package io.userbound.core.model;

import java.time.Instant;
import java.util.Set;

/**
 * What the store keeps of an issued access token: never the token itself, only its hash.
 *
 * @param id the row id, which the token itself carries after the org id
 * @param tokenHash lower-case hex SHA-256 of the whole token string; a lookup by {@code id} must match it
 * @param revokedAt null while not revoked
 * @param grantType the {@code grant_type} that issued the token ({@code io.userbound.protocol.GrantTypes}); null for a
 *     token issued before Userbound recorded it (migration V7), which counts as issued by either grant
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
        Instant revokedAt,
        String grantType) {

    public AccessTokenRecord {
        scopes = Set.copyOf(scopes);
    }

    /** A record whose grant is not known (as for a token issued before migration V7). */
    public AccessTokenRecord(String id, String tokenHash, String orgId, String userId, String appId,
            Set<String> scopes, Instant issuedAt, Instant expiresAt, Instant revokedAt) {
        this(id, tokenHash, orgId, userId, appId, scopes, issuedAt, expiresAt, revokedAt, null);
    }

    /** This record, revoked at {@code when}. */
    public AccessTokenRecord revoked(Instant when) {
        return new AccessTokenRecord(id, tokenHash, orgId, userId, appId, scopes, issuedAt, expiresAt, when, grantType);
    }

    /** True when not revoked and {@code now} is before the expiry. */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
