package io.userbound.protocol;

/**
 * The {@code errorCode} values of REST API error bodies, each with the HTTP status Userbound answers with
 * ({@code salesforce-compat.md} section 7).
 */
public enum RestErrorCode {
    INVALID_SESSION_ID(401),
    INVALID_AUTH_HEADER(401),
    NOT_FOUND(404),
    INSUFFICIENT_ACCESS(403),
    INSUFFICIENT_ACCESS_OR_READONLY(403),
    API_DISABLED_FOR_ORG(403),
    REQUEST_LIMIT_EXCEEDED(403),
    METHOD_NOT_ALLOWED(405),
    UNSUPPORTED_MEDIA_TYPE(415),
    JSON_PARSER_ERROR(400),
    INVALID_FIELD(400),
    INVALID_FIELD_FOR_INSERT_UPDATE(400),
    INVALID_TYPE(400),
    INVALID_ID_FIELD(400),
    MALFORMED_ID(400),
    MALFORMED_QUERY(400),
    REQUIRED_FIELD_MISSING(400),
    DUPLICATE_VALUE(400),
    FIELD_INTEGRITY_EXCEPTION(400),
    INVALID_CROSS_REFERENCE_KEY(400),
    STRING_TOO_LONG(400),
    INVALID_OPERATION(400),
    CANNOT_DELETE_OWNER(400),
    INVALID_EMAIL_ADDRESS(400),
    INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST(400),
    NUMBER_OUTSIDE_VALID_RANGE(400),
    INVALID_QUERY_LOCATOR(400),
    ALL_OR_NONE_OPERATION_ROLLED_BACK(400),
    INVALID_QUERY_FILTER_OPERATOR(400),
    /** Several records hold an external id that an upsert names (a single upsert answers 300 with their URLs). */
    DUPLICATE_EXTERNAL_ID(300),
    /** A collection element lacks a value the call needs, such as the external id of an upsert. */
    MISSING_ARGUMENT(400),
    /** A composite subrequest that did not run: its references name no value, or its transaction was rolled back. */
    PROCESSING_HALTED(400),
    /** The request line (URI) is longer than the server reads (8 KiB). */
    URI_TOO_LONG(414),
    /** The request headers are larger than the server reads (8 KiB). */
    REQUEST_HEADER_FIELDS_TOO_LARGE(431),
    /** The request, or its body, did not arrive in time. */
    REQUEST_TIMEOUT(408),
    UNKNOWN_EXCEPTION(500),
    /** Salesforce's answer while it cannot serve the request (maintenance, overload); a retry later may succeed. */
    SERVER_UNAVAILABLE(503);

    private final int httpStatus;

    RestErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
