package io.userbound.protocol.token;

import io.userbound.protocol.GrantTypes;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * The JWT bearer grant (RFC 7523 section 2.1): {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and
 * {@code assertion}, the signed JWT. The client is named by the assertion's {@code iss}; client authentication in the
 * body is optional ({@code salesforce-compat.md} section 9 rule 5).
 *
 * @param assertion the compact JWS; null when the form has none (the server refuses it)
 * @param client never null
 */
public record JwtBearerGrantRequest(String assertion, ClientAuthenticationParameters client)
        implements GrantRequest {
    /** The form parameter carrying the JWT. */
    public static final String ASSERTION = "assertion";

    public JwtBearerGrantRequest {
        Objects.requireNonNull(client, "client");
    }

    /** A request with only the assertion, as the SDK sends it. */
    public JwtBearerGrantRequest(String assertion) {
        this(assertion, ClientAuthenticationParameters.NONE);
    }

    /** @param form single-valued parameters; never null */
    public static JwtBearerGrantRequest parse(Map<String, String> form) {
        return new JwtBearerGrantRequest(form.get(ASSERTION), ClientAuthenticationParameters.parse(form));
    }

    @Override
    public String grantType() {
        return GrantTypes.JWT_BEARER;
    }

    @Override
    public Map<String, String> toForm() {
        Map<String, String> form = GrantRequest.formOf(grantType());
        if (assertion != null) {
            form.put(ASSERTION, assertion);
        }
        client.addTo(form);
        return Collections.unmodifiableMap(form);
    }
}
