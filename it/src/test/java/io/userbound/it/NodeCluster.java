package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.it.Integrations.Integration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        return start(name, port, pg.url());
    }

    /** As {@link #start(String, int)}, reaching the schema through {@code dbUrl} (a proxy in front of it). */
    Node start(String name, int port, String dbUrl) {
        Node node = Node.start(name, root.resolve(name), port, List.of("--base-url", baseUrl, "--db-url", dbUrl,
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

    /** A fresh integration through the admin client (see {@link Integrations#register}). */
    Integration registerIntegration(String appName, KeyAndCertificate keys) {
        return Integrations.register(admin(), appName, keys);
    }

    /** The JWT bearer token request form for a fresh assertion of {@code i} (a new {@code jti}). */
    String tokenForm(Integration i) {
        return Integrations.tokenForm(i, baseUrl, UUID.randomUUID().toString());
    }

    String tokenForm(Integration i, String jti) {
        return Integrations.tokenForm(i, baseUrl, jti);
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
