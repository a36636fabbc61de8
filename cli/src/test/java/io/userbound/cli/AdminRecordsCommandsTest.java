package io.userbound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.client.FakeServer;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The record admin commands (objects, fields, roles, access, user roles) against a fake admin HTTP surface. */
class AdminRecordsCommandsTest {

    private static final String API = "/services/data/v66.0/";
    private static final KeyAndCertificate ADMIN_KEY = SelfSignedCertificates.create("CN=userbound-cli", 1);

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
                .route("POST", API + "userbound/objects", r -> reply(201, "{\"id\":\"01I000000000001AAA\","
                        + "\"success\":true,\"errors\":[],\"name\":\"Invoice__c\",\"keyPrefix\":\"a00\"}"))
                .route("PATCH", API + "userbound/objects/Invoice__c", r -> reply(204, ""))
                .route("GET", API + "userbound/objects", r -> reply(200, "{\"totalSize\":2,\"done\":true,\"records\":["
                        + "{\"Id\":null,\"Name\":\"Account\",\"Label\":\"Account\",\"KeyPrefix\":\"001\","
                        + "\"Custom\":false,\"SharingModel\":\"public-read-write\"},"
                        + "{\"Id\":\"01I000000000001AAA\",\"Name\":\"Invoice__c\",\"Label\":\"Invoice\","
                        + "\"KeyPrefix\":\"a00\",\"Custom\":true,\"SharingModel\":\"private\"}]}"))
                .route("GET", API + "userbound/objects/Invoice__c", r -> reply(200, "{\"Id\":\"01I000000000001AAA\","
                        + "\"Name\":\"Invoice__c\",\"Label\":\"Invoice\",\"KeyPrefix\":\"a00\",\"Custom\":true,"
                        + "\"SharingModel\":\"private\",\"Fields\":[{\"Name\":\"Id\",\"Type\":\"id\",\"Kind\":"
                        + "\"system\",\"Required\":false},{\"Name\":\"Amount__c\",\"Type\":\"currency\",\"Kind\":"
                        + "\"data\",\"Required\":true,\"TrackHistory\":true}]}"))
                .route("POST", API + "userbound/objects/Invoice__c/fields", r -> reply(201,
                        "{\"id\":\"00N000000000001AAA\",\"success\":true,\"errors\":[],\"name\":\"Amount__c\"}"))
                .route("PATCH", API + "userbound/objects/Invoice__c/fields/Amount__c", r -> reply(204, ""))
                .route("PUT", API + "userbound/permissionSets/Billing/objectPermissions/Invoice__c", r -> reply(200,
                        "{\"Id\":\"110000000000001AAA\",\"SobjectType\":\"Invoice__c\",\"PermissionsRead\":true,"
                                + "\"PermissionsCreate\":true,\"PermissionsEdit\":true,\"PermissionsDelete\":false,"
                                + "\"PermissionsViewAllRecords\":false,\"PermissionsModifyAllRecords\":false}"))
                .route("PUT", API + "userbound/permissionSets/Billing/fieldPermissions/Invoice__c/Amount__c",
                        r -> reply(200, "{\"Id\":\"01k000000000001AAA\",\"Field\":\"Invoice__c.Amount__c\","
                                + "\"PermissionsRead\":true,\"PermissionsEdit\":" + r.body().contains("Edit") + "}"))
                .route("POST", API + "userbound/roles", r -> reply(201,
                        "{\"id\":\"00E000000000002AAA\",\"success\":true,\"errors\":[]}"))
                .route("GET", API + "userbound/roles", r -> reply(200, "{\"totalSize\":2,\"done\":true,\"records\":["
                        + "{\"Id\":\"00E000000000001AAA\",\"Name\":\"CEO\",\"ParentRoleId\":null},"
                        + "{\"Id\":\"00E000000000002AAA\",\"Name\":\"Sales\",\"ParentRoleId\":\"00E000000000001AAA\"}"
                        + "]}"))
                .route("PUT", API + "userbound/users/etl@acme.test/role", r -> reply(200, r.body().contains("null")
                        ? "{\"UserId\":\"005000000000002AAA\",\"Username\":\"etl@acme.test\",\"UserRoleId\":null,"
                                + "\"RoleName\":null}"
                        : "{\"UserId\":\"005000000000002AAA\",\"Username\":\"etl@acme.test\","
                                + "\"UserRoleId\":\"00E000000000002AAA\",\"RoleName\":\"Sales\"}"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static FakeServer.Reply reply(int status, String body) {
        return new FakeServer.Reply(status, body);
    }

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
                Arguments.of("admin objects create --name Invoice__c --label Invoice --plural-label Invoices "
                                + "--sharing private",
                        "POST " + API + "userbound/objects",
                        "{\"Name\":\"Invoice__c\",\"Label\":\"Invoice\",\"PluralLabel\":\"Invoices\","
                                + "\"SharingModel\":\"private\"}",
                        "{\"id\":\"01I000000000001AAA\",\"name\":\"Invoice__c\",\"keyPrefix\":\"a00\"}"),
                Arguments.of("admin objects create --name Invoice__c --label Invoice",
                        "POST " + API + "userbound/objects",
                        "{\"Name\":\"Invoice__c\",\"Label\":\"Invoice\"}",
                        "{\"id\":\"01I000000000001AAA\",\"name\":\"Invoice__c\",\"keyPrefix\":\"a00\"}"),
                Arguments.of("admin objects sharing --object Invoice__c --default public-read",
                        "PATCH " + API + "userbound/objects/Invoice__c",
                        "{\"SharingModel\":\"public-read\"}",
                        "{\"object\":\"Invoice__c\",\"sharingModel\":\"public-read\"}"),
                Arguments.of("admin fields create --object Invoice__c --name Amount__c --type currency --required "
                                + "--unique --precision 12 --scale 2 --label Amount --default 0",
                        "POST " + API + "userbound/objects/Invoice__c/fields",
                        "{\"Name\":\"Amount__c\",\"Type\":\"currency\",\"Label\":\"Amount\",\"Required\":true,"
                                + "\"Unique\":true,\"Precision\":12,\"Scale\":2,\"DefaultValue\":\"0\"}",
                        "{\"id\":\"00N000000000001AAA\",\"object\":\"Invoice__c\",\"name\":\"Amount__c\"}"),
                Arguments.of("admin fields create --object Invoice__c --name Amount__c --type picklist "
                                + "--values a,b,c --length 10",
                        "POST " + API + "userbound/objects/Invoice__c/fields",
                        "{\"Name\":\"Amount__c\",\"Type\":\"picklist\",\"Length\":10,"
                                + "\"PicklistValues\":[\"a\",\"b\",\"c\"]}",
                        "{\"id\":\"00N000000000001AAA\",\"object\":\"Invoice__c\",\"name\":\"Amount__c\"}"),
                Arguments.of("admin fields create --object Invoice__c --name Amount__c --type lookup "
                                + "--reference-to Account",
                        "POST " + API + "userbound/objects/Invoice__c/fields",
                        "{\"Name\":\"Amount__c\",\"Type\":\"lookup\",\"ReferenceTo\":\"Account\"}",
                        "{\"id\":\"00N000000000001AAA\",\"object\":\"Invoice__c\",\"name\":\"Amount__c\"}"),
                Arguments.of("admin fields track --object Invoice__c --field Amount__c",
                        "PATCH " + API + "userbound/objects/Invoice__c/fields/Amount__c",
                        "{\"TrackHistory\":true}",
                        "{\"object\":\"Invoice__c\",\"field\":\"Amount__c\",\"tracked\":true}"),
                Arguments.of("admin fields track --object Invoice__c --field Amount__c --off",
                        "PATCH " + API + "userbound/objects/Invoice__c/fields/Amount__c",
                        "{\"TrackHistory\":false}",
                        "{\"object\":\"Invoice__c\",\"field\":\"Amount__c\",\"tracked\":false}"),
                Arguments.of("admin permsets object-access --name Billing --object Invoice__c --access read,create,"
                                + "edit",
                        "PUT " + API + "userbound/permissionSets/Billing/objectPermissions/Invoice__c",
                        "{\"PermissionsRead\":true,\"PermissionsCreate\":true,\"PermissionsEdit\":true}",
                        "{\"id\":\"110000000000001AAA\",\"permissionSet\":\"Billing\",\"object\":\"Invoice__c\","
                                + "\"read\":true,\"create\":true,\"edit\":true,\"delete\":false,\"view-all\":false,"
                                + "\"modify-all\":false}"),
                Arguments.of("admin permsets object-access --name Billing --object Invoice__c --access "
                                + "view-all,modify-all,delete",
                        "PUT " + API + "userbound/permissionSets/Billing/objectPermissions/Invoice__c",
                        "{\"PermissionsViewAllRecords\":true,\"PermissionsModifyAllRecords\":true,"
                                + "\"PermissionsDelete\":true}", null),
                Arguments.of("admin permsets object-access --name Billing --object Invoice__c --access none",
                        "PUT " + API + "userbound/permissionSets/Billing/objectPermissions/Invoice__c", "{}", null),
                Arguments.of("admin permsets field-access --name Billing --field Invoice__c.Amount__c --access edit",
                        "PUT " + API + "userbound/permissionSets/Billing/fieldPermissions/Invoice__c/Amount__c",
                        "{\"PermissionsRead\":true,\"PermissionsEdit\":true}",
                        "{\"id\":\"01k000000000001AAA\",\"permissionSet\":\"Billing\","
                                + "\"field\":\"Invoice__c.Amount__c\",\"access\":\"edit\"}"),
                Arguments.of("admin permsets field-access --name Billing --field Invoice__c.Amount__c --access read",
                        "PUT " + API + "userbound/permissionSets/Billing/fieldPermissions/Invoice__c/Amount__c",
                        "{\"PermissionsRead\":true}",
                        "{\"id\":\"01k000000000001AAA\",\"permissionSet\":\"Billing\","
                                + "\"field\":\"Invoice__c.Amount__c\",\"access\":\"read\"}"),
                Arguments.of("admin roles create --name Sales --parent CEO",
                        "POST " + API + "userbound/roles",
                        "{\"Name\":\"Sales\",\"ParentRoleName\":\"CEO\"}",
                        "{\"id\":\"00E000000000002AAA\",\"name\":\"Sales\",\"parent\":\"CEO\"}"),
                Arguments.of("admin roles create --name CEO",
                        "POST " + API + "userbound/roles", "{\"Name\":\"CEO\"}",
                        "{\"id\":\"00E000000000002AAA\",\"name\":\"CEO\",\"parent\":null}"),
                Arguments.of("admin users set-role --username etl@acme.test --role Sales",
                        "PUT " + API + "userbound/users/etl@acme.test/role", "{\"RoleName\":\"Sales\"}",
                        "{\"userId\":\"005000000000002AAA\",\"username\":\"etl@acme.test\",\"role\":\"Sales\","
                                + "\"roleId\":\"00E000000000002AAA\"}"),
                Arguments.of("admin users set-role --username etl@acme.test --no-role",
                        "PUT " + API + "userbound/users/etl@acme.test/role", "{\"RoleName\":null}",
                        "{\"userId\":\"005000000000002AAA\",\"username\":\"etl@acme.test\",\"role\":null,"
                                + "\"roleId\":null}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void whenRecordAdminCommandRunsThenItSendsTheDocumentedRequestAndPrintsItsJsonShape(String line, String call,
            String body, String output) {
        List<String> args = new ArrayList<>(List.of(line.split(" ")));
        args.addAll(List.of("--data", "data", "--json"));

        CliRunner.Run run = cli.run(args.toArray(String[]::new));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        if (output != null) {
            assertThat(run.json()).isEqualTo(CliRunner.json(output));
        } else {
            assertThat(run.json().isObject()).isTrue();
        }
        assertThat(apiCalls()).containsExactly(call);
        assertThat(CliRunner.json(last().body())).isEqualTo(CliRunner.json(body));
        assertThat(last().contentType()).isEqualTo("application/json");
    }

    @Test
    void whenObjectsListedOrShownThenTextTablesAndJsonRecords() {
        CliRunner.Run list = cli.run("admin", "objects", "list", "--data", "data");
        CliRunner.Run listJson = cli.run("admin", "objects", "list", "--data", "data", "--json");
        CliRunner.Run show = cli.run("admin", "objects", "show", "--object", "Invoice__c", "--data", "data");
        CliRunner.Run showJson = cli.run("admin", "objects", "show", "--object", "Invoice__c", "--data", "data",
                "--json");

        assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("PREFIX", "SHARING");
        assertThat(list.out()).contains("Invoice__c").contains("a00").contains("private");
        assertThat(listJson.json().get("totalSize").asInt()).isEqualTo(2);
        assertThat(listJson.json().get("records").get(1).get("Name").asText()).isEqualTo("Invoice__c");
        assertThat(show.out().lines().findFirst().orElseThrow())
                .isEqualTo("Invoice__c (Invoice, key prefix a00, sharing private)");
        assertThat(show.out()).contains("Amount__c").contains("currency");
        assertThat(showJson.json().get("Fields").get(1).get("TrackHistory").asBoolean()).isTrue();
    }

    @Test
    void whenRolesListedThenParentNamesAreShown() {
        CliRunner.Run run = cli.run("admin", "roles", "list", "--data", "data");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(3);
        assertThat(run.out().lines().filter(l -> l.startsWith("Sales")).findFirst().orElseThrow()).contains("CEO");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("admin permsets object-access --name Billing --object Invoice__c --access read,all",
                        "invalid --access 'read,all'"),
                Arguments.of("admin permsets field-access --name Billing --field Amount__c --access read",
                        "use Object.Field"),
                Arguments.of("admin permsets field-access --name Billing --field Invoice__c.Amount__c --access write",
                        "use read, edit or none"),
                Arguments.of("admin users set-role --username etl@acme.test", "--role"),
                Arguments.of("admin users set-role --username etl@acme.test --role Sales --no-role",
                        "mutually exclusive"),
                Arguments.of("admin objects create --name Invoice__c", "--label"),
                Arguments.of("admin fields create --object Invoice__c --name A__c", "--type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void whenOptionsAreWrongThenUsageErrorAndNothingIsSent(String line, String fragment) {
        CliRunner.Run run = cli.run((line + " --data data").split(" "));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(fragment);
        assertThat(apiCalls()).isEmpty();
    }

    @Test
    void whenServerRefusesThenCodeAndMessageAreReported() {
        server.route("POST", API + "userbound/objects/Invoice__c/fields", r -> reply(400,
                "[{\"message\":\"Invoice__c already tracks 20 fields\",\"errorCode\":\"INVALID_OPERATION\"}]"));
        CliRunner.Run run = cli.run("admin", "fields", "create", "--object", "Invoice__c", "--name", "X__c", "--type",
                "text", "--data", "data");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "error: INVALID_OPERATION: Invoice__c already tracks 20 fields (HTTP 400)");
    }
}
