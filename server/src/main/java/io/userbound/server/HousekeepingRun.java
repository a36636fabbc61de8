package io.userbound.server;

/**
 * What one housekeeping run purged.
 *
 * @param expiredTokens access tokens deleted (expired for longer than the grace period)
 * @param usedAssertionIds used {@code jti} marks deleted (their assertions expired)
 * @param complete false when the run stopped at its batch cap or on a store failure, so more may be left for the next
 */
public record HousekeepingRun(int expiredTokens, int usedAssertionIds, boolean complete) {

    /** True when the run deleted anything (and so wrote its {@code SetupAuditTrail} row). */
    public boolean purgedAnything() {
        return expiredTokens + usedAssertionIds > 0;
    }
}
