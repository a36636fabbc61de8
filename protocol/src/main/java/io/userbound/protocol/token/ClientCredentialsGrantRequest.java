package io.userbound.protocol.token;

import io.userbound.protocol.GrantTypes;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * The client credentials grant (RFC 6749 section 4.4): {@code grant_type=client_credentials}; the client must
 * authenticate (RFC 6749 section 4.4.2), in the body ({@code client_secret_post}, {@code private_key_jwt}) or in a
 * Basic header ({@link ClientAuthenticationParameters#basicHeader}).
 *
 * @param client never null; {@link ClientAuthenticationParameters#NONE} when the credentials travel in a header
 */
public record ClientCredentialsGrantRequest(ClientAuthenticationParameters client) implements GrantRequest {
    public ClientCredentialsGrantRequest {
        Objects.requireNonNull(client, "client");
    }

    /** @param form single-valued parameters; never null */
    public static ClientCredentialsGrantRequest parse(Map<String, String> form) {
        return new ClientCredentialsGrantRequest(ClientAuthenticationParameters.parse(form));
    }

    @Override
    public String grantType() {
        return GrantTypes.CLIENT_CREDENTIALS;
    }

    @Override
    public Map<String, String> toForm() {
        Map<String, String> form = GrantRequest.formOf(grantType());
        client.addTo(form);
        return Collections.unmodifiableMap(form);
    }
}
