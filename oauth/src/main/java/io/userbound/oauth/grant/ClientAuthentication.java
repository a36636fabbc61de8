package io.userbound.oauth.grant;

/**
 * Client credentials as the request presented them, before verification.
 *
 * @param clientId never null
 * @param clientSecret may be null or empty (an empty secret is allowed on the JWT bearer grant)
 * @param method how they arrived
 */
public record ClientAuthentication(String clientId, String clientSecret, Method method) {
    public enum Method {
        /** {@code Authorization: Basic} (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_BASIC,
        /** {@code client_id} and {@code client_secret} in the form body. */
        CLIENT_SECRET_POST,
        /** {@code client_id} alone in the body. */
        NONE
    }
}
