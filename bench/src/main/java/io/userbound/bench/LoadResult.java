package io.userbound.bench;

/**
 * One concurrency level of a loopback load run.
 *
 * @param requests requests sent (all timed)
 * @param throughput requests per second over the level's wall time
 * @param errors replies that were not the expected success
 * @param cpuMicrosPerRequest CPU time of the whole process (server and load generator: they share one JVM) per
 *     request, in microseconds; steadier than the throughput when other work shares the cores; 0 when unknown
 * @param clientCpuMicrosPerRequest of that, the load generator's client threads; 0 when unknown
 */
public record LoadResult(int clients, int requests, double throughput, double p50Ms, double p99Ms, long errors,
        double cpuMicrosPerRequest, double clientCpuMicrosPerRequest) {
}
