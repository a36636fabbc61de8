package io.userbound.server;

import static io.userbound.server.TestServer.assertOAuthError;
import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.enc;
import static io.userbound.server.TestServer.json;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.server.http.Json;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Introspection and revocation over real HTTP: the routes only convert HTTP, every refusal is an exact OAuth error. */
class TokenManagementHttpTest {
    static final String S = "/services/data/v66.0/sobjects/";
    static final String INTROSPECT = "/services/oauth2/introspect";
    static final String REVOKE = "/services/oauth2/revoke";

    @TempDir
    static Path dir;
    static TestServer t;
    static String adminToken;
    /** Run as the admin (System Administrator, so ViewAllTokens). */
    static App auditor;
    /** No run-as user. */
    static App plain;

    record App(String id, String consumerKey, String secret) {
        String basic() {
            return TokenManagementHttpTest.basic(consumerKey, secret);
        }
    }

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        adminToken = t.adminToken();
        auditor = app("Auditor");
        HttpResponse<String> patched = t.json("PATCH", S + "ConnectedApplication/" + auditor.id(), adminToken,
                map("RunAsUserId", t.server.bootstrapResult().adminUserId()));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        plain = app("Plain");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static App app(String name) {
        HttpResponse<String> r = t.json("POST", S + "ConnectedApplication", adminToken, map("Name", name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode b = json(r);
        return new App(b.get("id").asText(), b.get("consumerKey").asText(), b.get("consumerSecret").asText());
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> introspect(String token, App as) {
        return t.post(INTROSPECT, TestServer.FORM, "token=" + enc(token), Map.of("Authorization", as.basic()));
    }

    static HttpResponse<String> revoke(String body, Map<String, String> headers) {
        return t.post(REVOKE, TestServer.FORM, body, headers);
    }

    static void assertNoCache(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Cache-Control"))
                .hasValue("no-cache,must-revalidate,max-age=0,no-store,private");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
    }

    // ------------------------------------------------------------------------------------------------ introspection

    @Test
    void whenSystemAdministratorProfileIsBootstrappedThenItHoldsViewAllTokens() {
        String org = t.server.bootstrapResult().orgId();
        assertThat(t.server.store().profiles().findByName(org, Profile.SYSTEM_ADMINISTRATOR).orElseThrow()
                .permissions()).contains(SystemPermission.VIEW_ALL_TOKENS);
    }

    @Test
    void whenRunAsUserHoldsViewAllTokensThenAnotherAppsTokenIsActiveInSalesforceShape() {
        String token = t.adminToken();

        HttpResponse<String> r = introspect(token, auditor);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualToIgnoringCase(Json.CONTENT_TYPE);
        assertNoCache(r);
        JsonNode b = json(r);
        assertThat(b.get("active").asBoolean()).isTrue();
        assertThat(b.get("client_id").asText()).isEqualTo(t.consumerKey());
        assertThat(b.get("username").asText()).isEqualTo(t.adminUsername());
        assertThat(b.get("sub").asText()).isEqualTo(t.server.bootstrapResult().adminUserId());
        assertThat(b.get("token_type").asText()).isEqualTo("access_token");
        assertThat(b.get("scope").asText()).isEqualTo("api full id openid web");
        assertThat(b.get("exp").asLong() - b.get("iat").asLong()).isEqualTo(7200);
        assertThat(b.get("nbf").asLong()).isEqualTo(b.get("iat").asLong());
    }

    @Test
    void whenPlainAppIntrospectsAnotherAppsTokenThenOnlyActiveFalse() {
        HttpResponse<String> r = introspect(t.adminToken(), plain);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"active\":false}");
        assertNoCache(r);
    }

    @Test
    void whenCredentialsComeInTheBodyThenTheSameAnswer() {
        String form = TestServer.formBody(Map.of("token", t.adminToken(), "client_id", auditor.consumerKey(),
                "client_secret", auditor.secret()));

        HttpResponse<String> r = t.post(INTROSPECT, "application/x-www-form-urlencoded;charset=UTF-8", form, Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("active").asBoolean()).isTrue();
    }

    record Refused(String name, String contentType, Function<String, String> body, Map<String, String> headers,
            int status, String error, String description, boolean challenge) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> introspectionRefusals() {
        String required = "client authentication required";
        String invalid = "invalid client credentials";
        return Stream.of(
                new Refused("no credentials", TestServer.FORM, tok -> "token=" + enc(tok), Map.of(), 401,
                        "invalid_client", required, true),
                new Refused("wrong secret in Basic", TestServer.FORM, tok -> "token=" + enc(tok),
                        Map.of("Authorization", basic("x", "y")), 401, "invalid_client", invalid, true),
                new Refused("wrong secret in the body", TestServer.FORM,
                        tok -> "token=" + enc(tok) + "&client_id=" + enc(plain.consumerKey()) + "&client_secret=no",
                        Map.of(), 401, "invalid_client", invalid, false),
                new Refused("JSON body", "application/json", tok -> "{\"token\":\"" + tok + "\"}",
                        Map.of("Authorization", plain.basic()), 400, "invalid_request",
                        "the body must be application/x-www-form-urlencoded", false),
                new Refused("broken percent-encoding", TestServer.FORM, tok -> "token=%zz",
                        Map.of("Authorization", plain.basic()), 400, "invalid_request", "malformed form body", false),
                new Refused("token missing", TestServer.FORM, tok -> "token_type_hint=access_token",
                        Map.of("Authorization", plain.basic()), 400, "invalid_request", "token is missing", false),
                new Refused("token repeated", TestServer.FORM, tok -> "token=a&token=b",
                        Map.of("Authorization", plain.basic()), 400, "invalid_request", "parameter token is repeated",
                        false),
                new Refused("body over 64 KiB", TestServer.FORM, tok -> "token=" + "a".repeat(70_000),
                        Map.of("Authorization", plain.basic()), 413, "invalid_request", "request too large", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("introspectionRefusals")
    void whenIntrospectionIsRefusedThenExactOAuthError(Refused c) {
        HttpResponse<String> r = t.post(INTROSPECT, c.contentType(), c.body().apply(adminToken), c.headers());

        assertOAuthError(r, c.status(), c.error());
        assertThat(json(r).get("error_description").asText()).isEqualTo(c.description());
        assertThat(r.headers().firstValue("WWW-Authenticate").isPresent()).isEqualTo(c.challenge());
        if (c.challenge()) {
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
        }
    }

    @Test
    void whenIntrospectionIsCalledWithGetThenMethodNotAllowed() {
        assertThat(t.get(INTROSPECT, null).statusCode()).isEqualTo(405);
    }

    // ------------------------------------------------------------------------------------------------ revocation

    @Test
    void whenTokenIsRevokedThenEmpty200AndTheRestApiRefusesItAtOnce() {
        String token = t.adminToken();
        assertThat(t.get("/services/oauth2/userinfo", token).statusCode()).isEqualTo(200);

        HttpResponse<String> r = revoke("token=" + enc(token), Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertNoCache(r);
        assertRestError(t.get("/services/oauth2/userinfo", token), 401, "INVALID_SESSION_ID");
        assertRestError(t.get("/services/data/v66.0/sobjects/User/" + t.server.bootstrapResult().adminUserId(),
                token), 401, "INVALID_SESSION_ID");
        assertThat(introspect(token, auditor).body()).isEqualTo("{\"active\":false}");
    }

    @Test
    void whenRevokedWithSalesforcesGetFormThenRevoked() {
        String token = t.adminToken();
        assertThat(t.get("/services/oauth2/userinfo", token).statusCode()).isEqualTo(200);

        HttpResponse<String> r = t.get(REVOKE + "?token=" + enc(token), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertRestError(t.get("/services/oauth2/userinfo", token), 401, "INVALID_SESSION_ID");
    }

    @Test
    void whenTokenIsUnknownOrRevokedTwiceThen200() {
        String token = t.adminToken();
        assertThat(revoke("token=" + enc(token), Map.of()).statusCode()).isEqualTo(200);

        assertThat(revoke("token=" + enc(token), Map.of()).statusCode()).isEqualTo(200);
        assertThat(revoke("token=" + enc(t.server.bootstrapResult().orgId().substring(0, 15) + "!nope"), Map.of())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheRequestNamesTheTokensOwnAppThenRevoked() {
        String token = t.adminToken();

        HttpResponse<String> r = revoke("token=" + enc(token) + "&client_id=" + enc(t.consumerKey()), Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertRestError(t.get("/services/oauth2/userinfo", token), 401, "INVALID_SESSION_ID");
    }

    static Stream<Refused> revocationRefusals() {
        return Stream.of(
                new Refused("token missing", TestServer.FORM, tok -> "", Map.of(), 400, "invalid_request",
                        "token is missing", false),
                new Refused("JSON body", "application/json", tok -> "{\"token\":\"" + tok + "\"}", Map.of(), 400,
                        "invalid_request", "the body must be application/x-www-form-urlencoded", false),
                new Refused("a JWT", TestServer.FORM,
                        tok -> "token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", Map.of(), 400,
                        "unsupported_token_type", "token type not supported", false),
                new Refused("unknown client in Basic", TestServer.FORM, tok -> "token=" + enc(tok),
                        Map.of("Authorization", basic("3MVG9nobody", "x")), 401, "invalid_client",
                        "invalid client credentials", true),
                new Refused("wrong secret in the body", TestServer.FORM, tok -> "token=" + enc(tok) + "&client_id="
                        + enc(plain.consumerKey()) + "&client_secret=no", Map.of(), 401, "invalid_client",
                        "invalid client credentials", false),
                new Refused("another app", TestServer.FORM, tok -> "token=" + enc(tok),
                        Map.of("Authorization", plain.basic()), 400, "unauthorized_client",
                        "token was not issued to this client", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revocationRefusals")
    void whenRevocationIsRefusedThenExactOAuthErrorAndTheTokenStillWorks(Refused c) {
        String token = t.adminToken();

        HttpResponse<String> r = t.post(REVOKE, c.contentType(), c.body().apply(token), c.headers());

        assertOAuthError(r, c.status(), c.error());
        assertThat(json(r).get("error_description").asText()).isEqualTo(c.description());
        assertThat(r.headers().firstValue("WWW-Authenticate").isPresent()).isEqualTo(c.challenge());
        assertThat(t.get("/services/oauth2/userinfo", token).statusCode()).isEqualTo(200);
    }

    @Test
    void whenClientSecretIsInTheQueryThenRefusedAndNothingRevoked() {
        String token = t.adminToken();

        HttpResponse<String> r = t.get(REVOKE + "?token=" + enc(token) + "&client_id=" + enc(plain.consumerKey())
                + "&client_secret=" + enc(plain.secret()), null);

        assertOAuthError(r, 400, "invalid_request");
        assertThat(json(r).get("error_description").asText())
                .isEqualTo("client_secret must not be sent in the query string");
        assertThat(t.get("/services/oauth2/userinfo", token).statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheQueryIsBadlyEncodedThenAClientErrorNotAServerError() throws Exception {
        // the JDK client refuses to send such a URL, so the request goes over a plain socket
        try (Socket socket = new Socket("127.0.0.1", t.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + REVOKE + "?token=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(reply.substring(9, 12));

            assertThat(status).as(reply).isBetween(400, 499);
        }
    }

    @Test
    void whenRevocationsAndIntrospectionsHappenThenMetricsCountThem() {
        introspect(t.adminToken(), plain);
        revoke("token=unknown", Map.of());

        String metrics = t.send(HttpRequest.newBuilder(URI.create(t.base() + "/metrics")).GET()).body();

        assertThat(metrics).contains("userbound_introspection_requests_total{outcome=\"inactive\"}")
                .contains("userbound_revocation_requests_total{outcome=\"unknown\"}");
    }
}
