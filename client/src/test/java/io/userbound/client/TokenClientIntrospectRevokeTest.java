package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenClientIntrospectRevokeTest {
    private static final String INTROSPECT = "/services/oauth2/introspect";
    private static final String REVOKE = "/services/oauth2/revoke";

    private FakeServer server;
    private TokenClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
        client = new TokenClient(TokenClient.defaultHttpClient(), server.url() + "/");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void whenIntrospectingThenFormBodyAndBasicCredentialsAndTheReplyObject() {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(200,
                "{\"active\":true,\"scope\":\"api\",\"client_id\":\"3MVG9key\",\"username\":\"etl@acme.test\","
                        + "\"sub\":\"005000000000001AAA\",\"token_type\":\"access_token\",\"exp\":2,\"iat\":1,"
                        + "\"nbf\":1}"));

        JsonNode reply = client.introspect("00D000000000001!tok+en", "3MVG9 key", "s3cr:t");

        assertThat(reply.get("active").asBoolean()).isTrue();
        assertThat(reply.get("username").asText()).isEqualTo("etl@acme.test");
        FakeServer.Request sent = server.requests("POST", INTROSPECT).get(0);
        assertThat(sent.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(sent.form()).containsExactly(java.util.Map.entry("token", "00D000000000001!tok+en"));
        // RFC 6749 section 2.3.1: both halves are form-encoded before the Basic encoding
        assertThat(sent.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("3MVG9+key:s3cr%3At".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whenTokenIsInactiveThenTheReplySaysSo() {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(200, "{\"active\":false}"));

        assertThat(client.introspect("t", "k", "s").get("active").asBoolean()).isFalse();
    }

    static Stream<Arguments> introspectionFailures() {
        return Stream.of(
                Arguments.of(401, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}",
                        "invalid_client", "invalid client credentials"),
                Arguments.of(200, "{\"scope\":\"api\"}", "invalid_introspection_response",
                        "the introspection endpoint answered without a boolean active: {\"scope\":\"api\"}"),
                Arguments.of(200, "not json", "invalid_introspection_response",
                        "the introspection endpoint answered without a boolean active: not json"),
                Arguments.of(503, "<html>down</html>", "ERROR_HTTP_503", "<html>down</html>"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("introspectionFailures")
    void whenIntrospectionFailsThenOAuthClientException(int status, String body, String error, String description) {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(status, body));

        assertThatThrownBy(() -> client.introspect("t", "k", "s"))
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.errorDescription()).isEqualTo(description);
                });
    }

    @Test
    void whenRevokingThenTheTokenIsPostedWithoutCredentials() {
        server.route("POST", REVOKE, r -> new FakeServer.Reply(200, ""));

        client.revoke("00D000000000001!tok");

        FakeServer.Request sent = server.requests("POST", REVOKE).get(0);
        assertThat(sent.form()).containsExactly(java.util.Map.entry("token", "00D000000000001!tok"));
        assertThat(sent.authorization()).isNull();
    }

    static Stream<Arguments> revocationFailures() {
        return Stream.of(
                Arguments.of(400, "{\"error\":\"unsupported_token_type\",\"error_description\":\"token type not "
                        + "supported\"}", "unsupported_token_type", "token type not supported"),
                Arguments.of(400, "error=invalid_token&error_description=invalid%20token%3A%20x", "invalid_token",
                        "invalid token: x"),
                Arguments.of(500, "", "ERROR_HTTP_500", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("revocationFailures")
    void whenRevocationIsRefusedThenOAuthClientExceptionFromJsonOrFormBodies(int status, String body, String error,
            String description) {
        server.route("POST", REVOKE, r -> new FakeServer.Reply(status, body));

        assertThatThrownBy(() -> client.revoke("t"))
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.errorDescription()).isEqualTo(description);
                });
    }

    @Test
    void whenArgumentsAreMissingThenIllegalArgument() {
        assertThatThrownBy(() -> client.revoke(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.introspect("t", "", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.introspect(null, "k", "s")).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }
}
