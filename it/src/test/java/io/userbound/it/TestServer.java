package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A real server on an ephemeral loopback port over a fresh data directory, plus an admin {@link RestClient} that
 * logs in exactly as the CLI does: JWT bearer with the bootstrap key from {@code cli-profile.json}. The database is
 * the data directory's H2, or with {@code -Duserbound.it.db=postgres} a fresh PostgreSQL schema, dropped on close.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final RunningServer server;
    final JsonNode profile;
    final RestClient admin;
    private final ItPostgres postgres;

    private TestServer(RunningServer server, ItPostgres postgres) {
        this.server = server;
        this.postgres = postgres;
        try {
            this.profile = JSON.readTree(server.dataDir().resolve("cli-profile.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.admin = new RestClient(JwtBearerTokenSource.builder()
                .loginUrl(server.baseUrl())
                .clientId(profile.get("consumerKey").asText())
                .username(profile.get("username").asText())
                .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null))
                .build());
    }

    static TestServer start() {
        Path data;
        try {
            data = Files.createTempDirectory("userbound-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = ServerConfig.parse("--port", "0", "--data", data.toString());
        if (!ItPostgres.selected()) {
            return new TestServer(Main.start(config), null);
        }
        ItPostgres pg = ItPostgres.create();
        try {
            RunningServer started = Main.start(config.withDatabase(pg.url(), ItPostgres.USER, null));
            if (!started.store().databaseProductName().equals("PostgreSQL")) {
                started.close();
                throw new IllegalStateException("expected PostgreSQL, got " + started.store().databaseProductName());
            }
            return new TestServer(started, pg);
        } catch (RuntimeException | Error e) {
            pg.drop();
            throw e;
        }
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A fresh integration user holding a fresh permission set that grants the app; returns the username. */
    Registered registerIntegration(String appName, KeyAndCertificate keys) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode app = admin.post("sobjects/ConnectedApplication",
                Map.of("Name", appName + " " + suffix, "Certificate", PemKeys.toPem(keys.certificate())));
        String username = "etl-" + suffix + "@acme.test";
        JsonNode user = admin.post("sobjects/User",
                Map.of("Username", username, "LastName", "ETL", "UserType", "integration"));
        JsonNode ps = admin.post("sobjects/PermissionSet",
                Map.of("Name", "Etl_" + suffix, "PermissionsApiEnabled", true));
        admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
        admin.post("sobjects/SetupEntityAccess",
                Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
        return new Registered(app.get("id").asText(), app.get("consumerKey").asText(),
                app.get("consumerSecret").asText(), user.get("id").asText(), username, appName + " " + suffix);
    }

    record Registered(String appId, String consumerKey, String consumerSecret, String userId, String username,
            String appName) {
    }

    /**
     * As {@link #registerIntegration}, then the client credentials flow enabled on the app with the integration user
     * as its run-as user.
     */
    Registered registerClientCredentials(String appName, KeyAndCertificate keys) {
        Registered reg = registerIntegration(appName, keys);
        admin.patch("sobjects/ConnectedApplication/" + reg.appId(),
                Map.of("ClientCredentialsEnabled", true, "RunAsUserId", reg.userId()));
        return reg;
    }

    /** {@code POST /services/oauth2/token} with this form and Authorization header (null for none), raw. */
    HttpResponse<String> postToken(Map<String, String> form, String authorization) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** {@code GET path} with {@code Authorization: Bearer token} (null for none), raw. */
    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code Basic base64(urlencode(id):urlencode(secret))} (RFC 6749 section 2.3.1). */
    static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret,
                StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (postgres != null) {
                postgres.drop();
            }
        }
    }
}
