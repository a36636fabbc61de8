package io.userbound.oauth;

/**
 * Validates one kind of token request and decides whether to grant it. There is one handler per
 * {@code grant_type}; {@link TokenEndpoint} looks it up by exact match (RFC 6749 section 4.5 for extension grants).
 *
 * <p>A handler only decides: it never issues tokens and never writes {@code LoginHistory}. It records what it
 * resolves (app, user, certificate) on the {@link LoginAttempt} so the endpoint can audit the outcome.
 */
public interface GrantHandler {
    /** The exact {@code grant_type} value this handler serves; never null. */
    String grantType();

    /** The {@code LoginHistory.LoginSubType} of this grant, such as {@code JWT Bearer}. */
    String loginSubType();

    /**
     * Whether this grant takes {@code private_key_jwt} client authentication (RFC 7523 section 2.2:
     * {@code client_assertion_type} and {@code client_assertion}). Default: no.
     */
    default boolean acceptsClientAssertions() {
        return false;
    }

    /**
     * Validates the request.
     *
     * @param request the parsed request; never null
     * @param attempt the audit context to fill in; never null
     * @return the decision; never null
     * @throws OAuthException when the request is refused, carrying the client-visible error, the typed reason
     *     and a debug detail
     */
    GrantDecision decide(TokenRequest request, LoginAttempt attempt);
}
