package io.userbound.oauth.discovery;

import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.introspect.Introspector;
import io.userbound.oauth.revoke.Revoker;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The server's metadata document (RFC 8414 section 2, with the OpenID Connect Discovery 1.0 members that apply),
 * served at {@code /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}
 * ({@code salesforce-compat.md} section 5.5). Every list is computed from what the server actually serves, so the
 * document stays true as grants and methods are added:
 * <ul>
 *   <li>{@code grant_types_supported}: the token endpoint's registered {@code grant_type}s;</li>
 *   <li>{@code token_endpoint_auth_methods_supported}: what the token endpoint takes
 *       ({@link TokenEndpoint#clientAuthenticationMethods()}: the {@link ClientAuthentication.Method}s its parser yields,
 *       plus {@code private_key_jwt} when a grant takes client assertions)
 *       (their names are the RFC 8414 names in upper case);</li>
 *   <li>{@code token_endpoint_auth_signing_alg_values_supported}: present only when a JWT client authentication
 *       method ({@code private_key_jwt}, {@code client_secret_jwt}) is served, as RFC 8414 asks;</li>
 *   <li>{@code response_types_supported}: empty. RFC 8414 requires the member; Userbound has no authorization
 *       endpoint, so it supports no response type, and {@code authorization_endpoint} is absent;</li>
 *   <li>{@code jwks_uri}: {@code <base>/id/keys}, an empty key set, since Userbound signs nothing (its tokens are
 *       opaque and it issues no ID tokens, so {@code id_token_signing_alg_values_supported} is absent too).</li>
 * </ul>
 * Immutable and thread-safe; the documents are built once.
 */
public final class ServerMetadata {
    public static final String INTROSPECTION_PATH = "/services/oauth2/introspect";
    public static final String REVOCATION_PATH = "/services/oauth2/revoke";
    public static final String USERINFO_PATH = "/services/oauth2/userinfo";
    public static final String JWKS_PATH = "/id/keys";
    public static final String OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";
    public static final String AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server";
    /**
     * Userbound's own member: the JWS algorithms a JWT bearer grant assertion (RFC 7523 section 2.1) may be signed
     * with on this server; each app enables a subset (RS256 by default).
     */
    public static final String JWT_BEARER_ALGORITHMS_MEMBER = "jwt_bearer_grant_signing_alg_values_supported";

    private static final List<String> JWT_CLIENT_AUTH_METHODS = List.of("private_key_jwt", "client_secret_jwt");

    private final Map<String, Object> document;

    /**
     * @param settings the base URL and the algorithm ceiling
     * @param grantTypes the token endpoint's {@code grant_type}s ({@link TokenEndpoint#grantTypes()})
     * @param tokenAuthMethods its client authentication methods ({@link TokenEndpoint#clientAuthenticationMethods()})
     * @param scopes the scope names the server knows
     * @param userinfoClaims the members of the userinfo reply
     */
    public ServerMetadata(OAuthSettings settings, Collection<String> grantTypes, Collection<String> tokenAuthMethods,
            Collection<String> scopes, Collection<String> userinfoClaims) {
        String base = settings.baseUrl().toString();
        List<String> algorithms = sorted(settings.algorithmCeiling());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", base);
        d.put("token_endpoint", settings.tokenEndpointUrl());
        d.put("revocation_endpoint", base + REVOCATION_PATH);
        d.put("introspection_endpoint", base + INTROSPECTION_PATH);
        d.put("userinfo_endpoint", base + USERINFO_PATH);
        d.put("jwks_uri", base + JWKS_PATH);
        d.put("grant_types_supported", sorted(grantTypes));
        d.put("response_types_supported", List.of());
        d.put("token_endpoint_auth_methods_supported", List.copyOf(tokenAuthMethods));
        if (tokenAuthMethods.stream().anyMatch(JWT_CLIENT_AUTH_METHODS::contains)) {
            d.put("token_endpoint_auth_signing_alg_values_supported", algorithms);
        }
        d.put(JWT_BEARER_ALGORITHMS_MEMBER, algorithms);
        d.put("revocation_endpoint_auth_methods_supported", Revoker.AUTH_METHODS);
        d.put("introspection_endpoint_auth_methods_supported", Introspector.AUTH_METHODS);
        d.put("scopes_supported", sorted(scopes));
        d.put("subject_types_supported", List.of("public"));
        d.put("claims_supported", List.copyOf(userinfoClaims));
        this.document = Collections.unmodifiableMap(d);
    }

    /** The document, in a stable member order; unmodifiable. */
    public Map<String, Object> document() {
        return document;
    }

    /** {@code {"keys":[]}}: the JWK set (RFC 7517 section 5) of a server that signs nothing. */
    public Map<String, Object> jwks() {
        return Map.of("keys", List.of());
    }

    private static List<String> sorted(Collection<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }
}
