package io.userbound.core.port;

import java.time.Instant;

/**
 * Single use of assertion ids (RFC 7523 section 3, item 7: "The authorization server MAY ensure that JWTs are not
 * replayed by maintaining the set of used jti values for the length of time for which the JWT would be considered
 * valid").
 */
public interface ReplayGuard {
    /**
     * Marks {@code (appId, jti)} as used until {@code expiresAt}, in one atomic step that is correct across threads
     * and server nodes (a unique insert, never check-then-insert).
     *
     * @return true when this call was the first use; false when the pair was already used
     */
    boolean firstUse(String appId, String jti, Instant expiresAt);

    /** Deletes at most {@code limit} entries that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before, int limit);
}
