/**
 * OAuth 2.0 token endpoint logic without HTTP: request parsing ({@link io.userbound.oauth.TokenRequestParser}),
 * one {@link io.userbound.oauth.GrantHandler} per {@code grant_type} (the JWT bearer grant of RFC 7523 in
 * {@link io.userbound.oauth.JwtBearerGrantHandler}, the client credentials grant of RFC 6749 section 4.4 in
 * {@link io.userbound.oauth.ClientCredentialsGrantHandler}), client authentication by secret
 * ({@link io.userbound.oauth.ClientAuthenticator}) or {@code private_key_jwt}
 * ({@link io.userbound.oauth.ClientAssertionVerifier}), token issuing ({@link io.userbound.oauth.TokenIssuer}), the
 * one-row-per-request audit ({@link io.userbound.oauth.TokenEndpoint}), bearer token validation
 * ({@link io.userbound.oauth.BearerTokenAuthenticator}), introspection (RFC 7662, {@link io.userbound.oauth.Introspector}),
 * revocation (RFC 7009, {@link io.userbound.oauth.Revoker}) and the metadata document (RFC 8414,
 * {@link io.userbound.oauth.ServerMetadata}). Errors are {@link io.userbound.oauth.OAuthException}s
 * carrying an immutable {@link io.userbound.oauth.OAuthError}; the server's error mapper alone turns them into HTTP.
 */
package io.userbound.oauth;
