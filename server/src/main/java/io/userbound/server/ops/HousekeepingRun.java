package io.userbound.server.ops;

/**
 * What one housekeeping run purged.
 *
 * @param leased false when another node held the purge lease, so this node skipped the run (every count is 0)
 * @param expiredTokens access tokens deleted (expired for longer than the grace period)
 * @param usedAssertionIds used {@code jti} marks deleted (their assertions expired)
 * @param oldLoginHistory {@code LoginHistory} rows deleted (older than the retention)
 * @param complete false when the run was skipped, or stopped at its batch cap or on a store failure, so more may be
 *     left for the next
 */
public record HousekeepingRun(boolean leased, int expiredTokens, int usedAssertionIds, int oldLoginHistory,
        boolean complete) {

    /** A run skipped because another node held the lease. */
    public static final HousekeepingRun SKIPPED = new HousekeepingRun(false, 0, 0, 0, false);

    /** True when the run deleted anything (and so wrote its {@code SetupAuditTrail} rows). */
    public boolean purgedAnything() {
        return expiredTokens + usedAssertionIds + oldLoginHistory > 0;
    }
}
