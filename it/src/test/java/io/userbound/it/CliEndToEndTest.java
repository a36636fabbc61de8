package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.cli.CliEnvironment;
import io.userbound.cli.Userbound;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
        CliEnvironment env = new CliEnvironment(Map.of(CliEnvironment.HOME_VARIABLE, home.toString()), home, home,
                null);
        CommandLine cl = Userbound.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode ok(Path home, String... args) {
        Run run = cli(home, args);
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
}
