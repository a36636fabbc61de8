package io.userbound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.FakeServer;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final String INTROSPECT = "/services/oauth2/introspect";
    private static final String REVOKE = "/services/oauth2/revoke";
    private static final String ACTIVE = "{\"active\":true,\"scope\":\"api\",\"client_id\":\"3MVG9key\","
            + "\"username\":\"etl@acme.test\",\"sub\":\"005000000000001AAA\",\"token_type\":\"access_token\","
            + "\"exp\":1800000000,\"iat\":1799992800,\"nbf\":1799992800}";
    private static final KeyAndCertificate KEY = SelfSignedCertificates.create("CN=cli-token-test", 1);

    @TempDir
    Path dir;

    private FakeServer server;
    private CliRunner cli;
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        KEY.writeTo(dir.resolve("keys"));
        cli = new CliRunner(dir).env("AUDITOR_SECRET", "s3cret");
        server = new FakeServer().route("POST", TOKEN_PATH, r -> new FakeServer.Reply(200,
                "{\"access_token\":\"00D000000000001!tok" + issued.incrementAndGet() + "\",\"scope\":\"api\","
                        + "\"instance_url\":\"" + server.url() + "\",\"id\":\"" + server.url()
                        + "/id/00D000000000001EAA/005000000000001AAA\",\"token_type\":\"Bearer\","
                        + "\"issued_at\":\"1700000000000\",\"expires_in\":7200}"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void login() {
        CliRunner.Run run = cli.run("login", "jwt", "--login-url", server.url(), "--client-id", "3MVG9key",
                "--username", "etl@acme.test", "--key", "keys/private-key.pem");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void whenTheCommandsAreListedThenTokenIntrospectAndRevokeExist() {
        assertThat(HelpAndUsageTest.everyCommand().map(p -> String.join(" ", p)))
                .contains("token introspect", "token revoke");
    }

    @Test
    void whenIntrospectingTheSessionTokenThenBasicCredentialsFromTheEnvironmentAndTheReplyAsJson() {
        login();
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(200, ACTIVE));

        CliRunner.Run run = cli.run("token", "introspect", "--client-id", "3MVG9auditor", "--client-secret-env",
                "AUDITOR_SECRET", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("active").asBoolean()).isTrue();
        assertThat(run.json().get("username").asText()).isEqualTo("etl@acme.test");
        FakeServer.Request sent = server.requests("POST", INTROSPECT).get(0);
        assertThat(sent.form()).containsExactly(Map.entry("token", "00D000000000001!tok1"));
        assertThat(sent.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("3MVG9auditor:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(run.out()).doesNotContain("s3cret");
    }

    @Test
    void whenIntrospectingWithoutJsonThenOneLinePerMemberWithReadableTimes() {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(200, ACTIVE));

        CliRunner.Run run = cli.run("token", "introspect", "--token", "00D000000000001!x", "--login-url",
                server.url(), "--client-id", "k", "--client-secret-env", "AUDITOR_SECRET");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("active: true\n").contains("username: etl@acme.test\n")
                .contains("exp: 1800000000 (2027-01-15T08:00:00Z)");
    }

    @Test
    void whenTokenIsInactiveThenExitZeroAndItSaysSo() {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(200, "{\"active\":false}"));

        CliRunner.Run run = cli.run("token", "introspect", "--token", "t", "--login-url", server.url(),
                "--client-id", "k", "--client-secret-env", "AUDITOR_SECRET");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).startsWith("active: false");
    }

    @Test
    void whenTheSecretVariableIsUnsetThenExitOneAndNoRequest() {
        CliRunner.Run run = cli.run("token", "introspect", "--token", "t", "--login-url", server.url(),
                "--client-id", "k", "--client-secret-env", "NOT_SET", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("name").asText()).isEqualTo("MissingSecret");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenIntrospectionIsRefusedThenExitOneWithTheOAuthErrorAndStatus() {
        server.route("POST", INTROSPECT, r -> new FakeServer.Reply(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}"));

        CliRunner.Run run = cli.run("token", "introspect", "--token", "t", "--login-url", server.url(),
                "--client-id", "k", "--client-secret-env", "AUDITOR_SECRET", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = run.json();
        assertThat(error.get("name").asText()).isEqualTo("invalid_client");
        assertThat(error.get("httpStatus").asInt()).isEqualTo(401);
    }

    @Test
    void whenIntrospectHasNoClientIdThenUsageError() {
        CliRunner.Run run = cli.run("token", "introspect", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options");
    }

    @Test
    void whenRevokingTheSessionTokenThenPostedAndTheSessionTokenCleared() {
        login();
        server.route("POST", REVOKE, r -> new FakeServer.Reply(200, ""));

        CliRunner.Run run = cli.run("token", "revoke", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("revoked").asBoolean()).isTrue();
        assertThat(run.json().get("sessionCleared").asBoolean()).isTrue();
        FakeServer.Request sent = server.requests("POST", REVOKE).get(0);
        assertThat(sent.form()).containsExactly(Map.entry("token", "00D000000000001!tok1"));
        assertThat(sent.authorization()).isNull();
        JsonNode session = CliRunner.json(CliRunner.read(cli.sessionFile()));
        assertThat(session.has("accessToken")).isFalse();
        assertThat(session.get("loginUrl").asText()).isEqualTo(server.url());
        assertThat(session.get("username").asText()).isEqualTo("etl@acme.test");

        CliRunner.Run again = cli.run("token", "revoke", "--json");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.json().get("name").asText()).isEqualTo("NoToken");
        assertThat(server.requests("POST", REVOKE)).hasSize(1);

        CliRunner.Run api = cli.run("api", "GET", "/services/oauth2/userinfo", "--json");
        assertThat(api.exitCode()).isEqualTo(1);
        assertThat(api.json().get("message").asText()).contains("log in again");
    }

    @Test
    void whenRevokingAnotherTokenThenTheSessionIsKept() {
        login();
        server.route("POST", REVOKE, r -> new FakeServer.Reply(200, ""));

        CliRunner.Run run = cli.run("token", "revoke", "--token", "00D000000000001!other");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("Token revoked.");
        assertThat(CliRunner.json(CliRunner.read(cli.sessionFile())).get("accessToken").asText())
                .isEqualTo("00D000000000001!tok1");
    }

    @Test
    void whenRevocationIsRefusedThenExitOneAndTheSessionIsKept() {
        login();
        server.route("POST", REVOKE, r -> new FakeServer.Reply(400,
                "{\"error\":\"unsupported_token_type\",\"error_description\":\"token type not supported\"}"));

        CliRunner.Run run = cli.run("token", "revoke");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("error: unsupported_token_type: token type not supported (HTTP 400)");
        assertThat(CliRunner.json(CliRunner.read(cli.sessionFile())).get("accessToken").asText())
                .isEqualTo("00D000000000001!tok1");
    }

    @Test
    void whenThereIsNoSessionAndNoTokenThenExitOneAndNoRequest() {
        CliRunner.Run run = cli.run("token", "revoke", "--login-url", server.url(), "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("name").asText()).isEqualTo("NoSession");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenTokenAndLoginUrlAreGivenThenNoSessionIsNeeded() {
        server.route("POST", REVOKE, r -> new FakeServer.Reply(200, ""));

        CliRunner.Run run = cli.run("token", "revoke", "--token", "00D000000000001!x", "--login-url",
                server.url() + "/", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("sessionCleared").asBoolean()).isFalse();
        assertThat(cli.sessionFile()).doesNotExist();
    }
}
