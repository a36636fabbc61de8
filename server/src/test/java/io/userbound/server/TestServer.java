package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.client.PemKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real server on an ephemeral port over H2 in a temporary data directory, with a JDK HTTP client and helpers to
 * sign assertions with the bootstrap key and get tokens over HTTP.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "application/x-www-form-urlencoded";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    final Path dataDir;
    final RunningServer server;
    /** HTTP/2 by default, so every first request carries {@code Upgrade: h2c}, which the server must ignore. */
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrivateKey cliKey;

    TestServer(Path dataDir) {
        this(dataDir, ServerConfig.defaults().withPort(0).withDataDir(dataDir));
    }

    TestServer(Path dataDir, ServerConfig config) {
        this.dataDir = dataDir;
        this.server = Main.start(config);
        this.cliKey = PemKeys.readPrivateKey(server.bootstrapResult().keyFile(), null);
    }

    String base() {
        return server.baseUrl();
    }

    String consumerKey() {
        return server.bootstrapResult().consumerKey();
    }

    String adminUsername() {
        return server.bootstrapResult().adminUsername();
    }

    /** An RS256 assertion signed with the bootstrap CLI key. */
    String assertion(String sub) {
        return assertion(consumerKey(), sub, base(), Instant.now().plusSeconds(180));
    }

    String assertion(String iss, String sub, String aud, Instant exp) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss).subject(sub).audience(aud)
                .expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(cliKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A token for {@code username} through the real token endpoint. */
    String token(String username) {
        HttpResponse<String> r = postForm("/services/oauth2/token",
                Map.of("grant_type", JWT_BEARER, "assertion", assertion(username)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("access_token").asText();
    }

    String adminToken() {
        return token(adminUsername());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) {
        return post(path, FORM, formBody(form), Map.of());
    }

    HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b);
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<String> json(String method, String path, String token, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /**
     * Sends {@code body} as JSON with {@code method} ({@code GET} sends none), asserts the status, and returns the
     * reply's JSON (null when it has no body).
     */
    JsonNode expect(String method, String path, String token, Object body, int status) {
        HttpResponse<String> r = method.equals("GET") ? get(path, token) : json(method, path, token, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : json(r);
    }

    /**
     * As the admin of {@code adminToken}: creates a user of the Standard User profile ({@code LastName}
     * {@code lastName}) and grants that profile the CLI app, so the user can get a token; returns the user's id.
     */
    String createStandardUser(String adminToken, String username, String lastName) {
        String id = expect("POST", "/services/data/v66.0/sobjects/User", adminToken,
                map("Username", username, "LastName", lastName), 201).get("id").asText();
        String standard = expect("GET", "/services/data/v66.0/sobjects/Profile/Name/Standard%20User", adminToken,
                null, 200).get("Id").asText();
        expect("POST", "/services/data/v66.0/sobjects/SetupEntityAccess", adminToken, map("ParentId", standard,
                "SetupEntityId", server.bootstrapResult().cliAppId()), 201);
        return id;
    }

    /** Every LoginHistory row, including those of requests that named no known app (they belong to no org). */
    long loginHistoryRows() {
        try (java.sql.Connection c = server.store().dataSource().getConnection();
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM login_history")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Asserts a REST error array with one element of {@code code} and the status. */
    static JsonNode assertRestError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.isArray()).as(r.body()).isTrue();
        assertThat(body).hasSize(1);
        assertThat(body.get(0).get("errorCode").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.get(0).get("message").asText()).isNotBlank();
        return body.get(0);
    }

    /** Asserts an OAuth error reply. */
    static JsonNode assertOAuthError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(r.headers().firstValue("Cache-Control").orElse(""))
                .isEqualTo("no-cache,must-revalidate,max-age=0,no-store,private");
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(body.has("error_description")).isTrue();
        return body;
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
