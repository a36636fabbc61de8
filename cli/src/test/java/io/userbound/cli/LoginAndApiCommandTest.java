package io.userbound.cli;

import io.userbound.client.FakeServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoginAndApiCommandTest {

    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final String API = "/services/data/v66.0/";
    private static final KeyAndCertificate KEY = SelfSignedCertificates.create("CN=cli-test", 1);

    @TempDir
    Path dir;

    private FakeServer server;
    private CliRunner cli;
    private final AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        KEY.writeTo(dir.resolve("keys"));
        cli = new CliRunner(dir);
        server = new FakeServer().route("POST", TOKEN_PATH, r -> {
            int n = issued.incrementAndGet();
            return new FakeServer.Reply(200, "{\"access_token\":\"00D000000000001!tok" + n + "\",\"scope\":\"api\","
                    + "\"instance_url\":\"" + server.url() + "\",\"id\":\"" + server.url()
                    + "/id/00D000000000001EAA/005000000000001AAA\",\"token_type\":\"Bearer\","
                    + "\"issued_at\":\"1700000000000\",\"expires_in\":7200}");
        });
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private CliRunner.Run login(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("login", "jwt", "--login-url", server.url() + "/",
                "--client-id", "3MVG9key", "--username", "etl@acme.test", "--key", "keys/private-key.pem"));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void whenLoggingInWithJsonThenTokenResponseIsPrintedAndSessionSaved() throws Exception {
        CliRunner.Run run = login("--json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("access_token").asText()).isEqualTo("00D000000000001!tok1");
        assertThat(json.get("instance_url").asText()).isEqualTo(server.url());
        assertThat(json.get("id").asText()).endsWith("/id/00D000000000001EAA/005000000000001AAA");
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asLong()).isEqualTo(7200);

        SignedJWT assertion = SignedJWT.parse(server.requests("POST", TOKEN_PATH).get(0).form().get("assertion"));
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("3MVG9key");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("etl@acme.test");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(server.url());

        JsonNode session = CliRunner.json(CliRunner.read(cli.sessionFile()));
        assertThat(session.get("accessToken").asText()).isEqualTo("00D000000000001!tok1");
        assertThat(session.get("instanceUrl").asText()).isEqualTo(server.url());
        assertThat(session.get("loginUrl").asText()).isEqualTo(server.url());
        assertThat(session.get("clientId").asText()).isEqualTo("3MVG9key");
        assertThat(session.get("username").asText()).isEqualTo("etl@acme.test");
        assertThat(session.get("keyFile").asText()).isEqualTo(dir.resolve("keys/private-key.pem").toString());
        if (cli.sessionFile().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.sessionFile())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void whenLoggingInWithoutJsonThenStdoutIsTheTokenResponseAndTheSummaryGoesToStderr() throws Exception {
        CliRunner.Run run = login();

        assertThat(run.exitCode()).isZero();
        com.fasterxml.jackson.databind.JsonNode reply = Output.MAPPER.readTree(run.out());
        assertThat(reply.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(reply.get("id").asText()).endsWith("/00D000000000001EAA/005000000000001AAA");
        assertThat(run.err()).contains("Logged in as etl@acme.test (user 005000000000001AAA, org 00D000000000001EAA)");
    }

    @Test
    void whenLoginIsRefusedThenOneLineWithTheOAuthError() {
        server.route("POST", TOKEN_PATH, r -> new FakeServer.Reply(400,
                "{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}"));

        CliRunner.Run run = login();
        CliRunner.Run json = login("--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "error: invalid_client_id: client identifier invalid (HTTP 400)");
        assertThat(json.json().get("name").asText()).isEqualTo("invalid_client_id");
        assertThat(json.json().get("message").asText()).isEqualTo("invalid_client_id: client identifier invalid");
        assertThat(cli.sessionFile()).doesNotExist();
    }

    @Test
    void whenKeyFileIsMissingThenClearErrorAndNoRequest() {
        CliRunner.Run run = cli.run("login", "jwt", "--login-url", server.url(), "--client-id", "k", "--username",
                "u@x.test", "--key", "nope.pem");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: private key file not found: " + dir.resolve("nope.pem"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenApiGetsThenTheSavedTokenIsUsedAndTheBodyPrinted() {
        login();
        server.route("GET", API + "sobjects/Account/001000000000001", r -> new FakeServer.Reply(200,
                "{\"Id\":\"001000000000001AAA\",\"Name\":\"Acme\"}"));

        CliRunner.Run run = cli.run("api", "GET", "sobjects/Account/001000000000001", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json().get("Name").asText()).isEqualTo("Acme");
        assertThat(server.requests("GET", API + "sobjects/Account/001000000000001").get(0).authorization())
                .isEqualTo("Bearer 00D000000000001!tok1");
        assertThat(server.requests("POST", TOKEN_PATH)).hasSize(1);
    }

    @Test
    void whenApiPostsDataThenTheBodyIsSentAsJson() throws Exception {
        login();
        server.route("POST", API + "sobjects/Account", r -> new FakeServer.Reply(201,
                "{\"id\":\"001000000000002AAA\",\"success\":true,\"errors\":[]}"));
        Files.writeString(dir.resolve("body.json"), "{\"Name\":\"From file\"}");

        CliRunner.Run inline = cli.run("api", "post", "sobjects/Account", "--data", "{\"Name\":\"Acme\"}", "--json");
        CliRunner.Run fromFile = cli.run("api", "POST", "sobjects/Account", "--data", "@body.json");

        assertThat(inline.json().get("id").asText()).isEqualTo("001000000000002AAA");
        assertThat(fromFile.out()).contains("\"success\" : true");
        List<FakeServer.Request> posts = server.requests("POST", API + "sobjects/Account");
        assertThat(posts).extracting(FakeServer.Request::body)
                .containsExactly("{\"Name\":\"Acme\"}", "{\"Name\":\"From file\"}");
        assertThat(posts.get(0).contentType()).isEqualTo("application/json");
    }

    static Stream<Arguments> nonObjectReplies() {
        return Stream.of(
                Arguments.of(200, "[{\"version\":\"66.0\"}]", "{\"status\":200,\"body\":[{\"version\":\"66.0\"}]}"),
                Arguments.of(204, "", "{\"status\":204,\"body\":null}"),
                Arguments.of(200, "plain text", "{\"status\":200,\"body\":\"plain text\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nonObjectReplies")
    void whenReplyIsNotAnObjectThenJsonWrapsIt(int status, String body, String expected) {
        login();
        server.route("GET", "/services/data", r -> new FakeServer.Reply(status, body));

        CliRunner.Run run = cli.run("api", "GET", "/services/data", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).isEqualTo(CliRunner.json(expected));
    }

    @Test
    void whenApiAnswersAnErrorThenExitOneWithCodeAndMessage() {
        login();

        CliRunner.Run run = cli.run("api", "GET", "sobjects/Nope/x");
        CliRunner.Run json = cli.run("api", "GET", "sobjects/Nope/x", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                "error: NOT_FOUND: The requested resource does not exist (HTTP 404)");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json()).isEqualTo(CliRunner.json("{\"status\":1,\"name\":\"NOT_FOUND\","
                + "\"message\":\"The requested resource does not exist\",\"httpStatus\":404}"));
    }

    @Test
    void whenSavedTokenIsRefusedThenTheCliLogsInAgainWithTheSavedKeyAndRetries() {
        login();
        server.route("GET", API + "limits", r -> "Bearer 00D000000000001!tok1".equals(r.authorization())
                ? new FakeServer.Reply(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")
                : new FakeServer.Reply(200, "{\"DailyApiRequests\":{\"Max\":15000}}"));

        CliRunner.Run run = cli.run("api", "GET", "limits", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json().path("DailyApiRequests").path("Max").asInt()).isEqualTo(15000);
        assertThat(server.requests("POST", TOKEN_PATH)).hasSize(2);
        assertThat(CliRunner.json(CliRunner.read(cli.sessionFile())).get("accessToken").asText())
                .isEqualTo("00D000000000001!tok2");
    }

    // ------------------------------------------------------------------------------------------------ client credentials

    private CliRunner.Run clientCredentials(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("login", "client-credentials", "--login-url",
                server.url(), "--client-id", "3MVG9key"));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void whenClientCredentialsWithSecretEnvThenBasicHeaderTokenPrintedAndSessionNamesOnlyTheVariable() {
        cli.env("ETL_SECRET", "s3cret value");

        CliRunner.Run run = clientCredentials("--client-secret-env", "ETL_SECRET", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json().get("access_token").asText()).isEqualTo("00D000000000001!tok1");
        assertThat(run.json().get("token_type").asText()).isEqualTo("Bearer");
        FakeServer.Request r = server.requests("POST", TOKEN_PATH).get(0);
        assertThat(r.form()).containsExactly(java.util.Map.entry("grant_type", "client_credentials"));
        assertThat(new String(java.util.Base64.getDecoder().decode(r.authorization().substring(6)),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("3MVG9key:s3cret+value");
        String saved = CliRunner.read(cli.sessionFile());
        assertThat(saved).doesNotContain("s3cret");
        JsonNode session = CliRunner.json(saved);
        assertThat(session.get("flow").asText()).isEqualTo("client-credentials");
        assertThat(session.get("clientSecretEnv").asText()).isEqualTo("ETL_SECRET");
        assertThat(session.get("authMethod").asText()).isEqualTo("CLIENT_SECRET_BASIC");
        assertThat(session.get("accessToken").asText()).isEqualTo("00D000000000001!tok1");
        assertThat(session.has("username")).isFalse();
    }

    @Test
    void whenClientCredentialsWithSecretInBodyThenClientSecretPost() {
        cli.env("ETL_SECRET", "s3cret");

        CliRunner.Run run = clientCredentials("--client-secret-env", "ETL_SECRET", "--secret-in-body");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("Logged in with client credentials as the run-as user 005000000000001AAA");
        FakeServer.Request r = server.requests("POST", TOKEN_PATH).get(0);
        assertThat(r.authorization()).isNull();
        assertThat(r.form()).containsExactly(java.util.Map.entry("grant_type", "client_credentials"),
                java.util.Map.entry("client_id", "3MVG9key"), java.util.Map.entry("client_secret", "s3cret"));
    }

    @Test
    void whenClientCredentialsWithKeyThenSignedClientAssertionForTheTokenEndpoint() throws Exception {
        CliRunner.Run run = clientCredentials("--key", "keys/private-key.pem", "--json");

        assertThat(run.exitCode()).isZero();
        FakeServer.Request r = server.requests("POST", TOKEN_PATH).get(0);
        assertThat(r.form().get("client_assertion_type"))
                .isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(r.form().get("client_assertion"));
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("3MVG9key");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("3MVG9key");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(server.url() + TOKEN_PATH);
        assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                (java.security.interfaces.RSAPublicKey) KEY.certificate().getPublicKey()))).isTrue();
        JsonNode session = CliRunner.json(CliRunner.read(cli.sessionFile()));
        assertThat(session.get("authMethod").asText()).isEqualTo("PRIVATE_KEY_JWT");
        assertThat(session.get("keyFile").asText()).isEqualTo(dir.resolve("keys/private-key.pem").toString());
    }

    @Test
    void whenSecretVariableIsUnsetThenClearErrorAndNoRequest() {
        CliRunner.Run run = clientCredentials("--client-secret-env", "NOT_SET");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: the environment variable NOT_SET holds no consumer secret");
        assertThat(server.requests()).isEmpty();
        assertThat(cli.sessionFile()).doesNotExist();
    }

    @Test
    void whenClientCredentialsRefusedThenOneLineWithTheOAuthErrorAndStatus() {
        cli.env("ETL_SECRET", "wrong");
        server.route("POST", TOKEN_PATH, r -> new FakeServer.Reply(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}"));

        CliRunner.Run run = clientCredentials("--client-secret-env", "ETL_SECRET");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "error: invalid_client: invalid client credentials (HTTP 401)");
        assertThat(cli.sessionFile()).doesNotExist();
    }

    @Test
    void whenClientCredentialsSessionIsRefusedThenTheCliLogsInAgainWithTheSecretFromTheEnvironment() {
        cli.env("ETL_SECRET", "s3cret");
        clientCredentials("--client-secret-env", "ETL_SECRET");
        server.route("GET", API + "limits", r -> "Bearer 00D000000000001!tok1".equals(r.authorization())
                ? new FakeServer.Reply(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]")
                : new FakeServer.Reply(200, "{\"DailyApiRequests\":{\"Max\":15000}}"));

        CliRunner.Run run = cli.run("api", "GET", "limits", "--json");

        assertThat(run.exitCode()).isZero();
        List<FakeServer.Request> tokenCalls = server.requests("POST", TOKEN_PATH);
        assertThat(tokenCalls).hasSize(2);
        assertThat(tokenCalls.get(1).form()).containsExactly(java.util.Map.entry("grant_type", "client_credentials"));
        JsonNode session = CliRunner.json(CliRunner.read(cli.sessionFile()));
        assertThat(session.get("accessToken").asText()).isEqualTo("00D000000000001!tok2");
        assertThat(session.get("flow").asText()).isEqualTo("client-credentials");
    }

    @Test
    void whenNoSessionExistsThenApiSaysHowToLogIn() {
        CliRunner.Run run = cli.run("api", "GET", "limits");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no saved session at " + cli.sessionFile())
                .contains("userbound login jwt");
        assertThat(run.err().lines()).hasSize(1);
    }
}
