package io.userbound.server;

import static io.userbound.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.server.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metadata documents and the JWK set over real HTTP: public, CORS-open, and true to what the server serves. */
class DiscoveryHttpTest {
    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
    void whenMetadataIsFetchedWithoutATokenThenItNamesThisServersEndpoints(String path) {
        HttpResponse<String> r = t.get(path, null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualToIgnoringCase(Json.CONTENT_TYPE);
        JsonNode d = json(r);
        String base = t.base();
        assertThat(d.get("issuer").asText()).isEqualTo(base);
        assertThat(d.get("token_endpoint").asText()).isEqualTo(base + "/services/oauth2/token");
        assertThat(d.get("introspection_endpoint").asText()).isEqualTo(base + "/services/oauth2/introspect");
        assertThat(d.get("revocation_endpoint").asText()).isEqualTo(base + "/services/oauth2/revoke");
        assertThat(d.get("userinfo_endpoint").asText()).isEqualTo(base + "/services/oauth2/userinfo");
        assertThat(d.get("jwks_uri").asText()).isEqualTo(base + "/id/keys");
        assertThat(texts(d.get("grant_types_supported"))).contains("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(texts(d.get("token_endpoint_auth_methods_supported")))
                .contains("client_secret_basic", "client_secret_post", "none");
        assertThat(d.get("response_types_supported").isArray()).isTrue();
        assertThat(texts(d.get("subject_types_supported"))).containsExactly("public");
        assertThat(texts(d.get("scopes_supported"))).contains("api", "web", "full", "id", "openid");
        assertThat(texts(d.get("jwt_bearer_grant_signing_alg_values_supported")))
                .containsExactly("ES256", "PS256", "RS256", "RS384", "RS512");
    }

    @Test
    void whenEveryListedGrantTypeIsSentThenTheTokenEndpointKnowsIt() {
        JsonNode d = json(t.get("/.well-known/openid-configuration", null));

        for (String grantType : texts(d.get("grant_types_supported"))) {
            HttpResponse<String> r = t.postForm("/services/oauth2/token", Map.of("grant_type", grantType));
            assertThat(json(r).get("error").asText()).as(grantType + ": " + r.body())
                    .isNotEqualTo("unsupported_grant_type");
        }
        HttpResponse<String> unlisted = t.postForm("/services/oauth2/token", Map.of("grant_type", "password"));
        assertThat(json(unlisted).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(texts(d.get("grant_types_supported"))).doesNotContain("password");
    }

    @Test
    void whenBothDocumentsAreFetchedThenTheyAreTheSame() {
        assertThat(t.get("/.well-known/openid-configuration", null).body())
                .isEqualTo(t.get("/.well-known/oauth-authorization-server", null).body());
    }

    @Test
    void whenClaimsSupportedIsReadThenItIsExactlyTheUserinfoReply() {
        JsonNode userinfo = json(t.get("/services/oauth2/userinfo", t.adminToken()));
        List<String> members = new ArrayList<>();
        userinfo.fieldNames().forEachRemaining(members::add);

        JsonNode d = json(t.get("/.well-known/openid-configuration", null));

        assertThat(texts(d.get("claims_supported"))).containsExactlyElementsOf(members);
    }

    @Test
    void whenKeysAreFetchedThenAnEmptyKeySetWithCors() {
        HttpResponse<String> r = t.get("/id/keys", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"keys\":[]}");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void whenEveryListedEndpointIsFetchedThenNoneIsMissing() {
        JsonNode d = json(t.get("/.well-known/oauth-authorization-server", null));
        List<String> urls = new ArrayList<>();
        d.fields().forEachRemaining(e -> {
            if (e.getKey().endsWith("_endpoint") || e.getKey().equals("jwks_uri")) {
                urls.add(e.getValue().asText());
            }
        });

        assertThat(urls).hasSize(5);
        for (String url : urls) {
            HttpResponse<String> r = t.send(HttpRequest.newBuilder(URI.create(url)).GET());
            assertThat(r.statusCode()).as(url + ": " + r.body()).isNotEqualTo(404).isLessThan(500);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
