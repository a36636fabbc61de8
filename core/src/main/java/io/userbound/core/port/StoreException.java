package io.userbound.core.port;

/** A failure of the store itself (connection, SQL). Never caused by client input; maps to a server error. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
