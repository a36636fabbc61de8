package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RestClientTest {

    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final String API = "/services/data/v66.0/";

    private FakeServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private RestClient rest;

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer().route("POST", TOKEN_PATH, r -> {
            int n = issued.incrementAndGet();
            return new FakeServer.Reply(200, "{\"access_token\":\"00D000000000001!tok" + n + "\",\"instance_url\":\""
                    + server.url() + "\",\"id\":\"" + server.url() + "/id/00D000000000001EAA/005000000000001AAA\","
                    + "\"token_type\":\"Bearer\"}");
        });
        rest = new RestClient(JwtBearerTokenSource.builder()
                .loginUrl(server.url())
                .clientId("key")
                .username("etl@acme.test")
                .privateKey(TestKeys.RSA.privateKey())
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static FakeServer.Reply ok(String body) {
        return new FakeServer.Reply(200, body);
    }

    @Test
    void whenPathIsRelativeThenItIsUnderTheVersionedDataPathWithTheBearerToken() {
        server.route("GET", API + "sobjects/Account/001000000000001", r -> ok("{\"Id\":\"001000000000001AAA\"}"));

        JsonNode account = rest.get("sobjects/Account/001000000000001");

        assertThat(account.get("Id").asText()).isEqualTo("001000000000001AAA");
        FakeServer.Request request = server.requests("GET", API + "sobjects/Account/001000000000001").get(0);
        assertThat(request.authorization()).isEqualTo("Bearer 00D000000000001!tok1");
    }

    @Test
    void whenPathIsAbsoluteThenItIsUsedAsIs() {
        server.route("GET", "/services/oauth2/userinfo", r -> ok("{\"user_id\":\"005000000000001AAA\"}"));
        server.route("GET", "/id/00D000000000001EAA/005000000000001AAA", r -> ok("{\"username\":\"etl@acme.test\"}"));

        assertThat(rest.userInfo().get("user_id").asText()).isEqualTo("005000000000001AAA");
        assertThat(rest.identity().get("username").asText()).isEqualTo("etl@acme.test");
        assertThat(rest.get(server.url() + "/services/oauth2/userinfo").get("user_id").asText())
                .isEqualTo("005000000000001AAA");
    }

    @Test
    void whenPathHasSpacesThenTheyArePercentEncodedAndEscapesKept() {
        server.route("GET", API + "sobjects/Profile/Name/Standard User", r -> ok("{\"Id\":\"00e\"}"));
        server.route("GET", API + "query", r -> ok("{\"totalSize\":0}"));

        rest.get("sobjects/Profile/Name/Standard User");
        rest.get("query?q=SELECT Id FROM User WHERE Username = 'a%2Bb@x.test'");

        assertThat(server.requests("GET", API + "sobjects/Profile/Name/Standard User").get(0).rawPath())
                .isEqualTo(API + "sobjects/Profile/Name/Standard%20User");
        assertThat(server.requests("GET", API + "query").get(0).query())
                .isEqualTo("q=SELECT%20Id%20FROM%20User%20WHERE%20Username%20=%20'a%2Bb@x.test'");
    }

    @Test
    void whenPostingThenBodyIsJsonWithContentType() {
        server.route("POST", API + "sobjects/PermissionSet",
                r -> new FakeServer.Reply(201, "{\"id\":\"0PS000000000001AAA\",\"success\":true,\"errors\":[]}"));

        JsonNode created = rest.post("sobjects/PermissionSet", Map.of("Name", "Etl_Api"));
        rest.post("sobjects/PermissionSet", "{\"Name\":\"Raw\"}");

        assertThat(created.get("id").asText()).isEqualTo("0PS000000000001AAA");
        List<FakeServer.Request> requests = server.requests("POST", API + "sobjects/PermissionSet");
        assertThat(requests.get(0).contentType()).isEqualTo("application/json");
        assertThat(requests.get(0).body()).isEqualTo("{\"Name\":\"Etl_Api\"}");
        assertThat(requests.get(1).body()).isEqualTo("{\"Name\":\"Raw\"}");
    }

    @Test
    void whenReplyIs204ThenMissingNode() {
        server.route("DELETE", API + "sobjects/PermissionSetAssignment/0Pa000000000001",
                r -> new FakeServer.Reply(204, ""));
        server.route("PATCH", API + "sobjects/User/005000000000001", r -> new FakeServer.Reply(204, ""));

        assertThat(rest.delete("sobjects/PermissionSetAssignment/0Pa000000000001").isMissingNode()).isTrue();
        assertThat(rest.patch("sobjects/User/005000000000001", Map.of("IsActive", false)).isMissingNode()).isTrue();
        assertThat(server.requests("PATCH", API + "sobjects/User/005000000000001").get(0).body())
                .isEqualTo("{\"IsActive\":false}");
    }

    @Test
    void whenApiAnswers401OnceThenTokenIsRefreshedAndCallRepeatedOnce() {
        AtomicInteger calls = new AtomicInteger();
        server.route("GET", API + "limits", r -> calls.incrementAndGet() == 1
                ? new FakeServer.Reply(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")
                : ok("{\"DailyApiRequests\":{}}"));

        JsonNode limits = rest.get("limits");

        assertThat(limits.has("DailyApiRequests")).isTrue();
        List<FakeServer.Request> requests = server.requests("GET", API + "limits");
        assertThat(requests).extracting(FakeServer.Request::authorization)
                .containsExactly("Bearer 00D000000000001!tok1", "Bearer 00D000000000001!tok2");
        assertThat(server.requests("POST", TOKEN_PATH)).hasSize(2);
    }

    @Test
    void whenApiAnswers401AgainThenApiExceptionAfterOneRetry() {
        server.route("GET", API + "limits", r -> new FakeServer.Reply(401,
                "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));

        assertThatThrownBy(() -> rest.get("limits"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("INVALID_SESSION_ID");
                    assertThat(e.getMessage()).isEqualTo("INVALID_SESSION_ID: Session expired or invalid");
                });
        assertThat(server.requests("GET", API + "limits")).hasSize(2);
        assertThat(server.requests("POST", TOKEN_PATH)).hasSize(2);
    }

    static Stream<Arguments> errorBodies() {
        return Stream.of(
                Arguments.of(403, "[{\"message\":\"insufficient access rights\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]",
                        "INSUFFICIENT_ACCESS", "insufficient access rights"),
                Arguments.of(400, "[{\"message\":\"No such column 'Foo'\",\"errorCode\":\"INVALID_FIELD\",\"fields\":[\"Foo\"]},"
                        + "{\"message\":\"second\",\"errorCode\":\"OTHER\"}]", "INVALID_FIELD", "No such column 'Foo'; second"),
                Arguments.of(404, "{\"message\":\"gone\",\"errorCode\":\"NOT_FOUND\"}", "NOT_FOUND", "gone"),
                Arguments.of(502, "<html>Bad Gateway</html>", "ERROR_HTTP_502", "<html>Bad Gateway</html>"),
                Arguments.of(500, "", "ERROR_HTTP_500", "HTTP 500"),
                Arguments.of(400, "[]", "ERROR_HTTP_400", "[]"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errorBodies")
    void whenApiAnswersAnErrorThenApiExceptionCarriesCodeAndMessage(int status, String body, String code,
            String message) {
        server.route("GET", API + "thing", r -> new FakeServer.Reply(status, body));

        assertThatThrownBy(() -> rest.get("thing"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.apiMessage()).isEqualTo(message);
                    assertThat(e.body()).isEqualTo(body);
                    assertThat(e.getMessage()).isEqualTo(code + ": " + message);
                });
    }

    @Test
    void whenSendIsUsedThenAnyStatusIsReturned() {
        server.route("GET", API + "thing", r -> new FakeServer.Reply(404, "[{\"message\":\"m\",\"errorCode\":\"NOT_FOUND\"}]"));

        RestClient.Response response = rest.send("get", "thing", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isSuccess()).isFalse();
        assertThat(response.json().get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void whenAbsoluteUrlPointsAtAnotherHostThenTheTokenIsNotSent() {
        assertThatThrownBy(() -> rest.get("https://evil.example/steal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to send the token to https://evil.example");
        assertThat(server.requests()).extracting(FakeServer.Request::path).containsOnly(TOKEN_PATH);
    }

    @ParameterizedTest
    @CsvSource({"TRACE", "CONNECT", "''"})
    void whenMethodIsUnknownThenIllegalArgument(String method) {
        assertThatThrownBy(() -> rest.send(method, "thing", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported HTTP method");
    }

    @ParameterizedTest
    @CsvSource({"66, false", "v59.0, true", "59.0, true", "1.0, false", "latest, false"})
    void whenApiVersionIsGivenThenOnlyTwoDigitVersionsAreAccepted(String version, boolean accepted) {
        TokenSource tokens = new TokenSource() {
            @Override
            public Token token() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Token refresh() {
                throw new UnsupportedOperationException();
            }
        };
        if (accepted) {
            assertThat(new RestClient(tokens, null, version).apiVersion()).isEqualTo(version.replace("v", ""));
        } else {
            assertThatThrownBy(() -> new RestClient(tokens, null, version))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid API version");
        }
    }

    @Test
    void whenClientCredentialsAreUsedThenBasicAuthAndCaching() {
        ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource.builder().loginUrl(server.url())
                .clientId("my key").clientSecret("s3cr:et").build();

        Token first = tokens.token();
        Token again = tokens.token();

        assertThat(again).isSameAs(first);
        FakeServer.Request request = server.requests("POST", TOKEN_PATH).get(0);
        assertThat(request.form()).containsExactly(Map.entry("grant_type", "client_credentials"));
        String decoded = new String(java.util.Base64.getDecoder().decode(request.authorization().substring(6)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("my+key:s3cr%3Aet");
    }
}
