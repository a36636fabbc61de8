package io.userbound.server;

import static io.userbound.server.TestServer.FORM;
import static io.userbound.server.TestServer.JWT_BEARER;
import static io.userbound.server.TestServer.assertOAuthError;
import static io.userbound.server.TestServer.assertRestError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The token endpoint over real HTTP: framing quirks absorbed, every bad input a clean OAuth error. */
class TokenHttpTest {
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

    @Test
    void whenAssertionValidThenSalesforceShapedTokenReplyWithNoCacheHeaders() {
        HttpResponse<String> r = t.postForm("/services/oauth2/token",
                Map.of("grant_type", JWT_BEARER, "assertion", t.assertion(t.adminUsername())));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValue("no-cache,must-revalidate,max-age=0,no-store,private");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        JsonNode body = TestServer.json(r);
        String org = t.server.bootstrapResult().orgId();
        assertThat(body.get("access_token").asText()).matches("00D\\w{12}![.\\w]+");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("instance_url").asText()).isEqualTo(t.base());
        assertThat(body.get("id").asText()).isEqualTo(t.base() + "/id/" + org + "/"
                + t.server.bootstrapResult().adminUserId());
        assertThat(body.has("refresh_token")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded;charset=UTF-8", "Application/X-WWW-Form-Urlencoded;charset=utf-8"})
    void whenFormContentTypeHasAnyCharsetParameterThenAccepted(String contentType) {
        HttpResponse<String> r = t.post("/services/oauth2/token", contentType, TestServer.formBody(
                Map.of("grant_type", JWT_BEARER, "assertion", t.assertion(t.adminUsername()))),
                Map.of("Accept", "text/html, image/gif, image/jpeg, */*; q=0.2"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void whenBodyIsChunkedOverHttp11ThenAccepted() {
        byte[] form = TestServer.formBody(Map.of("grant_type", JWT_BEARER, "assertion",
                t.assertion(t.adminUsername()))).getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(t.base() + "/services/oauth2/token"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form))).build();

        HttpResponse<String> r = t.send(HttpRequest.newBuilder(req, (n, v) -> true));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static Stream<Arguments> badRequests() {
        String huge = "a".repeat(1024 * 1024);
        return Stream.of(
                Arguments.of("JSON body", "application/json", "{\"grant_type\":\"" + JWT_BEARER + "\"}", 400,
                        "unsupported_grant_type"),
                Arguments.of("no content type", null, "grant_type=x", 400, "unsupported_grant_type"),
                Arguments.of("empty form", FORM, "", 400, "invalid_request"),
                Arguments.of("missing assertion", FORM, "grant_type=" + TestServer.enc(JWT_BEARER), 400,
                        "invalid_request"),
                Arguments.of("malformed percent-encoding", FORM, "grant_type=%zz&assertion=%", 400,
                        "invalid_request"),
                Arguments.of("truncated percent-encoding", FORM, "grant_type=abc%2", 400, "invalid_request"),
                Arguments.of("unknown grant type", FORM, "grant_type=password&username=a", 400,
                        "unsupported_grant_type"),
                Arguments.of("garbage assertion", FORM, "grant_type=" + TestServer.enc(JWT_BEARER)
                        + "&assertion=%%%not-base64.@@@.***".replace("%%%", "x"), 400, "invalid_grant"),
                Arguments.of("one megabyte assertion", FORM, "grant_type=" + TestServer.enc(JWT_BEARER)
                        + "&assertion=" + huge, 400, "invalid_grant"),
                Arguments.of("five megabyte body", FORM, "grant_type=x&pad=" + huge.repeat(5), 413,
                        "invalid_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void whenRequestIsBadThenCleanOAuthErrorNever500AndOneLoginHistoryRow(String name, String contentType,
            String body, int status, String error) {
        long before = t.loginHistoryRows();

        HttpResponse<String> r = t.post("/services/oauth2/token", contentType, body, Map.of());

        assertOAuthError(r, status, error);
        assertThat(t.loginHistoryRows()).as("LoginHistory rows written").isEqualTo(before + 1);
    }

    @Test
    void whenAKeyConfusionAttemptNamesAKnownAppThenTheOrgAdminSeesItInLoginHistory() {
        // alg none, no signature, iss the app's consumer key: refused before the app is resolved
        String header = b64url("{\"alg\":\"none\"}");
        String claims = b64url("{\"iss\":\"" + t.consumerKey() + "\",\"sub\":\"" + t.adminUsername()
                + "\",\"aud\":\"" + t.base() + "\",\"exp\":" + (Instant.now().getEpochSecond() + 60) + "}");
        assertOAuthError(t.post("/services/oauth2/token", FORM, TestServer.formBody(Map.of("grant_type",
                JWT_BEARER, "assertion", header + "." + claims + ".")), Map.of("User-Agent", "probe\tagent")),
                400, "invalid_grant");

        JsonNode rows = TestServer.json(t.get("/services/data/v66.0/query?q=" + TestServer.enc(
                "SELECT Status, Application, Browser, UserId FROM LoginHistory WHERE Browser LIKE 'probe%'"),
                t.adminToken())).get("records");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("Status").asText()).startsWith("Failed");
        assertThat(rows.get(0).get("Application").asText()).isNotBlank();
        assertThat(rows.get(0).get("UserId").asText()).startsWith("005");
        assertThat(rows.get(0).get("Browser").asText()).isEqualTo("probe\\tagent");
    }

    @Test
    void whenARefusalNamesNoKnownAppThenTheUnattributedCounterCountsIt() {
        double before = unattributed();

        t.postForm("/services/oauth2/token", Map.of("grant_type", JWT_BEARER, "assertion", "x.y.z"));

        assertThat(unattributed()).isEqualTo(before + 1);
    }

    private static double unattributed() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^userbound_token_refusals_unattributed_total (\\S+)$").matcher(t.get("/metrics", null).body());
        assertThat(m.find()).as("unattributed refusals counter exported").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String b64url(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whenAssertionExpiredOrAudienceWrongThenSalesforceDescriptions() {
        String expired = t.assertion(t.consumerKey(), t.adminUsername(), t.base(),
                Instant.now().minusSeconds(3600));
        String wrongAud = t.assertion(t.consumerKey(), t.adminUsername(), "https://evil.example",
                Instant.now().plusSeconds(60));

        JsonNode e1 = assertOAuthError(t.postForm("/services/oauth2/token",
                Map.of("grant_type", JWT_BEARER, "assertion", expired)), 400, "invalid_grant");
        JsonNode e2 = assertOAuthError(t.postForm("/services/oauth2/token",
                Map.of("grant_type", JWT_BEARER, "assertion", wrongAud)), 400, "invalid_grant");

        assertThat(e1.get("error_description").asText()).isEqualTo("expired authorization code");
        assertThat(e2.get("error_description").asText()).isEqualTo("audience is invalid");
    }

    @Test
    void whenWrongSecretInBasicHeaderThenInvalidClientWithChallenge() {
        String basic = java.util.Base64.getEncoder().encodeToString((t.consumerKey() + ":wrong")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = t.post("/services/oauth2/token", FORM, TestServer.formBody(Map.of("grant_type",
                JWT_BEARER, "assertion", t.assertion(t.adminUsername()))), Map.of("Authorization", "Basic " + basic));

        assertOAuthError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"userbound\"");
    }

    @Test
    void whenTokenEndpointGetThenMethodNotAllowedArray() {
        assertRestError(t.get("/services/oauth2/token", null), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void whenTokenRequestsMadeThenMetricsCountThemByOutcome() {
        t.postForm("/services/oauth2/token", Map.of("grant_type", "nope"));
        String token = t.adminToken();
        t.get("/services/oauth2/userinfo", token);

        HttpResponse<String> r = t.get("/metrics", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .containsPattern("userbound_token_requests_total\\{outcome=\"failure\",reason=\"UNSUPPORTED_GRANT_TYPE\"} [1-9]")
                .containsPattern("userbound_token_requests_total\\{outcome=\"success\",reason=\"SUCCESS\"} [1-9]")
                .contains("http_server_requests_seconds_count{method=\"POST\",status=\"400\",uri=\"/services/oauth2/token\"}")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",status=\"200\","
                        + "uri=\"/services/oauth2/userinfo\"} [1-9]")
                .containsPattern("http_server_requests_seconds_sum\\{method=\"GET\",status=\"200\","
                        + "uri=\"/services/oauth2/userinfo\"} ")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",status=\"200\","
                        + "uri=\"/services/oauth2/userinfo\",le=\"0.1\"}")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",status=\"200\","
                        + "uri=\"/services/oauth2/userinfo\",le=\"+Inf\"}")
                .containsPattern("hikaricp_connections_max\\{pool=\"userbound-store\"} 16")
                .contains("hikaricp_connections_active{pool=\"userbound-store\"}")
                .contains("hikaricp_connections_idle{pool=\"userbound-store\"}")
                .contains("hikaricp_connections_pending{pool=\"userbound-store\"}");
    }
}
