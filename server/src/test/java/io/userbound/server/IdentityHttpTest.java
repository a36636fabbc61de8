package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.core.RandomIdGenerator;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identity, userinfo, versions, resource map, health and framework errors over real HTTP. */
class IdentityHttpTest {
    @TempDir
    static Path dir;
    static TestServer t;
    static String token;
    static String org;
    static String admin;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        token = t.adminToken();
        org = t.server.bootstrapResult().orgId();
        admin = t.server.bootstrapResult().adminUserId();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/services/data", "/services/data/"})
    void whenVersionsListedThenNoTokenNeededAndAscendingTwoDigitVersions(String path) {
        HttpResponse<String> r = t.get(path, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).get("version").asText()).isEqualTo("20.0");
        JsonNode last = body.get(body.size() - 1);
        assertThat(last.get("version").asText()).isEqualTo("66.0");
        assertThat(last.get("url").asText()).isEqualTo("/services/data/v66.0");
        assertThat(last.get("label").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/services/data/v59.0/", "/services/data/v59.0"})
    void whenResourceMapRequestedThenRelativeResourcesAndAbsoluteIdentity(String path) {
        JsonNode body = json(t.get(path, token));

        assertThat(body.get("sobjects").asText()).isEqualTo("/services/data/v59.0/sobjects");
        assertThat(body.get("query").asText()).isEqualTo("/services/data/v59.0/query");
        assertThat(body.get("limits").asText()).isEqualTo("/services/data/v59.0/limits");
        assertThat(body.get("identity").asText()).isEqualTo(t.base() + "/id/" + org + "/" + admin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v19.0", "v67.0", "v59.1", "59.0", "vx"})
    void whenVersionUnknownThenNotFoundArray(String version) {
        assertRestError(t.get("/services/data/" + version + "/", token), 404, "NOT_FOUND");
    }

    @Test
    void whenTokenExpiredThenInvalidSessionIdArray() {
        String tokenId = new RandomIdGenerator(Clock.systemUTC()).next(KeyPrefix.ACCESS_TOKEN);
        String expiredToken = SalesforceId.to15(org) + "!" + tokenId + "expired.token.for_the_test";
        java.time.Instant past = java.time.Instant.now().minusSeconds(60);
        t.server.store().tokens().insert(new io.userbound.core.model.AccessTokenRecord(tokenId,
                io.userbound.oauth.token.AccessTokenHashes.sha256Hex(expiredToken), org, admin,
                t.server.bootstrapResult().cliAppId(), java.util.Set.of("api"), past.minusSeconds(7200), past, null));

        assertRestError(t.get("/services/oauth2/userinfo", expiredToken), 401, "INVALID_SESSION_ID");
        assertRestError(t.get("/services/data/v59.0/", expiredToken), 401, "INVALID_SESSION_ID");
    }

    @Test
    void whenTokenMissingOrBadThenInvalidSessionIdArray() {
        JsonNode e = assertRestError(t.get("/services/data/v59.0/", null), 401, "INVALID_SESSION_ID");
        assertThat(e.get("message").asText()).isEqualTo("Session expired or invalid");
        assertRestError(t.get("/services/data/v59.0/", "00D000000000000!nope"), 401, "INVALID_SESSION_ID");
        assertRestError(t.get("/services/oauth2/userinfo", "bogus"), 401, "INVALID_SESSION_ID");
        assertRestError(t.get("/id/" + org + "/" + admin, "bogus"), 401, "INVALID_SESSION_ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer   ", "Basic YTpi", "Token abc"})
    void whenAuthorizationHeaderMalformedThenInvalidAuthHeader(String header) {
        HttpResponse<String> r = t.send(HttpRequest.newBuilder(URI.create(t.base() + "/services/data/v59.0/"))
                .header("Authorization", header));

        assertRestError(r, 401, "INVALID_AUTH_HEADER");
    }

    @Test
    void whenIdentityRequestedWithBearerThenSalesforceFieldsWithLiteralVersion() {
        JsonNode body = json(t.get("/id/" + org + "/" + admin, token));

        assertThat(body.get("id").asText()).isEqualTo(t.base() + "/id/" + org + "/" + admin);
        assertThat(body.get("asserted_user").asBoolean()).isTrue();
        assertThat(body.get("user_id").asText()).isEqualTo(admin);
        assertThat(body.get("organization_id").asText()).isEqualTo(org);
        assertThat(body.get("username").asText()).isEqualTo("admin@userbound.local");
        assertThat(body.get("nick_name").asText()).isEqualTo("admin");
        assertThat(body.get("display_name").asText()).isEqualTo("Userbound Admin");
        assertThat(body.get("email").asText()).isEqualTo("admin@userbound.local");
        assertThat(body.get("first_name").asText()).isEqualTo("Userbound");
        assertThat(body.get("last_name").asText()).isEqualTo("Admin");
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("user_type").asText()).isEqualTo("STANDARD");
        assertThat(body.get("urls").get("rest").asText()).isEqualTo(t.base() + "/services/data/v{version}/");
        assertThat(body.get("urls").get("enterprise").asText()).contains("{version}").endsWith(org);
        assertThat(body.get("is_app_installed").asBoolean()).isTrue();
        assertThat(body.get("last_modified_date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(body.has("utcOffset")).isTrue();
        assertThat(body.has("language")).isTrue();
        assertThat(body.has("locale")).isTrue();
        assertThat(body.has("timezone")).isTrue();
    }

    @Test
    void whenIdentityRequestedWithOauthTokenParamAndVersionThenVersionFilledIn() {
        String path = "/id/" + SalesforceId.to15(org) + "/" + admin + "?format=json&version=latest&oauth_token="
                + TestServer.enc(token);

        JsonNode body = json(t.get(path, null));

        assertThat(body.get("urls").get("sobjects").asText()).isEqualTo(t.base() + "/services/data/v66.0/sobjects/");
    }

    @Test
    void whenIdentityOfAnotherOrgThenForbidden() {
        String otherOrg = new RandomIdGenerator(Clock.systemUTC()).next(KeyPrefix.ORGANIZATION);

        assertRestError(t.get("/id/" + otherOrg + "/" + admin, token), 403, "INSUFFICIENT_ACCESS");
    }

    @Test
    void whenIdentityOfAnotherUserOfSameOrgThenReadableWithApiScope() {
        String autoproc = t.server.bootstrapResult().automatedProcessUserId();

        JsonNode body = json(t.get("/id/" + org + "/" + autoproc, token));

        assertThat(body.get("asserted_user").asBoolean()).isFalse();
        assertThat(body.get("user_type").asText()).isEqualTo("AUTOMATED_PROCESS");
        assertThat(body.get("active").asBoolean()).isFalse();
    }

    @Test
    void whenIdentityOfUnknownUserThenNotFoundArray() {
        String nobody = new RandomIdGenerator(Clock.systemUTC()).next(KeyPrefix.USER);

        assertRestError(t.get("/id/" + org + "/" + nobody, token), 404, "NOT_FOUND");
        assertRestError(t.get("/id/" + org + "/not-an-id", token), 404, "NOT_FOUND");
    }

    @Test
    void whenUserinfoRequestedThenOidcFields() {
        JsonNode body = json(t.get("/services/oauth2/userinfo", token));

        assertThat(body.get("sub").asText()).isEqualTo(t.base() + "/id/" + org + "/" + admin);
        assertThat(body.get("user_id").asText()).isEqualTo(admin);
        assertThat(body.get("organization_id").asText()).isEqualTo(org);
        assertThat(body.get("preferred_username").asText()).isEqualTo("admin@userbound.local");
        assertThat(body.get("name").asText()).isEqualTo("Userbound Admin");
        assertThat(body.get("given_name").asText()).isEqualTo("Userbound");
        assertThat(body.get("family_name").asText()).isEqualTo("Admin");
        assertThat(body.get("is_salesforce_integration_user").asBoolean()).isFalse();
        assertThat(body.get("urls").get("rest").asText()).contains("{version}");
        assertThat(body.get("active").asBoolean()).isTrue();
        for (String f : new String[] {"nickname", "email", "email_verified", "zoneinfo", "profile", "user_type",
                "language", "locale", "utcOffset", "updated_at", "is_app_installed"}) {
            assertThat(body.has(f)).as(f).isTrue();
        }
    }

    @Test
    void whenRouteUnknownOrMethodWrongThenRestErrorArrays() {
        JsonNode e = assertRestError(t.get("/services/nope", token), 404, "NOT_FOUND");
        assertThat(e.get("message").asText()).isEqualTo("The requested resource does not exist");
        assertRestError(t.json("DELETE", "/services/data", token, null), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void whenHealthProbedThenLiveAndReady() {
        assertThat(t.get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = t.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("UP");
    }
}
