package io.userbound.server.ops;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.token.TokenEndpoint;
import io.userbound.server.http.ConnectionGuard;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * The server's Micrometer registry, exposed in the Prometheus text format at {@code /metrics}:
 * <ul>
 *   <li>{@code http_server_requests_seconds} (count, sum, max and cumulative {@code _bucket}s at
 *       {@link #LATENCY_BUCKETS}, so a dashboard can compute percentiles) per method, route template and status;</li>
 *   <li>{@code userbound_token_requests_total} per outcome ({@code success}/{@code failure}) and typed reason;</li>
 *   <li>{@code userbound_introspection_requests_total} per outcome ({@code active}, {@code inactive},
 *       {@code refused}) and {@code userbound_revocation_requests_total} per outcome ({@code revoked},
 *       {@code already_revoked}, {@code unknown}, {@code refused});</li>
 *   <li>{@code hikaricp_connections_*} gauges of the database pool, and JVM memory, thread and CPU gauges.</li>
 * </ul>
 * Meters are created once and cached, so recording costs a map lookup and an atomic add.
 */
public final class ServerMetrics {
    /** Latency histogram bounds of the HTTP timer (Prometheus {@code le} buckets). */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<LoginReason, Counter> tokenCounters = new EnumMap<>(LoginReason.class);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomeCounters = new ConcurrentHashMap<>();

    public ServerMetrics() {
        for (LoginReason reason : LoginReason.values()) {
            tokenCounters.put(reason, Counter.builder("userbound.token.requests")
                    .description("Token endpoint requests by outcome and reason")
                    .tag("outcome", reason == LoginReason.SUCCESS ? "success" : "failure")
                    .tag("reason", reason.name())
                    .register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public void tokenOutcome(LoginReason reason) {
        tokenCounters.get(reason == null ? LoginReason.SERVER_ERROR : reason).increment();
    }

    /** Counts an introspection request by outcome. */
    public void introspection(String outcome) {
        outcome("userbound.introspection.requests", "Introspection requests by outcome", outcome);
    }

    /** Counts a revocation request by outcome. */
    public void revocation(String outcome) {
        outcome("userbound.revocation.requests", "Revocation requests by outcome", outcome);
    }

    private void outcome(String name, String description, String outcome) {
        outcomeCounters.computeIfAbsent(name + ' ' + outcome, k -> Counter.builder(name).description(description)
                .tag("outcome", outcome).register(registry)).increment();
    }

    public void httpRequest(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("HTTP requests by method, route template and status")
                    .tag("method", method).tag("uri", route).tag("status", Integer.toString(status))
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * {@code userbound.token.refusals.unattributed}: refused token requests that named no known app, so that no
     * org's LoginHistory shows them (probing and floods show here and in the {@code io.userbound.security} log).
     */
    public void bindUnattributedRefusals(TokenEndpoint endpoint) {
        FunctionCounter.builder("userbound.token.refusals.unattributed", endpoint,
                        TokenEndpoint::unattributedRefusals)
                .description("Refused token requests that named no known app").register(registry);
    }

    /**
     * {@code userbound.http.connections.refused} (connections closed because their address had too many open) and
     * {@code userbound.http.header.timeouts} (connections closed because a request's headers took too long).
     */
    public void bindConnectionGuard(ConnectionGuard guard) {
        FunctionCounter.builder("userbound.http.connections.refused", guard, ConnectionGuard::refusedConnections)
                .description("Connections closed at once: their address had the most open connections allowed")
                .register(registry);
        FunctionCounter.builder("userbound.http.header.timeouts", guard, ConnectionGuard::headerTimeouts)
                .description("Connections closed because a request's headers did not arrive within the header timeout")
                .register(registry);
    }

    /** Adds gauges of a HikariCP pool; other data sources are ignored. */
    public void bindPool(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return;
        }
        String pool = hikari.getPoolName() == null ? "default" : hikari.getPoolName();
        gauge("hikaricp.connections.active", pool, hikari, HikariPoolMXBean::getActiveConnections);
        gauge("hikaricp.connections.idle", pool, hikari, HikariPoolMXBean::getIdleConnections);
        gauge("hikaricp.connections", pool, hikari, HikariPoolMXBean::getTotalConnections);
        gauge("hikaricp.connections.pending", pool, hikari, HikariPoolMXBean::getThreadsAwaitingConnection);
        Gauge.builder("hikaricp.connections.max", hikari, HikariDataSource::getMaximumPoolSize).tag("pool", pool)
                .register(registry);
    }

    private void gauge(String name, String pool, HikariDataSource ds, ToDoubleFunction<HikariPoolMXBean> f) {
        Gauge.builder(name, ds, d -> {
            HikariPoolMXBean bean = d.isClosed() ? null : d.getHikariPoolMXBean();
            return bean == null ? Double.NaN : f.applyAsDouble(bean);
        }).tag("pool", pool).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }
}
