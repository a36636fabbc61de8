package io.userbound.oauth;

import io.userbound.protocol.OAuthErrorCodes;

/**
 * An immutable OAuth error template (RFC 6749 section 5.2): the {@code error} code, the client-visible
 * {@code error_description} and the HTTP status. The constants are shared; {@link #withDescription(String)} returns
 * a copy and never changes them. Debug detail does not belong here: it travels in {@link OAuthException} to the
 * audit row and the log, never to the client.
 *
 * <p>Descriptions are the exact lower-case strings Salesforce sends where Salesforce has one
 * ({@code salesforce-compat.md} section 4); real clients match on some of them.
 */
public record OAuthError(String code, String description, int httpStatus) {

    // -- request framing
    public static final OAuthError GRANT_TYPE_MISSING =
            new OAuthError(OAuthErrorCodes.INVALID_REQUEST, "grant type is missing", 400);
    public static final OAuthError UNSUPPORTED_GRANT_TYPE =
            new OAuthError(OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, "grant type not supported", 400);
    public static final OAuthError INVALID_REQUEST =
            new OAuthError(OAuthErrorCodes.INVALID_REQUEST, "invalid request", 400);

    // -- client
    public static final OAuthError UNKNOWN_CLIENT =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT_ID, "client identifier invalid", 400);
    /** RFC 6749 section 5.2: 401 when the client authenticated with a Basic header (the mapper adds the challenge). */
    public static final OAuthError INVALID_CLIENT_CREDENTIALS =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "invalid client credentials", 401);

    // -- assertion
    public static final OAuthError INVALID_ASSERTION =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "invalid assertion", 400);
    public static final OAuthError AUDIENCE_INVALID =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "audience is invalid", 400);
    public static final OAuthError ASSERTION_EXPIRED =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "expired authorization code", 400);

    // -- user
    public static final OAuthError NOT_APPROVED =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "user hasn't approved this consumer", 400);
    public static final OAuthError NOT_ADMIN_APPROVED =
            new OAuthError(OAuthErrorCodes.INVALID_APP_ACCESS, "user is not admin approved to access this app", 400);

    /** RFC 7523 section 3: the assertion parameter is required. */
    public static final OAuthError ASSERTION_MISSING =
            new OAuthError(OAuthErrorCodes.INVALID_REQUEST, "assertion is missing", 400);
    public static final OAuthError EXP_INVALID =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "exp claim is missing or not a number", 400);
    public static final OAuthError ASSERTION_NOT_YET_VALID =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "assertion is not yet valid", 400);
    public static final OAuthError LIFETIME_EXCEEDED =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "assertion lifetime exceeds the maximum allowed", 400);
    public static final OAuthError JTI_REQUIRED =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "jti claim is required", 400);
    public static final OAuthError JTI_REPLAYED =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "assertion has already been used", 400);

    // -- client authentication on a grant that names its client elsewhere (the assertion's iss)
    public static final OAuthError CLIENT_MISMATCH = new OAuthError(OAuthErrorCodes.INVALID_CLIENT,
            "client identifier does not match the assertion issuer", 400);

    // -- introspection (RFC 7662) and revocation (RFC 7009)
    /** RFC 7662 section 2.1: the introspection endpoint requires client authentication with a secret. */
    public static final OAuthError CLIENT_AUTHENTICATION_REQUIRED =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client authentication required", 401);
    /** RFC 7662 section 2.1 and RFC 7009 section 2.1: {@code token} is REQUIRED. */
    public static final OAuthError TOKEN_MISSING =
            new OAuthError(OAuthErrorCodes.INVALID_REQUEST, "token is missing", 400);
    /** RFC 7009 section 2.2.1: the server cannot revoke this kind of token (Userbound issues opaque tokens only). */
    public static final OAuthError UNSUPPORTED_TOKEN_TYPE =
            new OAuthError(OAuthErrorCodes.UNSUPPORTED_TOKEN_TYPE, "token type not supported", 400);
    /** RFC 7009 section 2.1: the authenticated client asked to revoke a token issued to another client. */
    public static final OAuthError TOKEN_OF_ANOTHER_CLIENT =
            new OAuthError(OAuthErrorCodes.UNAUTHORIZED_CLIENT, "token was not issued to this client", 400);
    // -- client credentials grant (RFC 6749 section 4.4; salesforce-compat.md section 9 rule 8)
    /**
     * The app does not enable the flow, or names no run-as user, or one that is inactive, not API-enabled or the
     * Automated Process user. One answer for all of them, as {@code salesforce-compat.md} rule 8 decides; the
     * audit row says which.
     */
    public static final OAuthError NO_CLIENT_CREDENTIALS_USER =
            new OAuthError(OAuthErrorCodes.INVALID_GRANT, "no client credentials user enabled", 400);

    // -- private_key_jwt client authentication (RFC 7523 section 2.2 and 3; RFC 7521 section 4.2.1: invalid_client)
    public static final OAuthError CLIENT_ASSERTION_INCOMPLETE = new OAuthError(OAuthErrorCodes.INVALID_REQUEST,
            "client_assertion and client_assertion_type go together", 400);
    public static final OAuthError CLIENT_ASSERTION_TYPE_UNSUPPORTED =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client_assertion_type is not supported", 401);
    public static final OAuthError INVALID_CLIENT_ASSERTION =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "invalid client assertion", 401);
    public static final OAuthError CLIENT_ASSERTION_AUDIENCE_INVALID =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client assertion audience is invalid", 401);
    public static final OAuthError CLIENT_ASSERTION_EXP_INVALID = new OAuthError(OAuthErrorCodes.INVALID_CLIENT,
            "client assertion exp claim is missing or not a number", 401);
    public static final OAuthError CLIENT_ASSERTION_EXPIRED =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client assertion has expired", 401);
    public static final OAuthError CLIENT_ASSERTION_NOT_YET_VALID =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client assertion is not yet valid", 401);
    public static final OAuthError CLIENT_ASSERTION_LIFETIME_EXCEEDED = new OAuthError(OAuthErrorCodes.INVALID_CLIENT,
            "client assertion lifetime exceeds the maximum allowed", 401);
    public static final OAuthError CLIENT_ASSERTION_JTI_REQUIRED =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client assertion jti claim is required", 401);
    public static final OAuthError CLIENT_ASSERTION_REPLAYED =
            new OAuthError(OAuthErrorCodes.INVALID_CLIENT, "client assertion has already been used", 401);

    // -- ours
    public static final OAuthError SERVER_ERROR =
            new OAuthError(OAuthErrorCodes.UNKNOWN_ERROR, "retry your request", 500);
    /** The database is unavailable for now (unreachable, out of disk, overloaded); nothing was issued. */
    public static final OAuthError TEMPORARILY_UNAVAILABLE = new OAuthError(OAuthErrorCodes.TEMPORARILY_UNAVAILABLE,
            "the service is temporarily unavailable; retry your request shortly", 503);

    /** A copy with another client-visible description. */
    public OAuthError withDescription(String newDescription) {
        return new OAuthError(code, newDescription, httpStatus);
    }

    /** A copy with another HTTP status. */
    public OAuthError withStatus(int newStatus) {
        return new OAuthError(code, description, newStatus);
    }
}
