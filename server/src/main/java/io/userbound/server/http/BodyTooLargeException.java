package io.userbound.server.http;

/** A request body longer than the route accepts; the reply is 413 in the route's error shape. */
public final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes", null, false, false);
    }
}
