/**
 * The Userbound Java SDK: the client side of the OAuth 2.0 JWT bearer flow (RFC 7523) and of the client credentials
 * flow (RFC 6749 section 4.4; secret in a Basic header or the body, or {@code private_key_jwt}), and a small REST
 * client.
 *
 * <ul>
 *   <li>{@link io.userbound.client.PemKeys}, {@link io.userbound.client.SelfSignedCertificates},
 *       {@link io.userbound.client.KeyAndCertificate}: keys and X.509 certificates.</li>
 *   <li>{@link io.userbound.client.AssertionBuilder}: builds and signs the JWT assertion.</li>
 *   <li>{@link io.userbound.client.TokenClient}: one token request; {@link io.userbound.client.TokenSource}s cache
 *       tokens and refresh them ({@link io.userbound.client.JwtBearerTokenSource},
 *       {@link io.userbound.client.ClientCredentialsTokenSource}).</li>
 *   <li>{@link io.userbound.client.RestClient}: REST calls with the token, retried once after a 401.</li>
 * </ul>
 *
 * <p>Everything here works against real Salesforce as well as against a Userbound server (except
 * {@code private_key_jwt}, which Salesforce's client credentials flow does not take).
 */
package io.userbound.client;
