package io.userbound.core.port;

import io.userbound.core.model.AccessTokenRecord;
import java.time.Instant;
import java.util.Optional;

/** Issued access tokens, kept only as hashes. */
public interface TokenStore {
    void insert(AccessTokenRecord token);

    /** @param tokenHash lower-case hex SHA-256 of the token string */
    Optional<AccessTokenRecord> findByHash(String tokenHash);

    /** @return true when a not-yet-revoked token was revoked */
    boolean revoke(String tokenHash, Instant when);

    /** Deletes at most {@code limit} tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before, int limit);
}
