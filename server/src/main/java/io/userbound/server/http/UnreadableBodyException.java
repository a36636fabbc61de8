package io.userbound.server.http;

/**
 * A request body that could not be read to its end: malformed chunked framing, a client that stopped sending before
 * its Content-Length, or a body that did not arrive within the body or idle timeout. A client fault: 400 (or 408 for a
 * timeout) in the route's error shape, logged at WARN at most every 10 s, never as a server error.
 */
public final class UnreadableBodyException extends RuntimeException {
    private final boolean timedOut;

    UnreadableBodyException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    /** True when the body did not arrive in time (408), false when it was broken or cut short (400). */
    boolean timedOut() {
        return timedOut;
    }

    int status() {
        return timedOut ? 408 : 400;
    }
}
