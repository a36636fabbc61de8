package io.userbound.protocol.token;

import io.userbound.protocol.GrantTypes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token request's grant and the client authentication its body carries, one record per {@code grant_type}. Token
 * exchange (RFC 8693) gets its own record when it comes.
 */
public sealed interface GrantRequest permits JwtBearerGrantRequest, ClientCredentialsGrantRequest {
    /** The form parameter naming the grant (RFC 6749 section 4). */
    String GRANT_TYPE = "grant_type";

    /** The exact {@code grant_type} value; never null. */
    String grantType();

    /** The client authentication in the body; never null ({@link ClientAuthenticationParameters#NONE}). */
    ClientAuthenticationParameters client();

    /**
     * The form body: {@code grant_type} first, then the grant's parameters, then the client authentication, each
     * only when present, in a stable order.
     */
    Map<String, String> toForm();

    /**
     * The message of a form whose {@code grant_type} is one of {@link GrantTypes}.
     *
     * @param form single-valued parameters, empty values already dropped; never null
     * @return the message, or null when {@code grant_type} is absent or names no grant of this package
     */
    static GrantRequest parse(Map<String, String> form) {
        String grantType = form.get(GRANT_TYPE);
        if (GrantTypes.JWT_BEARER.equals(grantType)) {
            return JwtBearerGrantRequest.parse(form);
        }
        if (GrantTypes.CLIENT_CREDENTIALS.equals(grantType)) {
            return ClientCredentialsGrantRequest.parse(form);
        }
        return null;
    }

    /** A form that starts with {@code grant_type}, for {@link #toForm()}. */
    static Map<String, String> formOf(String grantType) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(GRANT_TYPE, grantType);
        return form;
    }
}
