package io.userbound.oauth;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.userbound.protocol.GrantTypes;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the JWT parser and the checks of an assertion (issue 12, part 5): the JOSE header and
 * claims set are fuzzed as JSON text (the target base64url-encodes them, so the fuzzer reaches Nimbus's JSON parsing and
 * every claim check rather than stopping at the base64 layer), and then posted as a JWT bearer grant. Every input is
 * refused as the client's fault with one {@code LoginHistory} row and no token ({@link TokenEndpointInvariants}): the
 * fuzzer holds no private key, so a token would be a signature bypass ({@code none}, HMAC with a public key, an empty
 * signature).
 *
 * <p>Input: {@code header-json LF claims-json LF signature}; with fewer than two line feeds, the whole input is the
 * assertion, as sent. The corpus ({@code JwtAssertionFuzzTestInputs}) holds readable seeds in that form.
 */
class JwtAssertionFuzzTest {
    private static final OAuthFixture FIXTURE = new OAuthFixture();

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"\"alg\"", "\"RS256\"", "\"ES256\"", "\"PS256\"", "\"HS256\"", "\"none\"", "\"typ\"", "\"JWT\"",
        "\"kid\"", "\"jku\"", "\"x5u\"", "\"x5c\"", "\"x5t#S256\"", "\"jwk\"", "\"crit\"", "\"zip\"", "\"DEF\"", "\"b64\"",
        "\"iss\"", "\"sub\"", "\"aud\"", "\"exp\"", "\"iat\"", "\"nbf\"", "\"jti\"", "\"3MVG9fixtureConsumerKey\"",
        "\"integration@acme.example\"", "\"http://127.0.0.1:8080\"", "1772359200", "1772359380", "null", "true",
        "[]", "{}", "1e309", "-0", "\"\\u0000\""})
    void assertion(byte[] input) {
        TokenEndpointInvariants.check(FIXTURE, OAuthFixture.form("grant_type", GrantTypes.JWT_BEARER, "assertion",
                assemble(input)), OAuthFixture.FORM, null, false);
    }

    private static String assemble(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
        if (second < 0) {
            return text;
        }
        return TestAssertions.b64(text.substring(0, first)) + "." + TestAssertions.b64(text.substring(first + 1, second))
                + "." + text.substring(second + 1);
    }
}
