package io.userbound.cli;

import io.userbound.client.FakeServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin commands against a fake admin HTTP surface that records what they send. */
class AdminCommandsTest {

    private static final String API = "/services/data/v66.0/";
    private static final KeyAndCertificate ADMIN_KEY = SelfSignedCertificates.create("CN=userbound-cli", 1);
    private static final KeyAndCertificate APP_KEY = SelfSignedCertificates.create("CN=etl", 1);
    private static final String USER_ID = "005000000000002AAA";
    private static final String PROFILE_ID = "00e000000000001AAA";
    private static final String PERMSET_ID = "0PS000000000001AAA";
    private static final String APP_ID = "0H4000000000001AAA";

    @TempDir
    Path dir;

    private FakeServer server;
    private CliRunner cli;

    @BeforeEach
    void setUp() throws Exception {
        ADMIN_KEY.writeTo(dir.resolve("data"));
        cli = new CliRunner(dir);
        server = new FakeServer();
        Files.writeString(dir.resolve("data/cli-profile.json"), "{\"serverUrl\":\"" + server.url()
                + "\",\"consumerKey\":\"CLIKEY\",\"username\":\"admin@userbound.local\",\"keyFile\":\""
                + dir.resolve("data/private-key.pem") + "\"}");
        server.route("POST", "/services/oauth2/token", r -> reply(200, "{\"access_token\":\"00D000000000001!admin\","
                        + "\"instance_url\":\"" + server.url() + "\",\"id\":\"" + server.url()
                        + "/id/00D000000000001EAA/005000000000001AAA\",\"token_type\":\"Bearer\"}"))
                .route("GET", API + "sobjects/User/Username/etl@acme.test",
                        r -> reply(200, "{\"Id\":\"" + USER_ID + "\",\"Username\":\"etl@acme.test\"}"))
                .route("GET", API + "sobjects/Profile/Name/Minimum Access - API Only Integrations",
                        r -> reply(200, "{\"Id\":\"" + PROFILE_ID + "\"}"))
                .route("GET", API + "sobjects/PermissionSet/Name/Etl_Api",
                        r -> reply(200, "{\"Id\":\"" + PERMSET_ID + "\"}"))
                .route("GET", API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY", r -> reply(200,
                        "{\"Id\":\"" + APP_ID + "\",\"Name\":\"Nightly ETL\",\"ConsumerKey\":\"APPKEY\","
                                + "\"PermittedUsersPolicy\":\"admin-approved\",\"Scopes\":[\"api\",\"id\"],"
                                + "\"Certificates\":[{\"Id\":\"0P1000000000001AAA\",\"Thumbprint\":\""
                                + APP_KEY.thumbprint() + "\",\"Subject\":\"CN=etl\",\"NotAfter\":"
                                + "\"2027-01-01T00:00:00.000+0000\",\"IsActive\":true,\"LastUsedDate\":null}]}"))
                .route("POST", API + "sobjects/User", r -> created("005000000000009AAA"))
                .route("PATCH", API + "sobjects/User/" + USER_ID, r -> reply(204, ""))
                .route("POST", API + "sobjects/PermissionSet", r -> created("0PS000000000009AAA"))
                .route("POST", API + "sobjects/PermissionSetAssignment", r -> created("0Pa000000000009AAA"))
                .route("POST", API + "sobjects/ConnectedApplication", r -> reply(201,
                        "{\"id\":\"0H4000000000009AAA\",\"success\":true,\"errors\":[],\"consumerKey\":\"NEWKEY\","
                                + "\"consumerSecret\":\"NEWSECRET\"}"))
                .route("POST", API + "sobjects/ConnectedApplication/" + APP_ID + "/certificates", r -> reply(201,
                        "{\"id\":\"0P1000000000009AAA\",\"success\":true,\"errors\":[],\"thumbprint\":\""
                                + APP_KEY.thumbprint() + "\",\"subject\":\"CN=etl\",\"notBefore\":\"x\","
                                + "\"notAfter\":\"2027-01-01T00:00:00.000+0000\"}"))
                .route("DELETE", API + "sobjects/ConnectedApplication/" + APP_ID + "/certificates/"
                        + APP_KEY.thumbprint(), r -> reply(204, ""))
                .route("POST", API + "sobjects/SetupEntityAccess", r -> created("0J0000000000009AAA"))
                .route("PATCH", API + "sobjects/ConnectedApplication/" + APP_ID, r -> reply(204, ""))
                .route("POST", API + "sobjects/ConnectedApplication/" + APP_ID + "/rotateSecret", r -> reply(200,
                        "{\"id\":\"" + APP_ID + "\",\"consumerKey\":\"APPKEY\",\"consumerSecret\":\"ROTATED\","
                                + "\"previousSecretExpires\":" + (r.body().contains("\"OverlapSeconds\":0")
                                        ? "null" : "\"2026-11-29T18:00:00.000+0000\"") + "}"))
                .route("POST", API + "sobjects/ConnectedApplication/" + APP_ID + "/revokeSecret", r -> reply(200,
                        "{\"id\":\"" + APP_ID + "\",\"previousSecretRevoked\":true}"))
                .route("POST", API + "sobjects/ConnectedApplication/" + APP_ID + "/approvals",
                        r -> created("0CQ000000000009AAA"))
                .route("GET", API + "userbound/loginHistory", r -> reply(200, "{\"totalSize\":1,\"done\":true,"
                        + "\"records\":[{\"Id\":\"0Ya000000000001AAA\",\"Username\":\"etl@acme.test\","
                        + "\"LoginTime\":\"2026-11-28T18:00:00.000+0000\",\"Status\":\"Success\","
                        + "\"LoginSubType\":\"JWT Bearer\",\"Application\":\"Nightly ETL\",\"SourceIp\":\"127.0.0.1\"}]}"))
                .route("GET", API + "userbound/setupAuditTrail", r -> reply(200, "{\"totalSize\":1,\"done\":true,"
                        + "\"records\":[{\"Id\":\"0Ym000000000001AAA\",\"Action\":\"PermSetCreate\","
                        + "\"Section\":\"Manage Users\",\"Display\":\"Created permission set Etl_Api\","
                        + "\"CreatedById\":\"005000000000001AAA\",\"CreatedDate\":\"2026-11-28T18:00:00.000+0000\"}]}"));
        Files.writeString(dir.resolve("etl-cert.pem"), PemKeys.toPem(APP_KEY.certificate()));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static FakeServer.Reply reply(int status, String body) {
        return new FakeServer.Reply(status, body);
    }

    private static FakeServer.Reply created(String id) {
        return reply(201, "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}");
    }

    /** The requests after the token request, as "METHOD path". */
    private List<String> apiCalls() {
        return server.requests().stream().filter(r -> !r.path().equals("/services/oauth2/token"))
                .map(r -> r.method() + " " + r.path()).toList();
    }

    private FakeServer.Request last() {
        List<FakeServer.Request> all = server.requests();
        return all.get(all.size() - 1);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("admin users create --username new@acme.test --last-name ETL --first-name Nightly "
                                + "--email ops@acme.test --type integration "
                                + "--profile=Minimum Access - API Only Integrations",
                        List.of("GET " + API + "sobjects/Profile/Name/Minimum Access - API Only Integrations",
                                "POST " + API + "sobjects/User"),
                        "{\"Username\":\"new@acme.test\",\"LastName\":\"ETL\",\"FirstName\":\"Nightly\","
                                + "\"Email\":\"ops@acme.test\",\"UserType\":\"integration\",\"ProfileId\":\""
                                + PROFILE_ID + "\"}",
                        "{\"id\":\"005000000000009AAA\",\"username\":\"new@acme.test\"}"),
                Arguments.of("admin users create --username new@acme.test --last-name ETL",
                        List.of("POST " + API + "sobjects/User"),
                        "{\"Username\":\"new@acme.test\",\"LastName\":\"ETL\"}",
                        "{\"id\":\"005000000000009AAA\",\"username\":\"new@acme.test\"}"),
                Arguments.of("admin users deactivate --username etl@acme.test",
                        List.of("GET " + API + "sobjects/User/Username/etl@acme.test",
                                "PATCH " + API + "sobjects/User/" + USER_ID),
                        "{\"IsActive\":false}",
                        "{\"id\":\"" + USER_ID + "\",\"username\":\"etl@acme.test\",\"active\":false}"),
                Arguments.of("admin users activate --username etl@acme.test",
                        List.of("GET " + API + "sobjects/User/Username/etl@acme.test",
                                "PATCH " + API + "sobjects/User/" + USER_ID),
                        "{\"IsActive\":true}",
                        "{\"id\":\"" + USER_ID + "\",\"username\":\"etl@acme.test\",\"active\":true}"),
                Arguments.of("admin permsets create --name Etl_Api --label ETL_API --permission ApiEnabled "
                                + "--permission PermissionsViewSetup",
                        List.of("POST " + API + "sobjects/PermissionSet"),
                        "{\"Name\":\"Etl_Api\",\"Label\":\"ETL_API\",\"PermissionsApiEnabled\":true,"
                                + "\"PermissionsViewSetup\":true}",
                        "{\"id\":\"0PS000000000009AAA\",\"name\":\"Etl_Api\"}"),
                Arguments.of("admin permsets assign --name Etl_Api --username etl@acme.test",
                        List.of("GET " + API + "sobjects/PermissionSet/Name/Etl_Api",
                                "GET " + API + "sobjects/User/Username/etl@acme.test",
                                "POST " + API + "sobjects/PermissionSetAssignment"),
                        "{\"AssigneeId\":\"" + USER_ID + "\",\"PermissionSetId\":\"" + PERMSET_ID + "\"}",
                        "{\"id\":\"0Pa000000000009AAA\",\"permissionSetId\":\"" + PERMSET_ID + "\",\"assigneeId\":\""
                                + USER_ID + "\"}"),
                Arguments.of("admin apps create --name Nightly --policy self-authorize",
                        List.of("POST " + API + "sobjects/ConnectedApplication"),
                        "{\"Name\":\"Nightly\",\"PermittedUsersPolicy\":\"self-authorize\"}",
                        "{\"id\":\"0H4000000000009AAA\",\"consumerKey\":\"NEWKEY\",\"consumerSecret\":\"NEWSECRET\"}"),
                Arguments.of("admin apps remove-cert --app APPKEY --thumbprint " + APP_KEY.thumbprint().toUpperCase(),
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "DELETE " + API + "sobjects/ConnectedApplication/" + APP_ID + "/certificates/"
                                        + APP_KEY.thumbprint()),
                        null,
                        "{\"appId\":\"" + APP_ID + "\",\"thumbprint\":\"" + APP_KEY.thumbprint() + "\","
                                + "\"removed\":true}"),
                Arguments.of("admin apps grant --app APPKEY --permset Etl_Api",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "GET " + API + "sobjects/PermissionSet/Name/Etl_Api",
                                "POST " + API + "sobjects/SetupEntityAccess"),
                        "{\"ParentId\":\"" + PERMSET_ID + "\",\"SetupEntityId\":\"" + APP_ID + "\"}",
                        "{\"id\":\"0J0000000000009AAA\"}"),
                Arguments.of("admin apps grant --app APPKEY --profile=Minimum Access - API Only Integrations",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "GET " + API + "sobjects/Profile/Name/Minimum Access - API Only Integrations",
                                "POST " + API + "sobjects/SetupEntityAccess"),
                        "{\"ParentId\":\"" + PROFILE_ID + "\",\"SetupEntityId\":\"" + APP_ID + "\"}",
                        "{\"id\":\"0J0000000000009AAA\"}"),
                Arguments.of("admin apps client-credentials --app APPKEY --run-as etl@acme.test",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "GET " + API + "sobjects/User/Username/etl@acme.test",
                                "PATCH " + API + "sobjects/ConnectedApplication/" + APP_ID),
                        "{\"ClientCredentialsEnabled\":true,\"RunAsUserId\":\"" + USER_ID + "\"}",
                        "{\"id\":\"" + APP_ID + "\",\"clientCredentialsEnabled\":true,\"runAsUserId\":\"" + USER_ID
                                + "\",\"runAs\":\"etl@acme.test\"}"),
                Arguments.of("admin apps client-credentials --app APPKEY --disable",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "PATCH " + API + "sobjects/ConnectedApplication/" + APP_ID),
                        "{\"ClientCredentialsEnabled\":false}",
                        "{\"id\":\"" + APP_ID + "\",\"clientCredentialsEnabled\":false}"),
                Arguments.of("admin apps rotate-secret --app APPKEY --overlap-hours 2",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "POST " + API + "sobjects/ConnectedApplication/" + APP_ID + "/rotateSecret"),
                        "{\"OverlapSeconds\":7200}",
                        "{\"consumerKey\":\"APPKEY\",\"consumerSecret\":\"ROTATED\","
                                + "\"previousSecretExpires\":\"2026-11-29T18:00:00.000+0000\"}"),
                Arguments.of("admin apps rotate-secret --app APPKEY --overlap-hours 0",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "POST " + API + "sobjects/ConnectedApplication/" + APP_ID + "/rotateSecret"),
                        "{\"OverlapSeconds\":0}",
                        "{\"consumerKey\":\"APPKEY\",\"consumerSecret\":\"ROTATED\",\"previousSecretExpires\":null}"),
                Arguments.of("admin apps rotate-secret --app APPKEY",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "POST " + API + "sobjects/ConnectedApplication/" + APP_ID + "/rotateSecret"),
                        "{}",
                        "{\"consumerKey\":\"APPKEY\",\"consumerSecret\":\"ROTATED\","
                                + "\"previousSecretExpires\":\"2026-11-29T18:00:00.000+0000\"}"),
                Arguments.of("admin apps revoke-secret --app APPKEY",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "POST " + API + "sobjects/ConnectedApplication/" + APP_ID + "/revokeSecret"),
                        "{}",
                        "{\"id\":\"" + APP_ID + "\",\"consumerKey\":\"APPKEY\",\"previousSecretRevoked\":true}"),
                Arguments.of("admin apps approve --app APPKEY --username etl@acme.test",
                        List.of("GET " + API + "sobjects/ConnectedApplication/ConsumerKey/APPKEY",
                                "GET " + API + "sobjects/User/Username/etl@acme.test",
                                "POST " + API + "sobjects/ConnectedApplication/" + APP_ID + "/approvals"),
                        "{\"UserId\":\"" + USER_ID + "\"}",
                        "{\"id\":\"0CQ000000000009AAA\"}"));
    }

    /** Splits on spaces, except inside an {@code --option=value} whose value has spaces (the test table's form). */
    private static String[] argv(String line) {
        int eq = line.indexOf("--profile=");
        if (eq < 0) {
            return line.split(" ");
        }
        List<String> out = new java.util.ArrayList<>(List.of(line.substring(0, eq).strip().split(" ")));
        out.add(line.substring(eq));
        return out.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void whenAdminCommandRunsThenItSendsTheDocumentedRequestsAndPrintsItsJsonShape(String line,
            List<String> calls, String body, String output) {
        List<String> args = new java.util.ArrayList<>(List.of(argv(line)));
        args.addAll(List.of("--data", "data", "--json"));

        CliRunner.Run run = cli.run(args.toArray(String[]::new));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).isEqualTo(CliRunner.json(output));
        assertThat(apiCalls()).containsExactlyElementsOf(calls);
        if (body != null) {
            assertThat(CliRunner.json(last().body())).isEqualTo(CliRunner.json(body));
            assertThat(last().contentType()).isEqualTo("application/json");
        }
        assertThat(server.requests()).filteredOn(r -> !r.path().endsWith("/token"))
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer 00D000000000001!admin"));
    }

    @Test
    void whenAdminLogsInThenTheProfileAppUserAndKeyAreUsed() throws Exception {
        CliRunner.Run run = cli.run("admin", "users", "activate", "--username", "etl@acme.test", "--data", "data");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("Activated user etl@acme.test (" + USER_ID + ")");
        FakeServer.Request token = server.requests("POST", "/services/oauth2/token").get(0);
        SignedJWT assertion = SignedJWT.parse(token.form().get("assertion"));
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("CLIKEY");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("admin@userbound.local");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(server.url());
        assertThat(assertion.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                (java.security.interfaces.RSAPublicKey) ADMIN_KEY.certificate().getPublicKey()))).isTrue();
    }

    @Test
    void whenAppIsCreatedWithACertificateThenThePemIsSentAndTheSecretShownOnce() {
        CliRunner.Run run = cli.run("admin", "apps", "create", "--name", "Nightly ETL", "--cert", "etl-cert.pem",
                "--data", "data");

        assertThat(run.exitCode()).isZero();
        JsonNode body = CliRunner.json(last().body());
        assertThat(body.get("Name").asText()).isEqualTo("Nightly ETL");
        assertThat(PemKeys.parseCertificate(body.get("Certificate").asText())).isEqualTo(APP_KEY.certificate());
        assertThat(run.out()).contains("Consumer key:    NEWKEY").contains("Consumer secret: NEWSECRET")
                .contains("shown only this once");
    }

    @Test
    void whenSecretIsRotatedWithoutJsonThenTheSecretIsShownOnceWithTheOverlap() {
        CliRunner.Run run = cli.run("admin", "apps", "rotate-secret", "--app", "APPKEY", "--data", "data");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Consumer secret: ROTATED")
                .contains("The previous secret works until 2026-11-29T18:00:00.000+0000")
                .contains("shown only this once");
    }

    @Test
    void whenCertificateIsAddedThenThePemIsPostedToTheApp() {
        CliRunner.Run run = cli.run("admin", "apps", "add-cert", "--app", "APPKEY", "--cert", "etl-cert.pem",
                "--data", "data", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).isEqualTo(CliRunner.json("{\"id\":\"0P1000000000009AAA\",\"thumbprint\":\""
                + APP_KEY.thumbprint() + "\",\"notAfter\":\"2027-01-01T00:00:00.000+0000\"}"));
        assertThat(last().path()).isEqualTo(API + "sobjects/ConnectedApplication/" + APP_ID + "/certificates");
        assertThat(PemKeys.parseCertificate(CliRunner.json(last().body()).get("Certificate").asText()))
                .isEqualTo(APP_KEY.certificate());
    }

    @Test
    void whenCertificateFileIsNotACertificateThenNothingIsSent() {
        CliRunner.Run run = cli.run("admin", "apps", "add-cert", "--app", "APPKEY", "--cert",
                "data/private-key.pem", "--data", "data");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: no PEM certificate found in ");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenAppIsShownThenJsonIsTheRecordAndTextListsCertificates() {
        CliRunner.Run json = cli.run("admin", "apps", "show", "--app", "APPKEY", "--data", "data", "--json");
        CliRunner.Run text = cli.run("admin", "apps", "show", "--app", "APPKEY", "--data", "data");

        assertThat(json.json().get("Id").asText()).isEqualTo(APP_ID);
        assertThat(json.json().get("Certificates").get(0).get("Thumbprint").asText()).isEqualTo(APP_KEY.thumbprint());
        assertThat(text.out()).contains("Name:         Nightly ETL").contains("Scopes:       api id")
                .contains("Client creds: disabled").doesNotContain("Old secret")
                .contains("THUMBPRINT").contains(APP_KEY.thumbprint());
    }

    @Test
    void whenLoginHistoryIsAskedThenQueryCarriesFiltersAndOutputIsTableOrJson() {
        CliRunner.Run json = cli.run("admin", "login-history", "--username", "etl+1@acme.test", "--limit", "5",
                "--data", "data", "--json");
        FakeServer.Request request = last();
        CliRunner.Run text = cli.run("admin", "login-history", "--data", "data");

        assertThat(request.query()).isEqualTo("username=etl%2B1%40acme.test&limit=5");
        assertThat(json.json().fieldNames()).toIterable().containsExactly("totalSize", "records");
        assertThat(json.json().get("totalSize").asInt()).isEqualTo(1);
        assertThat(json.json().get("records").get(0).get("Status").asText()).isEqualTo("Success");
        assertThat(last().query()).isNull();
        assertThat(text.out().lines().toList()).hasSize(2);
        assertThat(text.out().lines().findFirst().orElseThrow())
                .startsWith("TIME").contains("USERNAME").contains("STATUS");
        assertThat(text.out()).contains("etl@acme.test").contains("JWT Bearer");
    }

    @Test
    void whenAuditTrailIsAskedThenTableOrJson() {
        CliRunner.Run json = cli.run("admin", "audit-trail", "--limit", "10", "--data", "data", "--json");
        assertThat(last().query()).isEqualTo("limit=10");
        CliRunner.Run text = cli.run("admin", "audit-trail", "--data", "data");

        assertThat(json.json().get("records").get(0).get("Action").asText()).isEqualTo("PermSetCreate");
        assertThat(text.out()).contains("PermSetCreate").contains("Created permission set Etl_Api");
    }

    @Test
    void whenTheAuditIsIntactThenVerifySaysSoAndExitsZero() {
        server.route("GET", API + "userbound/audit/verify", r -> reply(200, "{\"intact\":true,\"rows\":"
                + "{\"LoginHistory\":12,\"SetupAuditTrail\":3,\"FieldHistory\":0},\"chains\":2,\"checkpoints\":4,"
                + "\"purges\":0,\"problemCount\":0,\"problems\":[]}"));

        CliRunner.Run text = cli.run("admin", "audit", "verify", "--data", "data");
        CliRunner.Run json = cli.run("admin", "audit", "verify", "--data", "data", "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out().strip()).isEqualTo("Audit intact: 12 LoginHistory, 3 setup audit and 0 field history "
                + "rows in 2 chain(s), 4 checkpoint(s), 0 purge(s).");
        assertThat(json.exitCode()).isZero();
        assertThat(json.json().get("intact").asBoolean()).isTrue();
        assertThat(json.json().get("rows").get("LoginHistory").asInt()).isEqualTo(12);
    }

    @Test
    void whenTheAuditWasAlteredThenVerifyNamesTheFirstRowAndExitsThree() {
        server.route("GET", API + "userbound/audit/verify", r -> reply(200, "{\"intact\":false,\"rows\":"
                + "{\"LoginHistory\":12,\"SetupAuditTrail\":3,\"FieldHistory\":0},\"chains\":1,\"checkpoints\":2,"
                + "\"purges\":0,\"problemCount\":2,\"problems\":[{\"kind\":\"altered\",\"table\":\"LoginHistory\","
                + "\"id\":\"0Ya000000000007AAA\",\"chain\":\"c1\",\"seq\":7,\"detail\":\"the row's content does not "
                + "match its MAC\"},{\"kind\":\"deleted\",\"table\":\"SetupAuditTrail\",\"id\":null,\"chain\":\"c1\","
                + "\"seq\":2,\"detail\":\"row number 2 of the chain is gone\"}]}"));

        CliRunner.Run text = cli.run("admin", "audit", "verify", "--data", "data");
        CliRunner.Run json = cli.run("admin", "audit", "verify", "--data", "data", "--json");

        assertThat(text.exitCode()).isEqualTo(Userbound.EXIT_TAMPERED);
        assertThat(text.out()).startsWith("AUDIT ALTERED: 2 problem(s)")
                .contains("First: altered LoginHistory row 0Ya000000000007AAA (chain c1, number 7)")
                .contains("row number 2 of the chain is gone");
        assertThat(json.exitCode()).isEqualTo(Userbound.EXIT_TAMPERED);
        assertThat(json.json().get("problems").get(0).get("id").asText()).isEqualTo("0Ya000000000007AAA");
    }

    @Test
    void whenTheVerifyReplyHasNoVerdictThenItIsAnErrorNotATamperReport() {
        server.route("GET", API + "userbound/audit/verify", r -> reply(200, "{\"rows\":{}}"));

        CliRunner.Run run = cli.run("admin", "audit", "verify", "--data", "data");

        assertThat(run.exitCode()).isEqualTo(Userbound.EXIT_ERROR);
        assertThat(run.err()).contains("no \"intact\" verdict");
    }

    @Test
    void whenAReportedIdHoldsTerminalControlsThenTheyArePrintedAsEscapes() {
        server.route("GET", API + "userbound/audit/verify", r -> reply(200, "{\"intact\":false,\"rows\":{},"
                + "\"problemCount\":1,\"problems\":[{\"kind\":\"inserted\",\"table\":\"LoginHistory\","
                + "\"id\":\"x\\u001b[2K\\rAudit intact\",\"chain\":null,\"seq\":0,\"detail\":\"d\"}]}"));

        CliRunner.Run run = cli.run("admin", "audit", "verify", "--data", "data");

        assertThat(run.exitCode()).isEqualTo(Userbound.EXIT_TAMPERED);
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\r").contains("x\\u001b[2K\\u000dAudit intact");
    }

    @Test
    void whenLookupFindsNothingThenOneLineNamesWhatWasMissing() {
        CliRunner.Run run = cli.run("admin", "users", "deactivate", "--username", "ghost@acme.test", "--data", "data");
        CliRunner.Run json = cli.run("admin", "users", "deactivate", "--username", "ghost@acme.test", "--data", "data",
                "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("error: no user with username 'ghost@acme.test'");
        assertThat(json.json().get("name").asText()).isEqualTo("NOT_FOUND");
        assertThat(apiCalls()).doesNotContain("PATCH " + API + "sobjects/User/" + USER_ID);
    }

    @Test
    void whenServerRefusesThenCodeMessageAndStatusAreReported() {
        server.route("POST", API + "sobjects/PermissionSet", r -> reply(403,
                "[{\"message\":\"insufficient access rights: ManageUsers required\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]"));

        CliRunner.Run run = cli.run("admin", "permsets", "create", "--name", "X", "--data", "data");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "error: INSUFFICIENT_ACCESS: insufficient access rights: ManageUsers required (HTTP 403)");
    }

    @Test
    void whenProfileIsMissingThenTheErrorSaysHowToCreateIt() {
        CliRunner.Run run = cli.run("admin", "audit-trail", "--data", "elsewhere", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("name").asText()).isEqualTo("NoProfile");
        assertThat(run.json().get("message").asText()).contains("no CLI profile at " + dir.resolve("elsewhere")
                .resolve("cli-profile.json")).contains("userbound serve --data");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whenProfileLacksMembersThenTheyAreNamed() throws Exception {
        Files.writeString(dir.resolve("data/cli-profile.json"), "{\"serverUrl\":\"" + server.url() + "\"}");

        CliRunner.Run run = cli.run("admin", "audit-trail", "--data", "data");

        assertThat(run.err().strip()).endsWith("lacks consumerKey, username, keyFile");
    }
}
