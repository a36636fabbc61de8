package io.userbound.oauth;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the token endpoint's request handling (issue 12, part 5): the content type, the
 * {@code Authorization} header and the form are all fuzzed, over both grants, client secrets (form and Basic) and
 * {@code private_key_jwt}. Every request gets a token or a refusal that is the client's fault, exactly one
 * {@code LoginHistory} row, no token when refused, and none at all unless a real credential was placed in the request
 * ({@link TokenEndpointInvariants}).
 *
 * <p>Input: {@code content-type LF authorization LF form-body}. So that the fuzzer can reach past client
 * authentication, these placeholders in the form or header are replaced by real values: {@code $KEY} (the consumer
 * key), {@code $SECRET} (its secret), {@code $USER} (a pre-authorized username), {@code $ASSERTION} (a valid JWT bearer
 * assertion), {@code $CLIENT_ASSERTION} (a valid client assertion with a fresh {@code jti}) and {@code $BASIC}
 * (base64 of key and secret). The form body is split the way a browser writes one; the server's own form parser has its
 * own target. The corpus is in {@code TokenRequestFuzzTestInputs}.
 */
class TokenRequestFuzzTest {
    private static final OAuthFixture FIXTURE = new OAuthFixture();
    private static final String ASSERTION;

    static {
        FIXTURE.enableClientCredentials();
        ASSERTION = FIXTURE.assertion().build();
    }

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"grant_type=", "client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "assertion=", "client_id=", "client_secret=", "client_assertion_type=",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion=", "scope=", "format=json",
        "format=urlencoded", "format=xml", "token_format=jwt", "$KEY", "$SECRET", "$USER", "$ASSERTION",
        "$CLIENT_ASSERTION", "$BASIC", "Basic ", "Bearer ", "application/x-www-form-urlencoded", "application/json",
        ";charset=UTF-8", "%00", "%0d%0a", "&", "="})
    void request(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
        if (second < 0) {
            return;
        }
        String contentType = text.substring(0, first);
        String authorization = fill(text.substring(first + 1, second));
        Map<String, List<String>> form = formOf(text.substring(second + 1));
        if (form == null) {
            return;
        }
        // a token needs a real credential where it authenticates: the signed assertion, the secret, or the client
        // assertion; anything else granted is an authentication bypass
        String raw = text.substring(first + 1);
        boolean mayGrant = raw.contains("$ASSERTION") || raw.contains("$SECRET") || raw.contains("$BASIC")
                || raw.contains("$CLIENT_ASSERTION");
        TokenEndpointInvariants.check(FIXTURE, form, contentType.isEmpty() ? null : contentType,
                authorization.isEmpty() ? null : authorization, mayGrant);
    }

    /** The pairs of the body, decoded and filled; null when its percent-encoding is broken (not this target's job). */
    private static Map<String, List<String>> formOf(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(fill(name), k -> new java.util.ArrayList<>(1)).add(fill(value));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return form;
    }

    private static String fill(String s) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        String out = s.replace("$KEY", FIXTURE.app.consumerKey())
                .replace("$SECRET", OAuthFixture.SECRET)
                .replace("$USER", FIXTURE.user.username())
                .replace("$ASSERTION", ASSERTION)
                .replace("$BASIC", Base64.getEncoder().encodeToString((FIXTURE.app.consumerKey() + ":"
                        + OAuthFixture.SECRET).getBytes(StandardCharsets.UTF_8)));
        return out.contains("$CLIENT_ASSERTION")
                ? out.replace("$CLIENT_ASSERTION", FIXTURE.clientAssertion().build()) : out;
    }
}
