package io.userbound.protocol;

/** The {@code grant_type} values Userbound knows (RFC 6749 section 4, RFC 7523 section 2.1). */
public final class GrantTypes {
    /** RFC 7523 section 2.1: JWT used as an authorization grant. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** RFC 6749 section 4.4. */
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** RFC 7523 section 2.2: the {@code client_assertion_type} of private_key_jwt client authentication. */
    public static final String CLIENT_ASSERTION_TYPE_JWT_BEARER =
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private GrantTypes() {
    }
}
