package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.userbound.cli.CliEnvironment;
import io.userbound.cli.Userbound;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.OAuthClientException;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.client.TokenClient;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.protocol.KeyPrefix;
import io.userbound.server.ops.HousekeepingRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import picocli.CommandLine;

/**
 * Introspection, revocation, discovery and the purge job over real HTTP, with the SDK, the CLI and Nimbus as clients:
 * three apps registered through the admin surface ({@code etl}, whose tokens are asked about; {@code plain}, which
 * may see only its own; {@code auditor}, whose run-as user holds {@code ViewAllTokens} through a permission set).
 */
class TokenManagementEndToEndTest extends EndToEndTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static KeyAndCertificate etlKeys;
    static TestServer.Registered etl;
    static TestServer.Registered plain;
    static TestServer.Registered auditor;
    static TokenClient client;

    @BeforeAll
    static void register() {
        etlKeys = SelfSignedCertificates.create("CN=etl", 30);
        etl = server.registerIntegration("Token ETL", etlKeys);
        plain = server.registerIntegration("Token Plain", SelfSignedCertificates.create("CN=plain", 30));
        auditor = server.registerIntegration("Token Auditor", SelfSignedCertificates.create("CN=auditor", 30));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode viewAll = server.admin.post("sobjects/PermissionSet",
                Map.of("Name", "View_All_Tokens_" + suffix, "PermissionsViewAllTokens", true));
        server.admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", auditor.userId(), "PermissionSetId", viewAll.get("id").asText()));
        server.admin.patch("sobjects/ConnectedApplication/" + auditor.appId(),
                Map.of("RunAsUserId", auditor.userId()));
        client = new TokenClient(HTTP, server.baseUrl());
    }

    /** A fresh token of the etl app for its integration user. */
    static String etlToken() {
        return JwtBearerTokenSource.builder().loginUrl(server.baseUrl()).clientId(etl.consumerKey())
                .username(etl.username()).privateKey(etlKeys.privateKey()).build().token().accessToken();
    }

    static HttpResponse<String> get(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ introspection

    @Test
    void whenAnAppIntrospectsItsOwnTokenThenActiveWithItsUser() {
        JsonNode reply = client.introspect(etlToken(), etl.consumerKey(), etl.consumerSecret());

        assertThat(reply.get("active").asBoolean()).isTrue();
        assertThat(reply.get("client_id").asText()).isEqualTo(etl.consumerKey());
        assertThat(reply.get("username").asText()).isEqualTo(etl.username());
        assertThat(reply.get("sub").asText()).isEqualTo(etl.userId());
        assertThat(reply.get("token_type").asText()).isEqualTo("access_token");
    }

    @Test
    void whenAPlainAppIntrospectsAnotherAppsTokenThenInactive() {
        JsonNode reply = client.introspect(etlToken(), plain.consumerKey(), plain.consumerSecret());

        assertThat(reply.toString()).isEqualTo("{\"active\":false}");
    }

    @Test
    void whenTheCallersRunAsUserHoldsViewAllTokensThenAnotherAppsTokenIsActive() {
        JsonNode reply = client.introspect(etlToken(), auditor.consumerKey(), auditor.consumerSecret());

        assertThat(reply.get("active").asBoolean()).isTrue();
        assertThat(reply.get("client_id").asText()).isEqualTo(etl.consumerKey());
        assertThat(reply.get("username").asText()).isEqualTo(etl.username());
    }

    @Test
    void whenTheSecretIsWrongThenInvalidClient401() {
        assertThatThrownBy(() -> client.introspect(etlToken(), etl.consumerKey(), "wrong"))
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.error()).isEqualTo("invalid_client");
                });
    }

    @Test
    void whenNimbusIntrospectsWithBasicOrPostThenItParsesTheReply() throws Exception {
        String token = etlToken();
        URI endpoint = URI.create(server.baseUrl() + "/services/oauth2/introspect");
        ClientID id = new ClientID(etl.consumerKey());
        Secret secret = new Secret(etl.consumerSecret());

        for (var auth : List.of(new ClientSecretBasic(id, secret), new ClientSecretPost(id, secret))) {
            HTTPResponse http = new TokenIntrospectionRequest(endpoint, auth, new BearerAccessToken(token))
                    .toHTTPRequest().send();
            TokenIntrospectionResponse parsed = TokenIntrospectionResponse.parse(http);

            assertThat(parsed.indicatesSuccess()).as(http.getBody()).isTrue();
            TokenIntrospectionSuccessResponse ok = parsed.toSuccessResponse();
            assertThat(ok.isActive()).isTrue();
            assertThat(ok.getClientID()).isEqualTo(id);
            assertThat(ok.getUsername()).isEqualTo(etl.username());
            assertThat(ok.getExpirationTime()).isAfter(new java.util.Date());
        }
    }

    // ------------------------------------------------------------------------------------------------ revocation

    @Test
    void whenTokenIsRevokedThenIntrospectionIsInactiveAndTheRestApiRefusesItAtOnce() {
        String token = etlToken();
        assertThat(get(server.baseUrl() + "/services/oauth2/userinfo", token).statusCode()).isEqualTo(200);

        client.revoke(token);

        HttpResponse<String> after = get(server.baseUrl() + "/services/oauth2/userinfo", token);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("\"errorCode\":\"INVALID_SESSION_ID\"");
        HttpResponse<String> data = get(server.baseUrl() + "/services/data/v66.0/sobjects/User/" + etl.userId(),
                token);
        assertThat(data.statusCode()).isEqualTo(401);
        assertThat(client.introspect(token, etl.consumerKey(), etl.consumerSecret()).get("active").asBoolean())
                .isFalse();
        assertThat(client.introspect(token, auditor.consumerKey(), auditor.consumerSecret()).get("active")
                .asBoolean()).isFalse();
    }

    @Test
    void whenAnUnknownTokenIsRevokedThen200() {
        String orgId = server.profile.get("orgId").asText();

        client.revoke(orgId.substring(0, 15) + "!thisTokenWasNeverIssued");
        HttpResponse<String> viaGet = get(server.baseUrl() + "/services/oauth2/revoke?token=nope", null);

        assertThat(viaGet.statusCode()).isEqualTo(200);
        assertThat(viaGet.body()).isEmpty();
    }

    @Test
    void whenAnotherAppAuthenticatesToRevokeATokenThenUnauthorizedClientAndTheTokenLives() throws Exception {
        String token = etlToken();
        URI endpoint = URI.create(server.baseUrl() + "/services/oauth2/revoke");

        HTTPResponse refused = new TokenRevocationRequest(endpoint, new ClientSecretBasic(
                new ClientID(plain.consumerKey()), new Secret(plain.consumerSecret())), new BearerAccessToken(token))
                .toHTTPRequest().send();
        HTTPResponse own = new TokenRevocationRequest(endpoint, new ClientSecretBasic(
                new ClientID(etl.consumerKey()), new Secret(etl.consumerSecret())), new BearerAccessToken(token))
                .toHTTPRequest().send();

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBodyAsJSONObject().get("error")).isEqualTo("unauthorized_client");
        assertThat(own.getStatusCode()).isEqualTo(200);
        assertThat(get(server.baseUrl() + "/services/oauth2/userinfo", token).statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------------------------------------ discovery

    @Test
    void whenDiscoveryDocumentsAreReadThenEveryListedEndpointExists() throws Exception {
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            HttpResponse<String> r = get(server.baseUrl() + path, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            JsonNode d = TestServer.JSON.readTree(r.body());
            assertThat(d.get("issuer").asText()).isEqualTo(server.baseUrl());
            List<String> urls = new ArrayList<>();
            d.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("_endpoint") || e.getKey().endsWith("_uri")) {
                    urls.add(e.getValue().asText());
                }
            });
            assertThat(urls).contains(server.baseUrl() + "/services/oauth2/token",
                    server.baseUrl() + "/services/oauth2/introspect", server.baseUrl() + "/services/oauth2/revoke",
                    server.baseUrl() + "/services/oauth2/userinfo", server.baseUrl() + "/id/keys");
            for (String url : urls) {
                HttpResponse<String> endpoint = get(url, null);
                assertThat(endpoint.statusCode()).as(url + " " + endpoint.body()).isNotEqualTo(404).isLessThan(500);
            }
        }
        assertThat(get(server.baseUrl() + "/id/keys", null).body()).isEqualTo("{\"keys\":[]}");
    }

    @Test
    void whenNimbusResolvesTheAuthorizationServerMetadataThenItFindsTheEndpoints() throws Exception {
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(new Issuer(server.baseUrl()));

        assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(server.baseUrl() + "/services/oauth2/token"));
        assertThat(metadata.getIntrospectionEndpointURI())
                .isEqualTo(URI.create(server.baseUrl() + "/services/oauth2/introspect"));
        assertThat(metadata.getRevocationEndpointURI())
                .isEqualTo(URI.create(server.baseUrl() + "/services/oauth2/revoke"));
        assertThat(metadata.getGrantTypes()).extracting(Object::toString)
                .contains("urn:ietf:params:oauth:grant-type:jwt-bearer");
    }

    @Test
    void whenNimbusResolvesTheOpenIdConfigurationThenItFindsUserinfoAndTheKeySet() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(server.baseUrl()));

        assertThat(metadata.getUserInfoEndpointURI())
                .isEqualTo(URI.create(server.baseUrl() + "/services/oauth2/userinfo"));
        assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create(server.baseUrl() + "/id/keys"));
    }

    @Test
    void whenSpringBuildsAClientRegistrationFromTheIssuerThenItUsesOurEndpoints() {
        for (ClientRegistration.Builder builder : List.of(
                ClientRegistrations.fromIssuerLocation(server.baseUrl()),
                ClientRegistrations.fromOidcIssuerLocation(server.baseUrl()))) {
            ClientRegistration registration = builder.registrationId("userbound").clientId(etl.consumerKey())
                    .clientSecret(etl.consumerSecret()).authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
                    .build();

            assertThat(registration.getProviderDetails().getTokenUri())
                    .isEqualTo(server.baseUrl() + "/services/oauth2/token");
            assertThat(registration.getProviderDetails().getJwkSetUri()).isEqualTo(server.baseUrl() + "/id/keys");
            assertThat(registration.getClientAuthenticationMethod().getValue()).isEqualTo("client_secret_basic");
        }
    }

    // ------------------------------------------------------------------------------------------------ purge job

    @Test
    void whenThePurgeJobRunsThenExpiredTokensGoAndTheAutomatedProcessUserLeavesOneAuditRow() {
        var store = server.server.store();
        String orgId = server.profile.get("orgId").asText();
        String hash = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Instant expired = Instant.now().minus(Duration.ofHours(1));
        String tokenId = new RandomIdGenerator(Clock.systemUTC()).next(KeyPrefix.ACCESS_TOKEN);
        store.tokens().insert(new AccessTokenRecord(tokenId, hash, orgId, etl.userId(), etl.appId(), Set.of("api"),
                expired.minus(Duration.ofHours(2)), expired, null));
        String live = etlToken();

        HousekeepingRun run = server.server.runHousekeeping();

        assertThat(store.tokens().findById(tokenId)).isEmpty();
        assertThat(get(server.baseUrl() + "/services/oauth2/userinfo", live).statusCode()).isEqualTo(200);
        JsonNode trail = server.admin.get("userbound/setupAuditTrail?limit=50");
        List<JsonNode> rows = new ArrayList<>();
        trail.get("records").forEach(r -> {
            if (r.get("Action").asText().equals("purgedExpiredTokens")) {
                rows.add(r);
            }
        });
        // the scheduled run (every minute) may have purged the token first: either way exactly the runs that
        // purged something left a row, each signed by the Automated Process user
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("Section").asText()).isEqualTo("Housekeeping");
            assertThat(r.get("CreatedById").asText())
                    .isEqualTo(server.server.bootstrapResult().automatedProcessUserId());
            assertThat(r.get("Display").asText()).startsWith("Purged ");
        });
        if (run.purgedAnything()) {
            assertThat(rows.get(0).get("Display").asText())
                    .startsWith("Purged " + run.expiredTokens() + " expired access token");
        }
    }

    // ------------------------------------------------------------------------------------------------ the CLI

    record Run(int exit, JsonNode json, String err) {
    }

    private static Run cli(Path home, String... args) {
        CliEnvironment env = new CliEnvironment(Map.of(CliEnvironment.HOME_VARIABLE, home.toString(),
                "ETL_SECRET", etl.consumerSecret()), home, home, null);
        CommandLine cl = Userbound.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        try {
            return new Run(exit, TestServer.JSON.readTree(out.toString()), err.toString());
        } catch (Exception e) {
            throw new AssertionError("stdout is not JSON: " + out, e);
        }
    }

    @Test
    void whenTheCliIntrospectsAndRevokesTheSessionTokenThenTheServerAgrees(@TempDir Path home) {
        etlKeys.writeTo(home.resolve("etl"), true);
        Run login = cli(home, "login", "jwt", "--login-url", server.baseUrl(), "--client-id", etl.consumerKey(),
                "--username", etl.username(), "--key", home.resolve("etl/private-key.pem").toString(), "--json");
        assertThat(login.exit()).as(login.err()).isZero();
        String token = login.json().get("access_token").asText();

        Run active = cli(home, "token", "introspect", "--client-id", etl.consumerKey(), "--client-secret-env",
                "ETL_SECRET", "--json");
        Run revoked = cli(home, "token", "revoke", "--json");
        Run inactive = cli(home, "token", "introspect", "--token", token, "--client-id", etl.consumerKey(),
                "--client-secret-env", "ETL_SECRET", "--json");

        assertThat(active.exit()).as(active.err()).isZero();
        assertThat(active.json().get("active").asBoolean()).isTrue();
        assertThat(active.json().get("username").asText()).isEqualTo(etl.username());
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.json().get("sessionCleared").asBoolean()).isTrue();
        assertThat(inactive.exit()).as(inactive.err()).isZero();
        assertThat(inactive.json().get("active").asBoolean()).isFalse();
        assertThat(get(server.baseUrl() + "/services/oauth2/userinfo", token).statusCode()).isEqualTo(401);
    }
}
