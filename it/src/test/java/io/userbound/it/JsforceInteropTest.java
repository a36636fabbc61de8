package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * jsforce 3 (the most used Node client of Salesforce), unchanged, against the record API over real HTTP: create one
 * record, a collection and an all-or-none collection; retrieve one id and a list of ids; update; query with a parent
 * field, and with text and an id in another case; page through 450 records with {@code batchSize=200}; describe;
 * identity; an instance URL with a trailing slash; the error code of a bad query; upsert by an external id (one by
 * one, a collection, a value that two records hold); an AccountShare with its child levels; a composite request
 * and a composite tree through jsforce's request layer; delete. Needs {@code node} and {@code npm} on the PATH (the CI machine has both);
 * jsforce is installed once into {@code target/jsforce}.
 */
class JsforceInteropTest extends EndToEndTest {

    @Test
    void whenJsforceDrivesTheRecordApiThenEveryCallWorksUnchanged() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed for the jsforce interop test");
        Path dir = Path.of("target", "jsforce").toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : List.of("package.json", "check.js")) {
            try (InputStream in = getClass().getResourceAsStream("/jsforce/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules/jsforce"))) {
            Run install = run(dir, 300, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(install.exit).as("npm install: %s", install.err).isZero();
        }
        String token = JwtBearerTokenSource.builder().loginUrl(server.baseUrl())
                .clientId(server.profile.get("consumerKey").asText())
                .username(server.profile.get("username").asText())
                .privateKey(PemKeys.readPrivateKey(Path.of(server.profile.get("keyFile").asText()), null))
                .build().token().accessToken();

        server.admin.post("userbound/objects/Account/fields", Map.of("Name", "JsExt__c", "Type", "text", "ExternalId",
                true));

        Run check = run(dir, 120, "node", "check.js", server.baseUrl(), token);

        assertThat(check.exit).as("jsforce: %s", check.err).isZero();
        JsonNode seen = TestServer.JSON.readTree(check.out);
        assertThat(seen.get("created").asBoolean()).isTrue();
        assertThat(seen.get("retrievedName").asText()).isEqualTo("jsforce Account");
        assertThat(seen.get("queried").asBoolean()).isTrue();
        assertThat(seen.get("anyCaseQuery").asBoolean()).as("=, IN, LIKE and != in another case").isTrue();
        assertThat(seen.get("upperCaseId").asBoolean()).as("an 18-character id upper-cased").isTrue();
        assertThat(seen.get("bulkCreated").asInt()).isEqualTo(450);
        assertThat(seen.get("pagedDistinct").asInt()).isEqualTo(450);
        assertThat(seen.get("describeHasName").asBoolean()).isTrue();
        assertThat(seen.get("identityUser").asText()).isEqualTo(server.profile.get("username").asText());
        assertThat(seen.get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(seen.get("trailingSlash").asBoolean()).as("an instance URL ending in /").isTrue();
        assertThat(seen.get("upsertOne")).isEqualTo(TestServer.JSON.readTree(
                "{\"created\":true,\"success\":true,\"againCreated\":false,\"sameRecord\":true}"));
        assertThat(seen.get("upsertMany")).isEqualTo(TestServer.JSON.readTree(
                "[{\"success\":true,\"created\":false,\"firstRecord\":true},"
                + "{\"success\":true,\"created\":true,\"firstRecord\":false}]"));
        assertThat(seen.get("getByExternalId").asText()).isEqualTo("jsforce Batch 2");
        assertThat(seen.get("retrieveMany")).isEqualTo(TestServer.JSON.readTree(
                "[\"jsforce Renamed\",\"jsforce Batch 1\"]"));
        assertThat(seen.get("twoMatches").asText()).isEqualTo("MULTIPLE_CHOICES");
        assertThat(seen.get("shareWithoutLevels").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(seen.get("shareLevels")).isEqualTo(TestServer.JSON.readTree("[[\"Edit\",\"Edit\",\"Read\"]]"));
        assertThat(seen.get("composite")).isEqualTo(TestServer.JSON.readTree("[[\"acct\",201],[\"back\",200]]"));
        assertThat(seen.get("compositeName").asText()).isEqualTo("jsforce Composite");
        assertThat(seen.get("tree")).isEqualTo(TestServer.JSON.readTree("[\"treeAcct\",\"treeContact\"]"));
        assertThat(seen.get("afterDelete").asText()).isEqualTo("NOT_FOUND");
        assertThat(seen.get("organizationRows").asInt()).isEqualTo(1);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jsforce", ".out");
        Path err = Files.createTempFile("jsforce", ".err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "", "timed out after " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
