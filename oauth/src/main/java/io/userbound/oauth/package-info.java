/**
 * OAuth 2.0 authorization server logic without HTTP, split by spec: {@code token} (the token endpoint, RFC 6749
 * section 3.2: parse once, authenticate the client, dispatch, issue, audit), {@code grant} (the handler contract and
 * who may hold tokens), {@code grant.jwtbearer} (RFC 7523 section 2.1), {@code grant.clientcredentials} (RFC 6749
 * section 4.4), {@code clientauth} (secrets and {@code private_key_jwt}), {@code jwt} (the one assertion verifier),
 * {@code introspect} (RFC 7662), {@code revoke} (RFC 7009), {@code discovery} (RFC 8414) and {@code audit} (the
 * one-row-per-request LoginHistory state). This package holds what they all share: the settings, the algorithm
 * allow-list, and errors, {@link io.userbound.oauth.OAuthException}s carrying an immutable
 * {@link io.userbound.oauth.OAuthError}; the server's error mapper alone turns them into HTTP.
 */
package io.userbound.oauth;
