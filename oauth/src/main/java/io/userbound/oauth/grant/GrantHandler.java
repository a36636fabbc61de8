package io.userbound.oauth.grant;

import io.userbound.oauth.audit.LoginAttempt;

/**
 * Validates one kind of token request and decides whether to grant it. There is one handler per
 * {@code grant_type}; {@link TokenEndpoint} looks it up by exact match (RFC 6749 section 4.5 for extension grants),
 * authenticates the client as the handler's {@link #clientAuthentication()} says, then asks for a decision.
 *
 * <p>A handler only decides: it never issues tokens and never writes {@code LoginHistory}. It records what it
 * resolves (app, user, certificate) on the {@link LoginAttempt} so the endpoint can audit the outcome.
 */
public interface GrantHandler {
    /** How a grant's client is authenticated before the handler decides. */
    enum ClientAuthenticationRule {
        /**
         * The client must authenticate (RFC 6749 section 4.4.2): a consumer secret or {@code private_key_jwt}
         * (RFC 7523 section 2.2); the handler gets {@link AuthenticatedClient.Authenticated}.
         */
        REQUIRED,
        /**
         * The grant names its client itself; credentials, if presented, are confirmed against it
         * ({@link AuthenticatedClient.NamedByGrant}).
         */
        NAMED_BY_GRANT
    }

    /** The exact {@code grant_type} value this handler serves; never null. */
    String grantType();

    /** The {@code LoginHistory.LoginSubType} of this grant, such as {@code JWT Bearer}. */
    String loginSubType();

    /** How this grant's client is authenticated; never null. */
    ClientAuthenticationRule clientAuthentication();

    /**
     * Validates the request.
     *
     * @param request the parsed request; never null
     * @param client the client as the authentication phase left it, of the kind {@link #clientAuthentication()}
     *     names; never null
     * @param attempt the audit state to fill in; never null
     * @return the decision; never null
     * @throws OAuthException when the request is refused, carrying the client-visible error, the typed reason
     *     and a debug detail
     */
    GrantDecision decide(TokenRequest request, AuthenticatedClient client, LoginAttempt attempt);
}
