package io.userbound.core.port;

import io.userbound.core.model.AccessTokenRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * Issued access tokens, kept only as hashes. A token carries its row id (the selector), so a lookup is one primary-key
 * read; the caller then compares the stored hash with the hash of the presented token (the verifier) in constant time.
 * No index on the hash exists: a random key in a B-tree costs every grant a random page write.
 */
public interface TokenStore {
    void insert(AccessTokenRecord token);

    /**
     * @param id the token's 18-character row id, as carried inside the token; never null
     * @return the row, whether active, expired or revoked; empty when there is none
     */
    Optional<AccessTokenRecord> findById(String id);

    /**
     * @param id the token's row id; never null
     * @return true when a not-yet-revoked token was revoked
     */
    boolean revoke(String id, Instant when);

    /**
     * Revokes every token of {@code userId} issued by {@code appId} that is neither revoked nor expired at
     * {@code when}: one range of the (app, user) index.
     *
     * @param grantType only the tokens of this {@code grant_type}, and those whose grant is not known; null for all
     * @return how many tokens were revoked
     */
    int revokeForUser(String appId, String userId, String grantType, Instant when);

    /**
     * Revokes every token issued by {@code appId} that is neither revoked nor expired at {@code when}.
     *
     * @return how many tokens were revoked
     */
    int revokeForApp(String appId, Instant when);

    /** Deletes at most {@code limit} tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before, int limit);
}
