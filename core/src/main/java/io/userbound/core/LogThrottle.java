package io.userbound.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * At most one log line per interval for a condition that can repeat on every request (a database outage, a flood of
 * malformed requests), with the count of the lines it held back. Thread-safe.
 */
public final class LogThrottle {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public LogThrottle(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code message} (SLF4J {@code {}} placeholders, no stack trace) at WARN, unless a line was logged less than
     * the interval ago; then it only counts it.
     */
    public void warn(String message, Object... arguments) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            log.warn(held == 0 ? message : message + " (" + held + " more like it not logged)", arguments);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
