package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.ClientCredentialsTokenSource;
import io.userbound.client.ClientCredentialsTokenSource.AuthMethod;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.OAuthClientException;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.client.Token;
import io.userbound.core.model.ConnectedApp;
import io.userbound.protocol.GrantTypes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client credentials flow over real HTTP against the real store, with the project's own SDK for each client
 * authentication method, then every refusal with its exact status, {@code error}, {@code error_description} and
 * LoginHistory row, then consumer secret rotation.
 */
class ClientCredentialsEndToEndTest extends EndToEndTest {
    private static final String TYPE = GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER;

    private static ClientCredentialsTokenSource source(TestServer.Registered reg, AuthMethod method,
            KeyAndCertificate keys) {
        ClientCredentialsTokenSource.Builder b = ClientCredentialsTokenSource.builder().loginUrl(server.baseUrl())
                .clientId(reg.consumerKey()).authMethod(method);
        return (method == AuthMethod.PRIVATE_KEY_JWT ? b.privateKey(keys.privateKey()) : b.clientSecret(
                reg.consumerSecret())).build();
    }

    /**
     * The newest LoginHistory row of the app (found by consumer key: a request refused before the run-as user was
     * resolved has no user).
     */
    private static JsonNode newestLogin(TestServer.Registered reg) {
        for (JsonNode row : server.admin.get("userbound/loginHistory?limit=50").get("records")) {
            if (reg.consumerKey().equals(row.path("ConsumerKey").asText())) {
                return row;
            }
        }
        throw new AssertionError("no LoginHistory row for app " + reg.appName());
    }

    private static String hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void whenIntegrationAppUsesClientCredentialsThenTokenRunsAsTheRunAsUser(AuthMethod method) throws Exception {
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=cc-" + method, 30);
        TestServer.Registered reg = server.registerClientCredentials("CC " + method, keys);
        ClientCredentialsTokenSource tokens = source(reg, method, keys);

        Token token = tokens.token();

        String orgId = server.profile.get("orgId").asText();
        assertThat(token.accessToken()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(token.instanceUrl()).isEqualTo(server.baseUrl());
        assertThat(token.identityUrl()).isEqualTo(server.baseUrl() + "/id/" + orgId + "/" + reg.userId());
        assertThat(token.raw().tokenType()).isEqualTo("Bearer");
        assertThat(token.raw().issuedAt()).matches("\\d{13}");
        if (method == AuthMethod.PRIVATE_KEY_JWT) {
            assertThat(token.raw().signature()).isNull();
        } else {
            assertThat(token.raw().signature()).isEqualTo(hmac(reg.consumerSecret(),
                    token.raw().id() + token.raw().issuedAt()));
        }
        RestClient api = new RestClient(tokens);
        JsonNode userinfo = api.userInfo();
        assertThat(userinfo.get("user_id").asText()).isEqualTo(reg.userId());
        assertThat(userinfo.get("preferred_username").asText()).isEqualTo(reg.username());
        assertThat(userinfo.get("is_salesforce_integration_user").asBoolean()).isTrue();
        assertThat(api.identity().get("username").asText()).isEqualTo(reg.username());

        JsonNode row = newestLogin(reg);
        assertThat(row.get("Status").asText()).isEqualTo("Success");
        assertThat(row.get("LoginType").asText()).isEqualTo("Remote Access 2.0");
        assertThat(row.get("LoginSubType").asText()).isEqualTo("Client Credentials");
        assertThat(row.get("UserId").asText()).isEqualTo(reg.userId());
        assertThat(row.get("Application").asText()).isEqualTo(reg.appName());
        assertThat(row.get("ConsumerKey").asText()).isEqualTo(reg.consumerKey());
        assertThat(row.get("CertificateThumbprint").isNull()).isEqualTo(method != AuthMethod.PRIVATE_KEY_JWT);
    }

    /** A token request as sent: the form and the Authorization header (null for none). */
    record Req(Map<String, String> form, String authorization) {
    }

    /**
     * One refusal: how to break the freshly registered app, the request (per client authentication method), and the
     * exact answer.
     */
    record Refusal(String name, Consumer<TestServer.Registered> breakIt, Function<TestServer.Registered, Req> request,
            int status, String error, String description, boolean basicChallenge, String loginStatus) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> post(TestServer.Registered reg, String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", reg.consumerKey(), "client_secret", secret);
    }

    private static Map<String, String> assertion(TestServer.Registered reg, String audience) {
        return assertion(reg.consumerKey(), audience);
    }

    private static Map<String, String> assertion(String clientId, String audience) {
        String jwt = AssertionBuilder.forKey(KEYS.privateKey()).issuer(clientId).subject(clientId)
                .audience(audience).sign();
        return Map.of("grant_type", "client_credentials", "client_assertion_type", TYPE, "client_assertion", jwt);
    }

    /** A well-formed request of this method for this client id and secret. */
    private static Req request(AuthMethod method, String clientId, String secret) {
        return switch (method) {
            case CLIENT_SECRET_BASIC -> new Req(Map.of("grant_type", "client_credentials"),
                    TestServer.basic(clientId, secret));
            case CLIENT_SECRET_POST -> new Req(Map.of("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", secret), null);
            case PRIVATE_KEY_JWT -> new Req(assertion(clientId, server.baseUrl() + "/services/oauth2/token"), null);
        };
    }

    static final KeyAndCertificate KEYS = SelfSignedCertificates.create("CN=cc-refusals", 30);

    static Stream<Refusal> refusals() {
        Consumer<TestServer.Registered> none = reg -> { };
        String noUser = "no client credentials user enabled";
        Stream.Builder<Refusal> out = Stream.builder();
        for (AuthMethod m : AuthMethod.values()) {
            String by = " (" + m + ")";
            out.add(new Refusal("unknown client" + by, none, reg -> request(m, "3MVG9nobody" + reg.userId(),
                    reg.consumerSecret()), 400, "invalid_client_id", "client identifier invalid", false, null));
            out.add(new Refusal("flow not enabled" + by, reg -> server.admin.patch("sobjects/ConnectedApplication/"
                    + reg.appId(), Map.of("ClientCredentialsEnabled", false)),
                    reg -> request(m, reg.consumerKey(), reg.consumerSecret()), 400, "invalid_grant", noUser, false,
                    "Failed: Client credentials flow not enabled"));
            out.add(new Refusal("no run-as user" + by, reg -> {
                // a state the admin API refuses to create (ClientCredentialsEnabled needs a RunAsUserId), as an
                // imported database could hold it: written to the store directly, before any token request
                var apps = server.server.store().apps();
                ConnectedApp app = apps.findById(reg.appId()).orElseThrow();
                apps.update(app.withClientCredentials(true, null, Instant.now()));
            }, reg -> request(m, reg.consumerKey(), reg.consumerSecret()), 400, "invalid_grant", noUser, false,
                    "Failed: No client credentials user enabled"));
            out.add(new Refusal("inactive run-as user" + by, reg -> server.admin.patch("sobjects/User/"
                    + reg.userId(), Map.of("IsActive", false)),
                    reg -> request(m, reg.consumerKey(), reg.consumerSecret()), 400, "invalid_grant", noUser, false,
                    "Failed: Inactive user"));
            out.add(new Refusal("run-as user not granted under admin-approved" + by, reg -> {
                JsonNode app = server.admin.get("sobjects/ConnectedApplication/" + reg.appId());
                assertThat(app.get("PermittedUsersPolicy").asText()).isEqualTo("admin-approved");
                // the user keeps ApiEnabled; only the SetupEntityAccess grant of the app goes
                var grants = server.server.store().appAccess().listForApp(reg.appId());
                assertThat(grants).hasSize(1);
                server.admin.delete("sobjects/SetupEntityAccess/" + grants.get(0).id());
            }, reg -> request(m, reg.consumerKey(), reg.consumerSecret()), 400, "invalid_app_access",
                    "user is not admin approved to access this app", false,
                    "Failed: User not admin approved for app"));
        }
        out.add(new Refusal("wrong secret in a Basic header", none,
                reg -> request(AuthMethod.CLIENT_SECRET_BASIC, reg.consumerKey(), "0".repeat(64)), 401,
                "invalid_client", "invalid client credentials", true, "Failed: Invalid client credentials"));
        out.add(new Refusal("wrong secret in the body", none,
                reg -> request(AuthMethod.CLIENT_SECRET_POST, reg.consumerKey(), "0".repeat(64)), 401,
                "invalid_client", "invalid client credentials", false, "Failed: Invalid client credentials"));
        out.add(new Refusal("client assertion with a wrong aud", none,
                reg -> new Req(assertion(reg, "https://login.salesforce.com"), null), 401, "invalid_client",
                "client assertion audience is invalid", false, "Failed: Audience invalid"));
        out.add(new Refusal("client assertion signed by a key the app does not hold", none, reg -> {
            String jwt = AssertionBuilder.forKey(SelfSignedCertificates.create("CN=stranger", 1).privateKey())
                    .issuer(reg.consumerKey()).subject(reg.consumerKey()).audience(server.baseUrl()).sign();
            return new Req(Map.of("grant_type", "client_credentials", "client_assertion_type", TYPE,
                    "client_assertion", jwt), null);
        }, 401, "invalid_client", "invalid client assertion", false, "Failed: Invalid signature"));
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenClientCredentialsRequestIsRefusedThenExactErrorOverHttpAndOneFailedRow(Refusal c) throws Exception {
        String appName = "Refused " + c.name();
        TestServer.Registered reg = server.registerClientCredentials(appName.substring(0, Math.min(70,
                appName.length())), KEYS);
        c.breakIt().accept(reg);

        Req req = c.request().apply(reg);
        HttpResponse<String> r = server.postToken(req.form(), req.authorization());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
        JsonNode body = TestServer.JSON.readTree(r.body());
        assertThat(body.get("error").asText()).isEqualTo(c.error());
        assertThat(body.get("error_description").asText()).isEqualTo(c.description());
        assertThat(body.size()).isEqualTo(2);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .isEqualTo(c.basicChallenge() ? java.util.Optional.of("Basic realm=\"userbound\"")
                        : java.util.Optional.empty());
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        if (c.loginStatus() != null) {
            JsonNode row = newestLogin(reg);
            assertThat(row.get("Status").asText()).isEqualTo(c.loginStatus());
            assertThat(row.get("LoginSubType").asText()).isEqualTo("Client Credentials");
            assertThat(row.get("Application").asText()).isEqualTo(reg.appName());
        }
    }

    @Test
    void whenClientAssertionIsReplayedThenInvalidClientAndOnlyOneToken() throws Exception {
        TestServer.Registered reg = server.registerClientCredentials("Replay", KEYS);
        Map<String, String> form = assertion(reg, server.baseUrl() + "/services/oauth2/token");

        HttpResponse<String> first = server.postToken(form, null);
        HttpResponse<String> second = server.postToken(form, null);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(401);
        JsonNode body = TestServer.JSON.readTree(second.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_client");
        assertThat(body.get("error_description").asText()).isEqualTo("client assertion has already been used");
        assertThat(second.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(newestLogin(reg).get("Status").asText()).isEqualTo("Failed: Assertion replayed");
    }

    @Test
    void whenNoRunAsUserThenTheLoginHistoryRowSaysSo() {
        TestServer.Registered reg = server.registerClientCredentials("No run-as audit", KEYS);
        var apps = server.server.store().apps();
        apps.update(apps.findById(reg.appId()).orElseThrow().withClientCredentials(true, null, Instant.now()));

        assertThat(server.postToken(post(reg, reg.consumerSecret()), null).statusCode()).isEqualTo(400);

        JsonNode row = newestLogin(reg);
        assertThat(row.get("Status").asText()).isEqualTo("Failed: No client credentials user enabled");
        assertThat(row.get("UserId").isNull()).isTrue();
    }

    @Test
    void whenSecretIsRotatedThenBothWorkInTheWindowAndTheOldStopsAfterRevoke() {
        TestServer.Registered reg = server.registerClientCredentials("Rotation", KEYS);
        String oldSecret = reg.consumerSecret();

        JsonNode rotated = server.admin.post("sobjects/ConnectedApplication/" + reg.appId() + "/rotateSecret",
                Map.of("OverlapSeconds", 3600));
        String newSecret = rotated.get("consumerSecret").asText();
        assertThat(newSecret).matches("[0-9A-F]{64}").isNotEqualTo(oldSecret);
        assertThat(rotated.get("previousSecretExpires").asText()).isNotBlank();

        assertThat(server.postToken(post(reg, oldSecret), null).statusCode()).isEqualTo(200);
        assertThat(newestLogin(reg).get("Status").asText()).isEqualTo("Success");
        assertThat(server.postToken(Map.of("grant_type", "client_credentials"),
                TestServer.basic(reg.consumerKey(), newSecret)).statusCode()).isEqualTo(200);

        JsonNode revoked = server.admin.post("sobjects/ConnectedApplication/" + reg.appId() + "/revokeSecret",
                Map.of());
        assertThat(revoked.get("previousSecretRevoked").asBoolean()).isTrue();

        HttpResponse<String> old = server.postToken(Map.of("grant_type", "client_credentials"),
                TestServer.basic(reg.consumerKey(), oldSecret));
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.body()).contains("\"invalid_client\"").contains("invalid client credentials");
        assertThat(old.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"userbound\"");
        assertThat(server.postToken(post(reg, newSecret), null).statusCode()).isEqualTo(200);

        JsonNode audit = server.admin.get("userbound/setupAuditTrail?limit=5");
        assertThat(audit.get("records").findValuesAsText("Action"))
                .contains("connectedAppSecretRotate", "connectedAppSecretRevoke");
        assertThat(audit.toString()).doesNotContain(newSecret).doesNotContain(oldSecret);
    }

    @Test
    void whenSecretIsRotatedThenTheSdkSourceWithTheOldSecretWorksUntilRevoked() {
        TestServer.Registered reg = server.registerClientCredentials("Rotation SDK", KEYS);
        ClientCredentialsTokenSource old = source(reg, AuthMethod.CLIENT_SECRET_BASIC, KEYS);
        server.admin.post("sobjects/ConnectedApplication/" + reg.appId() + "/rotateSecret", Map.of());

        assertThat(old.refresh().accessToken()).isNotBlank();
        server.admin.post("sobjects/ConnectedApplication/" + reg.appId() + "/revokeSecret", Map.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(old::refresh)
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.error()).isEqualTo("invalid_client");
                    assertThat(e.errorDescription()).isEqualTo("invalid client credentials");
                });
    }

    @Test
    void whenRunAsUserIsAnIntegrationUserThenItsProfileIsApiOnlyAndCannotBeMadeInteractive() {
        TestServer.Registered reg = server.registerClientCredentials("API only", KEYS);
        JsonNode user = server.admin.get("sobjects/User/" + reg.userId());
        assertThat(user.get("UserType").asText()).isEqualTo("CloudIntegrationUser");
        JsonNode profile = server.admin.get("sobjects/Profile/" + user.get("ProfileId").asText());
        assertThat(profile.get("PermissionsApiUserOnly").asBoolean()).isTrue();

        String standard = server.admin.get("sobjects/Profile/Name/Standard%20User").get("Id").asText();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.admin.patch("sobjects/User/" + reg.userId(),
                Map.of("ProfileId", standard)))
                .isInstanceOfSatisfying(io.userbound.client.ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
                });
        assertThat(server.admin.get("sobjects/User/" + reg.userId()).get("ProfileId").asText())
                .isEqualTo(user.get("ProfileId").asText());
    }

    @Test
    void whenPrivateKeyJwtSourceRefreshesThenEachRequestSignsAFreshAssertion() {
        TestServer.Registered reg = server.registerClientCredentials("PKJ refresh", KEYS);
        ClientCredentialsTokenSource tokens = ClientCredentialsTokenSource.builder().loginUrl(server.baseUrl())
                .clientId(reg.consumerKey()).privateKey(KEYS.privateKey()).assertionLifetime(Duration.ofMinutes(1))
                .build();

        Token first = tokens.token();
        Token second = tokens.refresh();

        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    }
}
