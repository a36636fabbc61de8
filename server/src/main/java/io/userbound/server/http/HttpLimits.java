package io.userbound.server.http;

import java.time.Duration;

/**
 * How long and how many: the limits that keep slow or greedy clients from holding the server's sockets and threads.
 *
 * @param idleTimeout how long a connection may send nothing, between requests or inside one (Jetty's idle timeout);
 *     a read blocked that long fails, and the request gets 408
 * @param headerTimeout how long a request's line and headers may take from their first byte to the blank line that
 *     ends them, however steadily they trickle in; the connection is then closed (a request that never reached a
 *     handler has no reply)
 * @param bodyTimeout how long a request body may take to arrive in full once its handler starts reading it; the
 *     request then gets 408
 * @param maxConnections open connections across all clients; beyond it the server stops accepting until one
 *     closes (the rest wait in the kernel's backlog); 0 for no limit
 * @param maxConnectionsPerAddress open connections from one IP address; a connection beyond it is closed as soon as
 *     it is accepted; 0 for no limit (behind a proxy or load balancer, where every connection comes from its address)
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
        int maxConnectionsPerAddress) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** The defaults above. */
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT,
            DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);

    /** @throws IllegalArgumentException naming the option whose value is out of range */
    public HttpLimits {
        check("--idle-timeout", idleTimeout);
        check("--header-timeout", headerTimeout);
        check("--body-timeout", bodyTimeout);
        if (maxConnections < 0) {
            throw new IllegalArgumentException("--max-connections must be 0 (no limit) or more, was " + maxConnections);
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("--max-connections-per-address must be 0 (no limit) or more, was "
                    + maxConnectionsPerAddress);
        }
    }

    private static void check(String option, Duration value) {
        if (value == null || value.toMillis() < 100 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(option + " must be between 0.1 s and 1 h, was "
                    + (value == null ? "nothing" : value.toMillis() / 1000.0 + " s"));
        }
    }

    public HttpLimits withTimeouts(Duration idle, Duration header, Duration body) {
        return new HttpLimits(idle, header, body, maxConnections, maxConnectionsPerAddress);
    }

    public HttpLimits withConnections(int total, int perAddress) {
        return new HttpLimits(idleTimeout, headerTimeout, bodyTimeout, total, perAddress);
    }
}
