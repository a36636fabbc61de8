package io.userbound.client;

/**
 * The token endpoint refused a request (RFC 6749 section 5.2), or answered something that is not a token reply.
 *
 * <p>The message is {@code "<error>: <error_description>"}, or just the error when there is no description. For a
 * reply that is not a JSON error object the error is {@code ERROR_HTTP_<status>} and the description is the start of
 * the body.
 */
public final class OAuthClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String errorDescription;

    /**
     * @param status the HTTP status of the reply
     * @param error the {@code error} value; never null
     * @param errorDescription the {@code error_description}; may be null
     */
    public OAuthClientException(int status, String error, String errorDescription) {
        super(errorDescription == null || errorDescription.isEmpty() ? error : error + ": " + errorDescription);
        this.status = status;
        this.error = error;
        this.errorDescription = errorDescription;
    }

    /** The HTTP status of the reply. */
    public int status() {
        return status;
    }

    /** The {@code error} code, such as {@code invalid_grant}. */
    public String error() {
        return error;
    }

    /** The {@code error_description}; may be null. */
    public String errorDescription() {
        return errorDescription;
    }
}
