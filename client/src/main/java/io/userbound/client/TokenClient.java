package io.userbound.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.protocol.TokenResponse;
import io.userbound.protocol.token.ClientAuthenticationParameters;
import io.userbound.protocol.token.ClientCredentialsGrantRequest;
import io.userbound.protocol.token.JwtBearerGrantRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to the token endpoint: {@code POST <loginUrl>/services/oauth2/token} with a form body (RFC 6749
 * section 4, RFC 7523 section 2.1).
 *
 * <p>A 2xx reply must be a JSON token response with {@code access_token}; anything else becomes an
 * {@link OAuthClientException}. Network failures are {@link UncheckedIOException}. Thread-safe.
 */
public final class TokenClient {

    /** The token endpoint path below the login URL. */
    public static final String TOKEN_PATH = "/services/oauth2/token";

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TokenClient.class);

    private final HttpClient http;
    private final String loginUrl;
    private final URI tokenUri;

    /**
     * @param http the HTTP client; must not be null
     * @param loginUrl an absolute http(s) URL such as {@code https://login.salesforce.com}; a trailing slash is
     *     trimmed
     * @throws IllegalArgumentException when the login URL is not an absolute http(s) URL
     */
    public TokenClient(HttpClient http, String loginUrl) {
        this.http = Objects.requireNonNull(http, "http");
        this.loginUrl = normalizeBaseUrl(loginUrl, "login URL");
        this.tokenUri = URI.create(this.loginUrl + TOKEN_PATH);
    }

    /** The login URL without a trailing slash. */
    public String loginUrl() {
        return loginUrl;
    }

    /** The token endpoint URL. */
    public URI tokenUri() {
        return tokenUri;
    }

    /**
     * Exchanges a signed JWT assertion for a token (grant type {@code urn:ietf:params:oauth:grant-type:jwt-bearer}).
     *
     * @throws OAuthClientException when the endpoint refuses
     */
    public TokenResponse jwtBearer(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            throw new IllegalArgumentException("an assertion is required");
        }
        return post(new JwtBearerGrantRequest(assertion).toForm(), null);
    }

    /**
     * Gets a token with the client credentials grant (RFC 6749 section 4.4), authenticating with HTTP Basic
     * ({@code client_secret_basic}, RFC 6749 section 2.3.1).
     *
     * @throws OAuthClientException when the endpoint refuses
     */
    public TokenResponse clientCredentials(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank() || clientSecret == null) {
            throw new IllegalArgumentException("a client id and a client secret are required");
        }
        return post(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.NONE).toForm(),
                ClientAuthenticationParameters.basicHeader(clientId, clientSecret));
    }

    /**
     * Gets a token with the client credentials grant, the id and secret in the form body
     * ({@code client_secret_post}, RFC 6749 section 2.3.1).
     *
     * @throws OAuthClientException when the endpoint refuses
     */
    public TokenResponse clientCredentialsPost(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank() || clientSecret == null) {
            throw new IllegalArgumentException("a client id and a client secret are required");
        }
        return post(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.secretPost(clientId,
                clientSecret)).toForm(), null);
    }

    /**
     * Gets a token with the client credentials grant, authenticating with a signed client assertion
     * ({@code private_key_jwt}, RFC 7523 section 2.2: {@code iss} = {@code sub} = the client id, {@code aud} = the
     * token endpoint).
     *
     * @throws OAuthClientException when the endpoint refuses
     */
    public TokenResponse clientCredentialsWithAssertion(String clientAssertion) {
        if (clientAssertion == null || clientAssertion.isBlank()) {
            throw new IllegalArgumentException("a client assertion is required");
        }
        return post(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.privateKeyJwt(clientAssertion))
                .toForm(), null);
    }

    private TokenResponse post(Map<String, String> form, String authorization) {
        String body = form.entrySet().stream()
                .map(e -> formEncode(e.getKey()) + "=" + formEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        LOG.debug("token request to {} (grant_type {})", tokenUri, form.get("grant_type"));
        HttpResponse<String> response = send(http, request.build(), "the token endpoint " + tokenUri);
        return parse(response.statusCode(), response.body());
    }

    static TokenResponse parse(int status, String body) {
        JsonNode json = Json.tryParse(body);
        if (status / 100 != 2) {
            if (json != null && json.isObject() && json.hasNonNull("error")) {
                String description = json.hasNonNull("error_description") ? json.get("error_description").asText()
                        : null;
                throw new OAuthClientException(status, json.get("error").asText(), description);
            }
            String snippet = Json.snippet(body);
            throw new OAuthClientException(status, "ERROR_HTTP_" + status, snippet.isEmpty() ? null : snippet);
        }
        if (json == null || !json.isObject() || !json.hasNonNull("access_token")) {
            throw new OAuthClientException(status, "invalid_token_response",
                    "the token endpoint answered " + status + " without an access_token");
        }
        try {
            return Json.MAPPER.treeToValue(json, TokenResponse.class);
        } catch (IOException e) {
            throw new OAuthClientException(status, "invalid_token_response",
                    "the token reply does not parse: " + e.getMessage());
        }
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while calling " + what));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + what + ": " + reason(e), e);
        }
    }

    /** The first message in a cause chain, with the exception's type (a refused connection has no message). */
    private static String reason(Throwable e) {
        if (e instanceof java.net.ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t == e ? t.getMessage() : e.getClass().getSimpleName() + " (" + t.getMessage() + ")";
            }
        }
        return e.getClass().getSimpleName();
    }

    /** A default HTTP client: HTTP/1.1, 10 s connect timeout, redirects never followed (they would leak tokens). */
    static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Checks an absolute http(s) URL and trims trailing slashes. */
    static String normalizeBaseUrl(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + url + "': " + e.getReason(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("invalid " + what + " '" + url
                    + "': expected an absolute http(s) URL such as https://login.salesforce.com");
        }
        return trimmed;
    }

    // ---------------------------------------------------------------------- introspection (RFC 7662), revocation (RFC 7009)

    /** The introspection endpoint path below the login URL. */
    public static final String INTROSPECT_PATH = "/services/oauth2/introspect";
    /** The revocation endpoint path below the login URL. */
    public static final String REVOKE_PATH = "/services/oauth2/revoke";

    /**
     * Asks {@code POST <loginUrl>/services/oauth2/introspect} about a token (RFC 7662 section 2.1), authenticating as
     * the connected app with HTTP Basic ({@code client_secret_basic}).
     *
     * @param token the token to ask about; never blank
     * @param clientId the calling app's consumer key; never blank
     * @param clientSecret its consumer secret; never null
     * @return the reply object: {@code {"active": false}}, or {@code active: true} with {@code scope},
     *     {@code client_id}, {@code username}, {@code sub}, {@code token_type}, {@code exp}, {@code iat},
     *     {@code nbf}
     * @throws OAuthClientException when the endpoint refuses (such as {@code invalid_client} for wrong credentials)
     *     or answers something without a boolean {@code active}
     */
    public JsonNode introspect(String token, String clientId, String clientSecret) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token is required");
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null) {
            throw new IllegalArgumentException("a client id and a client secret are required");
        }
        String basic = ClientAuthenticationParameters.basicHeader(clientId, clientSecret);
        URI uri = URI.create(loginUrl + INTROSPECT_PATH);
        HttpResponse<String> response = postForm(uri, Map.of("token", token), basic);
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body());
        }
        JsonNode json = Json.tryParse(response.body());
        if (json == null || !json.isObject() || !json.path("active").isBoolean()) {
            throw new OAuthClientException(response.statusCode(), "invalid_introspection_response",
                    "the introspection endpoint answered without a boolean active: " + Json.snippet(response.body()));
        }
        return json;
    }

    /**
     * Revokes a token with {@code POST <loginUrl>/services/oauth2/revoke} (RFC 7009 section 2.1), without client
     * authentication, as Salesforce allows. An unknown or already revoked token succeeds too (RFC 7009 section 2.2).
     *
     * @param token the token; never blank
     * @throws OAuthClientException when the endpoint refuses; its error body may be JSON or, as Salesforce sends it,
     *     form-encoded
     */
    public void revoke(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token is required");
        }
        HttpResponse<String> response = postForm(URI.create(loginUrl + REVOKE_PATH), Map.of("token", token), null);
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body());
        }
    }

    private HttpResponse<String> postForm(URI uri, Map<String, String> form, String authorization) {
        String body = form.entrySet().stream()
                .map(e -> formEncode(e.getKey()) + "=" + formEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(http, request.build(), uri.toString());
    }

    /** An error reply: a JSON {@code error} object, a form-encoded one (Salesforce's revoke), or the raw body. */
    static OAuthClientException failure(int status, String body) {
        JsonNode json = Json.tryParse(body);
        if (json != null && json.isObject() && json.hasNonNull("error")) {
            return new OAuthClientException(status, json.get("error").asText(),
                    json.hasNonNull("error_description") ? json.get("error_description").asText() : null);
        }
        if (body != null && (body.startsWith("error=") || body.contains("&error="))) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.strip().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        form.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        form.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
            if (form.containsKey("error")) {
                return new OAuthClientException(status, form.get("error"), form.get("error_description"));
            }
        }
        String snippet = Json.snippet(body);
        return new OAuthClientException(status, "ERROR_HTTP_" + status, snippet.isEmpty() ? null : snippet);
    }
}
