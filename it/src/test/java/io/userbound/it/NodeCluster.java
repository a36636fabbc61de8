package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Server nodes in separate JVMs over one fresh PostgreSQL schema, sharing one pepper file and one public base URL
 * (node A's address stands in for the load balancer's, so assertions name one audience and every node accepts
 * them), each with its own data directory. The admin client logs in through node A with A's bootstrap key.
 */
final class NodeCluster implements AutoCloseable {
    final ItPostgres pg;
    final Path root;
    final Path pepper;
    final int portA = Node.freePort();
    final String baseUrl = "http://127.0.0.1:" + portA;
    private final List<Node> started = new ArrayList<>();
    private RestClient admin;

    private NodeCluster(ItPostgres pg, Path root) {
        this.pg = pg;
        this.root = root;
        this.pepper = root.resolve("shared/secret-pepper");
    }

    /** A fresh schema (or a skip / failure when PostgreSQL is unreachable, see {@link ItPostgres}). */
    static NodeCluster create() {
        ItPostgres pg = ItPostgres.create();
        try {
            return new NodeCluster(pg, Files.createTempDirectory("userbound-nodes"));
        } catch (IOException e) {
            pg.drop();
            throw new UncheckedIOException(e);
        }
    }

    /** Starts node {@code name} on {@code port} (node A on {@link #portA}) with its own data directory. */
    Node start(String name, int port) {
        Node node = Node.start(name, root.resolve(name), port, List.of("--base-url", baseUrl, "--db-url", pg.url(),
                "--db-user", ItPostgres.USER, "--secret-pepper-file", pepper.toString()));
        started.add(node);
        return node;
    }

    /** The admin client, logging in through node A (which must have started once). */
    synchronized RestClient admin() {
        if (admin == null) {
            try {
                JsonNode profile = TestServer.JSON.readTree(root.resolve("a/cli-profile.json").toFile());
                admin = new RestClient(JwtBearerTokenSource.builder().loginUrl(baseUrl)
                        .clientId(profile.get("consumerKey").asText()).username(profile.get("username").asText())
                        .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null))
                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return admin;
    }

    /**
     * A fresh app holding {@code keys}' certificate and a fresh integration user with a fresh permission set
     * (ApiEnabled, read on Account) that grants the app.
     */
    Integration registerIntegration(String appName, KeyAndCertificate keys) {
        RestClient a = admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode app = a.post("sobjects/ConnectedApplication",
                Map.of("Name", appName + " " + suffix, "Certificate", PemKeys.toPem(keys.certificate())));
        String username = "node-" + suffix + "@acme.test";
        JsonNode user = a.post("sobjects/User",
                Map.of("Username", username, "LastName", "Node", "UserType", "integration"));
        String psName = "Nodes_" + suffix;
        JsonNode ps = a.post("sobjects/PermissionSet", Map.of("Name", psName, "PermissionsApiEnabled", true));
        JsonNode assignment = a.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
        a.post("sobjects/SetupEntityAccess",
                Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
        a.put("userbound/permissionSets/" + psName + "/objectPermissions/Account", Map.of("PermissionsRead", true));
        return new Integration(app.get("id").asText(), app.get("consumerKey").asText(), user.get("id").asText(),
                username, psName, assignment.get("id").asText(), keys);
    }

    /** What {@link #registerIntegration} made. */
    record Integration(String appId, String consumerKey, String userId, String username, String permissionSet,
            String assignmentId, KeyAndCertificate keys) {
    }

    /** The JWT bearer token request form for a fresh assertion of {@code i} (a new {@code jti}). */
    String tokenForm(Integration i) {
        return tokenForm(i, UUID.randomUUID().toString());
    }

    String tokenForm(Integration i, String jti) {
        String assertion = AssertionBuilder.forKey(i.keys().privateKey()).issuer(i.consumerKey())
                .subject(i.username()).audience(baseUrl).lifetime(Duration.ofMinutes(3)).jwtId(jti).sign();
        return "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
    }

    /** A plain connection to the nodes' schema. */
    Connection db() throws SQLException {
        return pg.connect();
    }

    @Override
    public void close() {
        try {
            for (Node n : started) {
                n.close();
            }
        } finally {
            pg.drop();
        }
    }
}
