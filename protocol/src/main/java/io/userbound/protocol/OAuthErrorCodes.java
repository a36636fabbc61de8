package io.userbound.protocol;

/**
 * The {@code error} values of token endpoint error replies: RFC 6749 section 5.2 plus the Salesforce-specific codes
 * that real Salesforce clients match on (see {@code salesforce-compat.md} section 4).
 */
public final class OAuthErrorCodes {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    /** Salesforce: unknown consumer key. */
    public static final String INVALID_CLIENT_ID = "invalid_client_id";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    /** Salesforce: user not pre-authorized for an admin-approved app. */
    public static final String INVALID_APP_ACCESS = "invalid_app_access";
    public static final String INVALID_TOKEN = "invalid_token";
    public static final String UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type";
    public static final String SERVER_ERROR = "server_error";
    /** Salesforce: transient failure, "retry your request". */
    public static final String UNKNOWN_ERROR = "unknown_error";
    /** RFC 6749 section 5.2 (via 4.1.2.1): the server cannot handle the request now, a retry later may succeed. */
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private OAuthErrorCodes() {
    }
}
