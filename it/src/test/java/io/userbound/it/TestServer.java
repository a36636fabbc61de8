package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.RestClient;
import io.userbound.server.RunningServer;
import io.userbound.testkit.IntegrationUser;
import io.userbound.testkit.UserboundExtension;
import io.userbound.testkit.UserboundServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The test kit's server ({@link UserboundServer}) of an end-to-end class, with the CLI profile the bootstrap wrote and
 * helpers for raw token and API requests. The database is an in-memory H2, or with {@code -Duserbound.it.db=postgres}
 * a fresh PostgreSQL schema, dropped after the server stopped (see {@link #extension()}).
 */
final class TestServer {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final UserboundServer kit;
    final RunningServer server;
    final JsonNode profile;
    /** The bootstrapped admin, logged in exactly as the CLI does: JWT bearer with the key of the CLI profile. */
    final RestClient admin;

    TestServer(UserboundServer kit) {
        this.kit = kit;
        this.server = kit.runningServer();
        if (ItPostgres.selected() && !server.store().databaseProductName().equals("PostgreSQL")) {
            throw new IllegalStateException("expected PostgreSQL, got " + server.store().databaseProductName());
        }
        try {
            this.profile = JSON.readTree(server.dataDir().resolve("cli-profile.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.admin = kit.admin().rest();
    }

    /** The test kit's extension, one server per class: on H2, or on a fresh PostgreSQL schema when selected. */
    static UserboundExtension extension() {
        return ItPostgres.selected() ? UserboundExtension.builder().database(ItPostgres::create).build()
                : UserboundExtension.builder().build();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A fresh integration user holding a fresh permission set that grants the app; returns the username. */
    Registered registerIntegration(String appName, KeyAndCertificate keys) {
        IntegrationUser u = kit.newIntegration(appName, keys);
        return new Registered(u.appId(), u.consumerKey(), u.consumerSecret(), u.userId(), u.username(),
                u.appName());
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

}
