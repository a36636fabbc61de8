package io.userbound.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small REST client for the Salesforce-style API, authenticated with a {@link TokenSource}.
 *
 * <p>Paths are absolute ({@code /services/...}) or relative to {@code /services/data/v<apiVersion>/} (for example
 * {@code sobjects/Account/001...} or {@code query?q=SELECT+Id+FROM+Account}), resolved against the token's instance
 * URL. Characters that are not allowed in a URI (such as spaces) are percent-encoded; existing escapes are kept. An
 * absolute URL is accepted only on the origin of the instance URL or of the identity URL, so the token never goes to
 * another host.
 *
 * <p>When a call is answered 401, the client asks the token source for a new token once and repeats the call.
 * {@link #send} returns any status; the other methods throw {@link ApiException} for a non-2xx status. Thread-safe.
 */
public final class RestClient {

    /** The API version used when none is given. */
    public static final String DEFAULT_API_VERSION = "66.0";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD");
    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);

    private final TokenSource tokens;
    private final HttpClient http;
    private final String apiVersion;

    /** A client with the default HTTP client and API version {@value #DEFAULT_API_VERSION}. */
    public RestClient(TokenSource tokens) {
        this(tokens, null, DEFAULT_API_VERSION);
    }

    /**
     * @param tokens the token source; must not be null
     * @param http the HTTP client; null for the default (HTTP/1.1, redirects never followed)
     * @param apiVersion such as {@code 66.0} (a leading {@code v} is accepted); null for the default
     * @throws IllegalArgumentException when the version is not of the form {@code NN.0}
     */
    public RestClient(TokenSource tokens, HttpClient http, String apiVersion) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.http = http != null ? http : TokenClient.defaultHttpClient();
        String v = apiVersion == null ? DEFAULT_API_VERSION : apiVersion.strip();
        if (v.startsWith("v")) {
            v = v.substring(1);
        }
        if (!v.matches("[1-9][0-9]\\.0")) {
            throw new IllegalArgumentException("invalid API version '" + apiVersion + "': expected NN.0 such as 66.0");
        }
        this.apiVersion = v;
    }

    /** The API version, such as {@code 66.0}. */
    public String apiVersion() {
        return apiVersion;
    }

    /** A reply: the status and the raw body (empty when there is none). */
    public record Response(int status, String body) {

        /** The body as JSON; a missing node when the body is empty. */
        public JsonNode json() {
            return Json.parse(body);
        }

        /** True for a 2xx status. */
        public boolean isSuccess() {
            return status / 100 == 2;
        }
    }

    /** {@code GET} and the JSON reply; throws {@link ApiException} for a non-2xx status. */
    public JsonNode get(String path) {
        return checked(send("GET", path, null));
    }

    /**
     * {@code POST} with a JSON body: a {@link String} is sent as JSON text, anything else is serialized by Jackson.
     */
    public JsonNode post(String path, Object body) {
        return checked(send("POST", path, toJson(body)));
    }

    /** {@code PATCH}; the body as in {@link #post}. A 204 reply is a missing node. */
    public JsonNode patch(String path, Object body) {
        return checked(send("PATCH", path, toJson(body)));
    }

    /** {@code PUT}; the body as in {@link #post}. A 204 reply is a missing node. */
    public JsonNode put(String path, Object body) {
        return checked(send("PUT", path, toJson(body)));
    }

    /** {@code DELETE}. A 204 reply is a missing node. */
    public JsonNode delete(String path) {
        return checked(send("DELETE", path, null));
    }

    /** What an upsert did: the record's id, and whether the record was created (false: an existing one updated). */
    public record Upserted(String id, boolean created) {
    }

    /**
     * {@code PATCH sobjects/{sobject}/{field}/{value}}: updates the one record whose external id field holds the value,
     * or creates one with it ({@code salesforce-compat.md} section 12.2). Works on Userbound and on Salesforce from
     * API 46.0 (earlier versions answer an update with 204 and no id: {@code id} is then null).
     *
     * @param fields the other field values, serialized as in {@link #post}
     * @throws ApiException for an error; with status 300 and code {@code MULTIPLE_CHOICES} when several records hold
     *     the value (the body lists their URLs)
     */
    public Upserted upsert(String sobject, String externalIdField, String value, Object fields) {
        Response r = send("PATCH", byExternalId(sobject, externalIdField, value), toJson(fields));
        if (r.status() == 204) {
            return new Upserted(null, false);
        }
        JsonNode json = checked(r);
        return new Upserted(json.path("id").asText(null), r.status() == 201 || json.path("created").asBoolean());
    }

    /**
     * {@code GET sobjects/{sobject}/{field}/{value}}: the one record whose external id field holds the value.
     *
     * @throws ApiException {@code NOT_FOUND} when none does; status 300 {@code MULTIPLE_CHOICES} when several do
     */
    public JsonNode getByExternalId(String sobject, String externalIdField, String value) {
        return checked(send("GET", byExternalId(sobject, externalIdField, value), null));
    }

    /** {@code DELETE sobjects/{sobject}/{field}/{value}}. */
    public void deleteByExternalId(String sobject, String externalIdField, String value) {
        checked(send("DELETE", byExternalId(sobject, externalIdField, value), null));
    }

    private static String byExternalId(String sobject, String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an external id value is required");
        }
        return "sobjects/" + segment(sobject) + "/" + segment(field) + "/" + segment(value);
    }

    /** One path segment, percent-encoded (a space is {@code %20}, never {@code +}). */
    static String segment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET /services/oauth2/userinfo}. */
    public JsonNode userInfo() {
        return get("/services/oauth2/userinfo");
    }

    /** {@code GET} the identity URL of the token ({@code id} of the token reply). */
    public JsonNode identity() {
        Token token = tokens.token();
        if (token.identityUrl() == null) {
            throw new IllegalStateException("the token reply had no identity URL (id)");
        }
        return get(token.identityUrl());
    }

    /**
     * Sends a request with the current token; after a 401 gets a new token once and repeats it.
     *
     * @param method GET, POST, PATCH, PUT, DELETE or HEAD
     * @param path see the class description
     * @param jsonBodyOrNull the JSON body, or null for none
     * @return the final reply, whatever its status
     * @throws IllegalArgumentException for an unknown method or a path that is not a valid URI
     */
    public Response send(String method, String path, String jsonBodyOrNull) {
        String m = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("unsupported HTTP method '" + method + "' (use one of " + METHODS + ")");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a path is required");
        }
        Token token = tokens.token();
        Response response = exchange(token, m, path, jsonBodyOrNull);
        if (response.status() == 401) {
            LOG.debug("{} {} answered 401; getting a new token and retrying once", m, path);
            response = exchange(tokens.refresh(token), m, path, jsonBodyOrNull);
        }
        return response;
    }

    private Response exchange(Token token, String method, String path, String body) {
        URI uri = resolve(token, path);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TokenClient.REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Accept", "application/json")
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> reply = TokenClient.send(http, request.build(), method + " " + uri);
        return new Response(reply.statusCode(), reply.body() == null ? "" : reply.body());
    }

    URI resolve(Token token, String path) {
        String p = path.strip();
        String url;
        if (p.regionMatches(true, 0, "http://", 0, 7) || p.regionMatches(true, 0, "https://", 0, 8)) {
            URI target = toUri(p);
            boolean sameAsInstance = sameOrigin(target, toUri(token.instanceUrl()));
            boolean sameAsIdentity = token.identityUrl() != null && sameOrigin(target, toUri(token.identityUrl()));
            if (!sameAsInstance && !sameAsIdentity) {
                throw new IllegalArgumentException("refusing to send the token to " + target.getScheme() + "://"
                        + target.getAuthority() + ": only the instance URL " + token.instanceUrl()
                        + " and the identity URL are allowed");
            }
            return target;
        } else if (p.startsWith("/")) {
            url = token.instanceUrl() + p;
        } else {
            url = token.instanceUrl() + "/services/data/v" + apiVersion + "/" + p;
        }
        return toUri(url);
    }

    private static URI toUri(String url) {
        try {
            return new URI(encodeIllegal(url));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getReason(), e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Percent-encodes characters that may not appear in a URI; keeps valid escapes and reserved characters. */
    static String encodeIllegal(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.append(c);
            } else if (c != '%' && isAllowed(c)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~:/?#[]@!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static JsonNode checked(Response response) {
        if (response.status() == 300) {
            throw new ApiException(300, "MULTIPLE_CHOICES", "several records hold that external id: "
                    + Json.snippet(response.body()), response.body());
        }
        if (!response.isSuccess()) {
            throw ApiException.fromResponse(response.status(), response.body());
        }
        try {
            return response.json();
        } catch (IllegalArgumentException e) {
            throw new ApiException(response.status(), "INVALID_RESPONSE",
                    "the reply is not JSON: " + Json.snippet(response.body()), response.body());
        }
    }

    private static String toJson(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String s) {
            return s;
        }
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the body as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
