package io.userbound.server.http;

import io.userbound.core.LogThrottle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow and greedy clients from holding the server's connections: a connection beyond
 * {@link HttpLimits#maxConnectionsPerAddress} from one IP address is closed as soon as it is accepted, and a request
 * whose line and headers are not complete {@link HttpLimits#headerTimeout} after their first byte (a slowloris
 * client trickling one header byte at a time, each inside the idle timeout) has its connection closed. Jetty's idle
 * timeout covers a client that sends nothing; the body deadline is the request reader's. Each refusal is counted and
 * logged at WARN, rate-limited, on {@code io.userbound.security}.
 *
 * <p>Registered as a {@link Connection.Listener} on the HTTP/1.1 connector and managed as a Jetty bean (it sweeps
 * open connections from its own thread while started). Thread-safe.
 */
public final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
    private static final LogThrottle REFUSED = new LogThrottle(LoggerFactory.getLogger("io.userbound.security"),
            Duration.ofSeconds(10));
    private static final LogThrottle SLOW = new LogThrottle(LoggerFactory.getLogger("io.userbound.security"),
            Duration.ofSeconds(10));
    private static final long NONE = Long.MIN_VALUE;

    private final int maxPerAddress;
    private final long headerTimeoutNanos;
    private final long sweepMillis;
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder headerTimeouts = new LongAdder();
    private ScheduledExecutorService sweeper;

    public ConnectionGuard(HttpLimits limits) {
        this.maxPerAddress = limits.maxConnectionsPerAddress();
        this.headerTimeoutNanos = limits.headerTimeout().toNanos();
        this.sweepMillis = Math.max(50, Math.min(1000, limits.headerTimeout().toMillis() / 4));
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection.getEndPoint().getRemoteSocketAddress());
        if (address != null && maxPerAddress > 0) {
            int count = perAddress.merge(address, 1, Integer::sum);
            if (count > maxPerAddress) {
                release(address);
                refusedConnections.increment();
                REFUSED.warn("closed a connection from {}: it already has {} open, the most one address may have "
                        + "(--max-connections-per-address)", address.getHostAddress(), maxPerAddress);
                connection.getEndPoint().close();
                return;
            }
        }
        open.put(connection, new Watch(address));
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = open.remove(connection);
        if (watch != null && watch.address != null && maxPerAddress > 0) {
            release(watch.address);
        }
    }

    private void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections closed because their address had too many open; a Prometheus counter. */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /** Connections closed because a request's headers took longer than the header timeout; a Prometheus counter. */
    public long headerTimeouts() {
        return headerTimeouts.sum();
    }

    /** The connections open now from {@code address} (as counted against the per-address limit). */
    public int openFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "userbound-connection-guard");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
    }

    /** Closes every connection whose current request has spent longer than the header timeout in its headers. */
    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Watch> e : open.entrySet()) {
            if (e.getKey() instanceof HttpConnection http && e.getValue().headerOverdue(http, now, headerTimeoutNanos)) {
                headerTimeouts.increment();
                SLOW.warn("closed a connection from {}: its request headers were not complete after {} ms "
                        + "(--header-timeout)", e.getValue().address == null ? "an unknown address"
                        : e.getValue().address.getHostAddress(), headerTimeoutNanos / 1_000_000);
                http.getEndPoint().close();
            }
        }
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /**
     * What the sweeps saw of one connection: how many requests it had begun, and since when its current request has
     * been in its line or headers. Touched by the sweeper thread only.
     */
    private static final class Watch {
        final InetAddress address;
        long requests = -1;
        long headerSince = NONE;

        Watch(InetAddress address) {
            this.address = address;
        }

        boolean headerOverdue(HttpConnection http, long now, long timeoutNanos) {
            HttpParser parser = http.getParser();
            // START is a connection waiting for its next request (the idle timeout's); the states after it and before
            // CONTENT are a request line or headers being received
            boolean inHeaders = parser.inHeaderState() && !parser.isStart();
            long seen = http.getMessagesIn();
            if (seen != requests) {
                requests = seen;
                headerSince = inHeaders ? now : NONE;
                return false;
            }
            if (!inHeaders) {
                headerSince = NONE;
                return false;
            }
            if (headerSince == NONE) {
                headerSince = now;
                return false;
            }
            return now - headerSince > timeoutNanos;
        }
    }
}
