package io.userbound.core.port;

/**
 * Counts the calls made to the record API ({@code /services/data/vNN.0/...}) for the {@code Sforce-Limit-Info}
 * header ({@code api-usage=used/max}) and the {@code limits} resource ({@code salesforce-compat.md} section 7).
 *
 * <p>The figures are per org and per UTC day, like Salesforce's {@code DailyApiRequests}. Today's implementation
 * counts on one node and never refuses a call: the figures only inform clients that pace themselves. Cluster-wide
 * implementations (the same count seen on every node) and quotas that refuse come with issue 15; they keep this
 * contract and add the refusal.
 *
 * <p>Implementations are thread-safe: every API request of the node calls {@link #record}.
 */
public interface ApiUsageMeter {

    /**
     * An org's usage of the current day.
     *
     * @param used the calls counted so far today, this one included when returned by {@link #record}; at least 0
     * @param allowance the daily allowance; at least 0
     */
    record Usage(long used, long allowance) {

        /** What is left of the allowance, never below 0. */
        public long remaining() {
            return Math.max(0, allowance - used);
        }
    }

    /**
     * Counts one API call of {@code appId}'s token in {@code orgId}.
     *
     * @param orgId the caller's org (18 characters); must not be {@code null}
     * @param appId the connected app whose token made the call; may be {@code null} (a token of no app)
     * @return the org's usage with this call counted; never {@code null}
     */
    Usage record(String orgId, String appId);

    /**
     * The org's usage so far today, counting nothing.
     *
     * @param orgId the org (18 characters); must not be {@code null}
     * @return never {@code null}; {@code used} is 0 for an org with no call today
     */
    Usage usage(String orgId);
}
