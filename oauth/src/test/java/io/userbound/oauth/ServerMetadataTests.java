package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.protocol.GrantTypes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerMetadataTests {
    private static final List<String> CLAIMS = List.of("sub", "user_id", "preferred_username");

    private static final List<String> PARSER_METHODS = List.of("client_secret_basic", "client_secret_post", "none");

    private static Map<String, Object> document(OAuthSettings settings, Set<String> grantTypes) {
        return document(settings, grantTypes, PARSER_METHODS);
    }

    private static Map<String, Object> document(OAuthSettings settings, Set<String> grantTypes,
            List<String> authMethods) {
        return new ServerMetadata(settings, grantTypes, authMethods, Set.of("web", "api", "openid"), CLAIMS)
                .document();
    }

    @Test
    void whenBuiltThenEndpointsHangOffTheBaseUrl() {
        Map<String, Object> d = document(OAuthSettings.defaults(OAuthFixture.BASE), Set.of(GrantTypes.JWT_BEARER));

        String base = "http://127.0.0.1:8080";
        assertThat(d).containsEntry("issuer", base)
                .containsEntry("token_endpoint", base + "/services/oauth2/token")
                .containsEntry("revocation_endpoint", base + "/services/oauth2/revoke")
                .containsEntry("introspection_endpoint", base + "/services/oauth2/introspect")
                .containsEntry("userinfo_endpoint", base + "/services/oauth2/userinfo")
                .containsEntry("jwks_uri", base + "/id/keys");
        assertThat(d).doesNotContainKeys("authorization_endpoint", "id_token_signing_alg_values_supported");
    }

    @Test
    void whenGrantTypesAreRegisteredThenTheyAreListedSorted() {
        TokenManagementFixture t = new TokenManagementFixture();

        Map<String, Object> one = document(t.f.settings, t.f.endpoint.grantTypes());
        Map<String, Object> two = document(t.f.settings, Set.of(GrantTypes.JWT_BEARER, GrantTypes.CLIENT_CREDENTIALS));

        assertThat(one.get("grant_types_supported")).isEqualTo(t.f.endpoint.grantTypes().stream().sorted().toList());
        assertThat(two.get("grant_types_supported"))
                .isEqualTo(List.of(GrantTypes.CLIENT_CREDENTIALS, GrantTypes.JWT_BEARER));
    }

    @Test
    void whenClientCredentialsIsServedThenPrivateKeyJwtIsListedWithItsAlgorithms() {
        TokenManagementFixture t = new TokenManagementFixture();
        OAuthSettings settings = t.f.settings;
        Map<String, Object> d = document(settings, t.f.endpoint.grantTypes(),
                t.f.endpoint.clientAuthenticationMethods());

        assertThat(d.get("token_endpoint_auth_methods_supported")).asList().contains("private_key_jwt");
        assertThat(d.get("token_endpoint_auth_signing_alg_values_supported"))
                .isEqualTo(settings.algorithmCeiling().stream().sorted().toList());
    }

    @Test
    void whenAuthMethodsAreListedThenSigningAlgorithmsOnlyWithAJwtMethod() {
        Map<String, Object> d = document(OAuthSettings.defaults(OAuthFixture.BASE), Set.of(GrantTypes.JWT_BEARER));

        @SuppressWarnings("unchecked")
        List<String> methods = (List<String>) d.get("token_endpoint_auth_methods_supported");
        assertThat(methods).contains("client_secret_basic", "client_secret_post", "none");
        assertThat(methods).doesNotContain("private_key_jwt");
        assertThat(d).doesNotContainKey("token_endpoint_auth_signing_alg_values_supported");
        assertThat(d.get("introspection_endpoint_auth_methods_supported"))
                .isEqualTo(List.of("client_secret_basic", "client_secret_post"));
        assertThat(d.get("revocation_endpoint_auth_methods_supported"))
                .isEqualTo(List.of("client_secret_basic", "client_secret_post", "none"));
    }

    @Test
    void whenAlgorithmCeilingIsSetThenAssertionAlgorithmsFollowIt() {
        OAuthSettings defaults = OAuthSettings.defaults(OAuthFixture.BASE);

        Object all = document(defaults, Set.of()).get(ServerMetadata.JWT_BEARER_ALGORITHMS_MEMBER);
        Object narrow = document(defaults.withAlgorithmCeiling(Set.of("RS256", "ES256")), Set.of())
                .get(ServerMetadata.JWT_BEARER_ALGORITHMS_MEMBER);

        assertThat(all).isEqualTo(List.of("ES256", "PS256", "RS256", "RS384", "RS512"));
        assertThat(narrow).isEqualTo(List.of("ES256", "RS256"));
    }

    @Test
    void whenBuiltThenRequiredRfc8414AndOidcMembersArePresent() {
        Map<String, Object> d = document(OAuthSettings.defaults(OAuthFixture.BASE), Set.of(GrantTypes.JWT_BEARER));

        assertThat(d.get("response_types_supported")).isEqualTo(List.of());
        assertThat(d.get("subject_types_supported")).isEqualTo(List.of("public"));
        assertThat(d.get("scopes_supported")).isEqualTo(List.of("api", "openid", "web"));
        assertThat(d.get("claims_supported")).isEqualTo(CLAIMS);
    }

    @Test
    void whenJwksIsAskedThenAnEmptyKeySet() {
        ServerMetadata m = new ServerMetadata(OAuthSettings.defaults(OAuthFixture.BASE), Set.of(), List.of(), Set.of(),
                List.of());

        assertThat(m.jwks()).isEqualTo(Map.of("keys", List.of()));
    }
}
