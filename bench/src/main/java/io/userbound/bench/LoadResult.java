package io.userbound.bench;

/**
 * One concurrency level of a loopback load run.
 *
 * @param requests requests sent (all timed)
 * @param throughput requests per second over the level's wall time
 * @param errors replies that were not the expected success
 */
public record LoadResult(int clients, int requests, double throughput, double p50Ms, double p99Ms, long errors) {
}
