package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.cli.CliEnvironment;
import io.userbound.cli.Userbound;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's "integration in five commands", driven through the real CLI with {@code --json} against a real
 * server: each command exits 0 and prints exactly one JSON object, the contract scripts rely on.
 */
class CliEndToEndTest extends EndToEndTest {

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return TestServer.JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON object: " + out, e);
            }
        }
    }

    private static Run cli(Path home, String... args) {
        return cli(home, Map.of(), args);
    }

    private static Run cli(Path home, Map<String, String> variables, String... args) {
        Map<String, String> all = new java.util.HashMap<>(variables);
        all.put(CliEnvironment.HOME_VARIABLE, home.toString());
        CliEnvironment env = new CliEnvironment(all, home, home, null);
        CommandLine cl = Userbound.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode ok(Path home, String... args) {
        return ok(home, Map.of(), args);
    }

    private static JsonNode ok(Path home, Map<String, String> variables, String... args) {
        Run run = cli(home, variables, args);
        assertThat(run.exit()).as("exit of %s; stderr: %s", String.join(" ", args), run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.isObject()).isTrue();
        return json;
    }

    @Test
    void whenScriptDrivesTheCliWithJsonThenAnIntegrationLogsInAndIsAudited(@TempDir Path home) {
        String data = server.server.dataDir().toString();
        Path keys = home.resolve("etl");

        JsonNode created = ok(home, "keys", "create", "--out", keys.toString(), "--subject", "CN=nightly-etl",
                "--json");
        assertThat(created.get("thumbprint").asText()).matches("[0-9a-f]{64}");

        JsonNode app = ok(home, "admin", "apps", "create", "--name", "CLI Nightly ETL", "--cert",
                keys.resolve("certificate.pem").toString(), "--data", data, "--json");
        String consumerKey = app.get("consumerKey").asText();
        assertThat(app.get("id").asText()).startsWith("0H4");
        assertThat(app.get("consumerSecret").asText()).isNotBlank();

        JsonNode user = ok(home, "admin", "users", "create", "--username", "cli-etl@acme.test", "--last-name", "ETL",
                "--type", "integration", "--data", data, "--json");
        assertThat(user.get("id").asText()).startsWith("005");
        assertThat(user.get("username").asText()).isEqualTo("cli-etl@acme.test");

        ok(home, "admin", "permsets", "create", "--name", "Cli_Etl_Api", "--permission", "ApiEnabled", "--data", data,
                "--json");
        ok(home, "admin", "permsets", "assign", "--name", "Cli_Etl_Api", "--username", "cli-etl@acme.test", "--data",
                data, "--json");
        ok(home, "admin", "apps", "grant", "--app", consumerKey, "--permset", "Cli_Etl_Api", "--data", data, "--json");

        JsonNode token = ok(home, "login", "jwt", "--login-url", server.baseUrl(), "--client-id", consumerKey,
                "--username", "cli-etl@acme.test", "--key", keys.resolve("private-key.pem").toString(), "--json");
        assertThat(token.get("access_token").asText()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(token.get("instance_url").asText()).isEqualTo(server.baseUrl());

        JsonNode userinfo = ok(home, "api", "GET", "/services/oauth2/userinfo", "--json");
        assertThat(userinfo.get("preferred_username").asText()).isEqualTo("cli-etl@acme.test");

        JsonNode history = ok(home, "admin", "login-history", "--username", "cli-etl@acme.test", "--limit", "5",
                "--data", data, "--json");
        assertThat(history.get("records")).hasSize(1);
        assertThat(history.get("records").get(0).get("Status").asText()).isEqualTo("Success");
        assertThat(history.get("records").get(0).get("Application").asText()).isEqualTo("CLI Nightly ETL");
    }

    @Test
    void whenAdminShapesTheRecordModelThroughTheCliThenEveryChangeIsStoredAndAudited(@TempDir Path home) {
        String data = server.server.dataDir().toString();
        String org = server.server.bootstrapResult().orgId();
        int audits = server.server.store().setupAudit().list(org, 10_000).size();

        JsonNode object = ok(home, "admin", "objects", "create", "--name", "Cli_Invoice__c", "--label", "Invoice",
                "--sharing", "private", "--data", data, "--json");
        assertThat(object.get("id").asText()).startsWith("01I");
        assertThat(object.get("keyPrefix").asText()).matches("a[0-9a-z]{2}");
        JsonNode field = ok(home, "admin", "fields", "create", "--object", "Cli_Invoice__c", "--name", "Amount__c",
                "--type", "currency", "--required", "--data", data, "--json");
        assertThat(field.get("id").asText()).startsWith("00N");
        ok(home, "admin", "fields", "create", "--object", "Cli_Invoice__c", "--name", "Status__c", "--type",
                "picklist", "--values", "Open,Paid", "--default", "Open", "--data", data, "--json");
        ok(home, "admin", "fields", "track", "--object", "Cli_Invoice__c", "--field", "Status__c", "--data", data,
                "--json");
        ok(home, "admin", "objects", "sharing", "--object", "Account", "--default", "public-read", "--data", data,
                "--json");
        ok(home, "admin", "roles", "create", "--name", "Cli CEO", "--data", data, "--json");
        JsonNode role = ok(home, "admin", "roles", "create", "--name", "Cli Sales", "--parent", "Cli CEO", "--data",
                data, "--json");
        ok(home, "admin", "users", "create", "--username", "cli-rep@acme.test", "--last-name", "Rep", "--data", data,
                "--json");
        JsonNode assigned = ok(home, "admin", "users", "set-role", "--username", "cli-rep@acme.test", "--role",
                "Cli Sales", "--data", data, "--json");
        assertThat(assigned.get("roleId").asText()).isEqualTo(role.get("id").asText());
        ok(home, "admin", "permsets", "create", "--name", "Cli_Billing", "--data", data, "--json");
        JsonNode objectAccess = ok(home, "admin", "permsets", "object-access", "--name", "Cli_Billing", "--object",
                "Cli_Invoice__c", "--access", "read,edit", "--data", data, "--json");
        assertThat(objectAccess.get("read").asBoolean()).isTrue();
        assertThat(objectAccess.get("edit").asBoolean()).isTrue();
        assertThat(objectAccess.get("delete").asBoolean()).isFalse();
        JsonNode fieldAccess = ok(home, "admin", "permsets", "field-access", "--name", "Cli_Billing", "--field",
                "Cli_Invoice__c.Status__c", "--access", "read", "--data", data, "--json");
        assertThat(fieldAccess.get("field").asText()).isEqualTo("Cli_Invoice__c.Status__c");
        assertThat(fieldAccess.get("access").asText()).isEqualTo("read");

        JsonNode shown = ok(home, "admin", "objects", "show", "--object", "cli_invoice__c", "--data", data, "--json");
        assertThat(shown.get("SharingModel").asText()).isEqualTo("private");
        java.util.Map<String, JsonNode> fields = new java.util.HashMap<>();
        shown.get("Fields").forEach(f -> fields.put(f.get("Name").asText(), f));
        assertThat(fields.get("Amount__c").get("Required").asBoolean()).isTrue();
        assertThat(fields.get("Status__c").get("TrackHistory").asBoolean()).isTrue();
        assertThat(fields.get("Status__c").get("DefaultValue").asText()).isEqualTo("Open");
        JsonNode roles = ok(home, "admin", "roles", "list", "--data", data, "--json");
        assertThat(roles.get("records").findValuesAsText("Name")).contains("Cli CEO", "Cli Sales");

        // a refusal is one JSON error object and changes nothing
        Run refused = cli(home, "admin", "permsets", "field-access", "--name", "Cli_Billing", "--field",
                "Cli_Invoice__c.Amount__c", "--access", "read", "--data", data, "--json");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.json().get("message").asText()).contains("required field");

        java.util.List<io.userbound.core.model.SetupAuditEntry> rows = server.server.store().setupAudit()
                .list(org, 10_000);
        java.util.List<String> actions = rows.subList(0, rows.size() - audits).stream()
                .map(io.userbound.core.model.SetupAuditEntry::action).toList();
        assertThat(actions).containsExactly("PermSetFieldAccessChange", "PermSetObjectAccessChange",
                "PermSetCreate", "UserRoleChange", "createdUser", "RoleCreate", "RoleCreate", "SharingModelChange",
                "FieldHistoryTrackingChange", "CustomFieldCreate", "CustomFieldCreate", "CustomObjectCreate");
        String adminId = server.server.bootstrapResult().adminUserId();
        assertThat(rows.subList(0, actions.size())).allSatisfy(e -> {
            assertThat(e.createdById()).isEqualTo(adminId);
            assertThat(e.createdByContext()).isEqualTo(server.server.bootstrapResult().consumerKey());
        });
        assertThat(rows.get(0).display()).contains("Cli_Billing", "Cli_Invoice__c.Status__c", "read");
    }

    @Test
    void whenAPermissionSetIsShapedInFewCallsAndExportedThenItsImportElsewhereIsTheSameSetup(@TempDir Path home)
            throws Exception {
        String data = server.server.dataDir().toString();
        ok(home, "admin", "objects", "create", "--name", "Cli_Order__c", "--label", "Order", "--data", data, "--json");
        for (String f : List.of("Amount__c", "Notes__c", "Region__c")) {
            ok(home, "admin", "fields", "create", "--object", "Cli_Order__c", "--name", f, "--type", "text", "--data",
                    data, "--json");
        }
        ok(home, "admin", "fields", "create", "--object", "Cli_Order__c", "--name", "Code__c", "--type", "text",
                "--required", "--data", data, "--json");
        ok(home, "admin", "permsets", "create", "--name", "Cli_Orders", "--permission", "ApiEnabled", "--data", data,
                "--json");

        JsonNode withFields = ok(home, "admin", "permsets", "object-access", "--name", "Cli_Orders", "--object",
                "Cli_Order__c", "--access", "read,edit", "--with-fields", "--data", data, "--json");
        assertThat(withFields.get("fieldAccess").asText()).isEqualTo("edit");
        assertThat(withFields.get("fields").asInt()).as("three optional fields; Name and Code__c are required")
                .isEqualTo(3);
        JsonNode readOnly = ok(home, "admin", "permsets", "field-access", "--name", "Cli_Orders", "--object",
                "Cli_Order__c", "--all-fields", "--access", "read", "--data", data, "--json");
        assertThat(readOnly.get("fields").findValuesAsText("access")).containsExactly("read", "read", "read");
        ok(home, "admin", "permsets", "field-access", "--name", "Cli_Orders", "--field", "Cli_Order__c.Notes__c",
                "--access", "edit", "--data", data, "--json");

        Path file = home.resolve("cli-orders.json");
        ok(home, "admin", "permsets", "export", "--name", "Cli_Orders", "--file", file.toString(), "--data", data,
                "--json");
        JsonNode doc = TestServer.JSON.readTree(file.toFile());
        assertThat(doc.get("PermissionSet").get("PermissionsApiEnabled").asBoolean()).isTrue();
        assertThat(doc.get("ObjectPermissions")).hasSize(1);
        assertThat(doc.get("FieldPermissions").findValuesAsText("Field")).containsExactly("Cli_Order__c.Amount__c",
                "Cli_Order__c.Notes__c", "Cli_Order__c.Region__c");

        // the same document under another name is a new permission set with the very same grants
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("PermissionSet")).put("Name", "Cli_Orders_Copy");
        Path copy = home.resolve("copy.json");
        java.nio.file.Files.writeString(copy, doc.toString());
        JsonNode imported = ok(home, "admin", "permsets", "import", "--file", copy.toString(), "--data", data,
                "--json");
        assertThat(imported.get("created").asBoolean()).isTrue();
        assertThat(imported.get("fieldPermissions").asInt()).isEqualTo(3);
        Run exported = cli(home, "admin", "permsets", "export", "--name", "Cli_Orders_Copy", "--data", data,
                "--json");
        assertThat(exported.json()).isEqualTo(doc);
        JsonNode again = ok(home, "admin", "permsets", "import", "--file", copy.toString(), "--data", data, "--json");
        assertThat(again.get("created").asBoolean()).isFalse();

        Run broken = cli(home, "admin", "permsets", "import", "--file", home.resolve("missing.json").toString(),
                "--data", data, "--json");
        assertThat(broken.exit()).isEqualTo(2);
        Run mixed = cli(home, "admin", "permsets", "field-access", "--name", "Cli_Orders", "--field",
                "Cli_Order__c.Notes__c", "--all-fields", "--object", "Cli_Order__c", "--access", "read", "--data",
                data, "--json");
        assertThat(mixed.exit()).isEqualTo(2);
    }

    @Test
    void whenLoginIsRefusedThenExitOneAndOneJsonErrorObject(@TempDir Path home) {
        String data = server.server.dataDir().toString();
        Path keys = home.resolve("k");
        ok(home, "keys", "create", "--out", keys.toString(), "--json");
        JsonNode app = ok(home, "admin", "apps", "create", "--name", "CLI Refused", "--cert",
                keys.resolve("certificate.pem").toString(), "--data", data, "--json");

        Run run = cli(home, "login", "jwt", "--login-url", server.baseUrl(), "--client-id",
                app.get("consumerKey").asText(), "--username", "nobody@acme.test", "--key",
                keys.resolve("private-key.pem").toString(), "--json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode error = run.json();
        assertThat(error.get("status").asInt()).isEqualTo(1);
        assertThat(error.get("message").asText()).contains("user is not admin approved to access this app");
    }

    @Test
    void whenScriptDrivesClientCredentialsThenTheRunAsUserCallsAndRotationKeepsBothSecretsUntilRevoked(
            @TempDir Path home) {
        String data = server.server.dataDir().toString();
        Path keys = home.resolve("cc");
        ok(home, "keys", "create", "--out", keys.toString(), "--subject", "CN=cli-cc", "--json");
        JsonNode app = ok(home, "admin", "apps", "create", "--name", "CLI Client Credentials", "--cert",
                keys.resolve("certificate.pem").toString(), "--data", data, "--json");
        String consumerKey = app.get("consumerKey").asText();
        String oldSecret = app.get("consumerSecret").asText();
        JsonNode user = ok(home, "admin", "users", "create", "--username", "cli-cc@acme.test", "--last-name", "CC",
                "--type", "integration", "--data", data, "--json");
        ok(home, "admin", "permsets", "create", "--name", "Cli_Cc_Api", "--permission", "ApiEnabled", "--data", data,
                "--json");
        ok(home, "admin", "permsets", "assign", "--name", "Cli_Cc_Api", "--username", "cli-cc@acme.test", "--data",
                data, "--json");
        ok(home, "admin", "apps", "grant", "--app", consumerKey, "--permset", "Cli_Cc_Api", "--data", data, "--json");

        JsonNode enabled = ok(home, "admin", "apps", "client-credentials", "--app", consumerKey, "--run-as",
                "cli-cc@acme.test", "--data", data, "--json");
        assertThat(enabled.get("clientCredentialsEnabled").asBoolean()).isTrue();
        assertThat(enabled.get("runAsUserId").asText()).isEqualTo(user.get("id").asText());

        Map<String, String> oldEnv = Map.of("CC_SECRET", oldSecret);
        JsonNode token = ok(home, oldEnv, "login", "client-credentials", "--login-url", server.baseUrl(),
                "--client-id", consumerKey, "--client-secret-env", "CC_SECRET", "--json");
        assertThat(token.get("access_token").asText()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(token.get("id").asText()).endsWith("/" + user.get("id").asText());
        assertThat(ok(home, "api", "GET", "/services/oauth2/userinfo", "--json").get("preferred_username").asText())
                .isEqualTo("cli-cc@acme.test");
        assertThat(ok(home, "login", "client-credentials", "--login-url", server.baseUrl(), "--client-id",
                consumerKey, "--key", keys.resolve("private-key.pem").toString(), "--json").get("id").asText())
                .isEqualTo(token.get("id").asText());

        JsonNode rotated = ok(home, "admin", "apps", "rotate-secret", "--app", consumerKey, "--overlap-hours", "1",
                "--data", data, "--json");
        assertThat(rotated.get("consumerKey").asText()).isEqualTo(consumerKey);
        assertThat(rotated.get("previousSecretExpires").asText()).isNotBlank();
        Map<String, String> newEnv = Map.of("CC_SECRET", rotated.get("consumerSecret").asText());
        ok(home, oldEnv, "login", "client-credentials", "--login-url", server.baseUrl(), "--client-id", consumerKey,
                "--client-secret-env", "CC_SECRET", "--secret-in-body", "--json");
        ok(home, newEnv, "login", "client-credentials", "--login-url", server.baseUrl(), "--client-id", consumerKey,
                "--client-secret-env", "CC_SECRET", "--json");

        assertThat(ok(home, "admin", "apps", "revoke-secret", "--app", consumerKey, "--data", data, "--json")
                .get("previousSecretRevoked").asBoolean()).isTrue();
        Run refused = cli(home, oldEnv, "login", "client-credentials", "--login-url", server.baseUrl(),
                "--client-id", consumerKey, "--client-secret-env", "CC_SECRET", "--json");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.json().get("name").asText()).isEqualTo("invalid_client");
        assertThat(refused.json().get("message").asText()).isEqualTo("invalid_client: invalid client credentials");
        ok(home, newEnv, "login", "client-credentials", "--login-url", server.baseUrl(), "--client-id", consumerKey,
                "--client-secret-env", "CC_SECRET", "--json");

        JsonNode history = ok(home, "admin", "login-history", "--username", "cli-cc@acme.test", "--limit", "10",
                "--data", data, "--json");
        assertThat(history.get("records").findValuesAsText("LoginSubType")).containsOnly("Client Credentials");

        String lastToken = ok(home, newEnv, "login", "client-credentials", "--login-url", server.baseUrl(),
                "--client-id", consumerKey, "--client-secret-env", "CC_SECRET", "--json").get("access_token")
                .asText();
        JsonNode deleted = ok(home, "admin", "apps", "delete", "--app", consumerKey, "--data", data, "--json");
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("id").asText()).isEqualTo(app.get("id").asText());
        assertThat(server.get("/services/oauth2/userinfo", lastToken).statusCode())
                .as("the deleted app's tokens are revoked").isEqualTo(401);
        Run gone = cli(home, newEnv, "login", "client-credentials", "--login-url", server.baseUrl(), "--client-id",
                consumerKey, "--client-secret-env", "CC_SECRET", "--json");
        assertThat(gone.exit()).isEqualTo(1);
    }
}
