package io.userbound.core.port;

/**
 * A failure of the store itself (connection, SQL). Never caused by client input; maps to a server error. When the
 * database is {@linkplain #unavailable() unavailable} (unreachable, out of disk, read-only, overloaded) the request
 * may succeed if repeated later: the HTTP layer answers 503 rather than 500.
 */
public final class StoreException extends RuntimeException {
    private final boolean unavailable;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param unavailable true when the database, not this request, is at fault and a retry later may succeed */
    public StoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** True when the database is unavailable for now (503), false for any other store failure (500). */
    public boolean unavailable() {
        return unavailable;
    }

    /** True when {@code failure}, or one of its causes, is an {@linkplain #unavailable() unavailable} store. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException s && s.unavailable) {
                return true;
            }
        }
        return false;
    }
}
