package io.userbound.core;

import io.userbound.protocol.RestErrorCode;
import java.util.List;

/**
 * A refusal of a REST or admin request, with the Salesforce error code and a message that names the problem. The
 * server maps it to the code's HTTP status and a one-element JSON array body.
 */
public final class ApiException extends RuntimeException {
    private final RestErrorCode code;
    private final List<String> fields;

    public ApiException(RestErrorCode code, String message) {
        this(code, message, List.of());
    }

    public ApiException(RestErrorCode code, String message, List<String> fields) {
        super(message, null, false, false);
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public RestErrorCode code() {
        return code;
    }

    public List<String> fields() {
        return fields;
    }

    public static ApiException notFound() {
        return new ApiException(RestErrorCode.NOT_FOUND, "The requested resource does not exist");
    }

    public static ApiException insufficientAccess(String what) {
        return new ApiException(RestErrorCode.INSUFFICIENT_ACCESS, what);
    }
}
