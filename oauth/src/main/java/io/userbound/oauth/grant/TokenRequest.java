package io.userbound.oauth.grant;

import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.protocol.token.GrantRequest;
import java.util.Objects;

/**
 * A token request parsed once from HTTP by {@link TokenRequestParser}: the typed grant message, the client
 * authentication the request carried (a Basic header or the body's {@code client_id} and {@code client_secret}), and
 * where it came from.
 *
 * @param grant the grant and the body's client authentication; never null
 * @param clientAuthentication the presented client id and secret; null when the request carried none (a client
 *     assertion is in {@code grant.client()})
 * @param origin never null
 */
public record TokenRequest(GrantRequest grant, ClientAuthentication clientAuthentication, RequestOrigin origin) {
    public TokenRequest {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(origin, "origin");
    }

    /** A fresh audit state of this request: its origin and the client id it presented. */
    public LoginAttempt newAttempt() {
        return new LoginAttempt(origin, clientAuthentication == null ? null : clientAuthentication.clientId());
    }

    /** The exact {@code grant_type}; never null. */
    public String grantType() {
        return grant.grantType();
    }

    /**
     * The grant message as the type its handler serves.
     *
     * @throws IllegalStateException when the request is of another grant (a dispatch bug, never the client's fault)
     */
    public <G extends GrantRequest> G grant(Class<G> type) {
        if (!type.isInstance(grant)) {
            throw new IllegalStateException(type.getSimpleName() + " expected, dispatched " + grant.grantType());
        }
        return type.cast(grant);
    }
}
