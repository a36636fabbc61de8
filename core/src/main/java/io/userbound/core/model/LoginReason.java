package io.userbound.core.model;

/**
 * The typed outcome of one token request, recorded in {@code LoginHistory}. The text is what the
 * {@code Status} field shows ({@code Success} or {@code Failed: <text>}); it is for admins, never sent to the client.
 */
public enum LoginReason {
    SUCCESS("Success"),
    INVALID_REQUEST("Invalid request"),
    UNSUPPORTED_GRANT_TYPE("Unsupported grant type"),
    UNKNOWN_CLIENT("Unknown consumer key"),
    CLIENT_MISMATCH("Client authentication does not match the assertion issuer"),
    INVALID_CLIENT_CREDENTIALS("Invalid client credentials"),
    MALFORMED_ASSERTION("Malformed assertion"),
    ALGORITHM_NOT_ALLOWED("Signature algorithm not allowed"),
    NO_VALID_CERTIFICATE("No active, unexpired certificate"),
    INVALID_SIGNATURE("Invalid signature"),
    MISSING_CLAIM("Required claim missing"),
    AUDIENCE_INVALID("Audience invalid"),
    ASSERTION_EXPIRED("Assertion expired"),
    ASSERTION_NOT_YET_VALID("Assertion not yet valid"),
    LIFETIME_EXCEEDED("Assertion lifetime exceeds the cap"),
    JTI_REQUIRED("Assertion jti required"),
    JTI_REPLAYED("Assertion replayed"),
    USER_UNKNOWN("Unknown user"),
    USER_INACTIVE("Inactive user"),
    USER_NOT_API_ENABLED("API not enabled for user"),
    USER_CANNOT_LOG_IN("User type cannot log in"),
    NOT_ADMIN_APPROVED("User not admin approved for app"),
    NOT_APPROVED("User has not approved app"),
    CLIENT_CREDENTIALS_DISABLED("Client credentials flow not enabled"),
    NO_RUN_AS_USER("No client credentials user enabled"),
    SERVER_ERROR("Server error");

    private final String text;

    LoginReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The {@code LoginHistory.Status} value. */
    public String status() {
        return this == SUCCESS ? "Success" : "Failed: " + text;
    }
}
