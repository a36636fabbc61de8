package io.userbound.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds signed JWT bearer assertions. Starts from a valid one (RS256, {@code typ: JWT}, {@code iss}, {@code sub},
 * {@code aud}, {@code exp} now + 3 min, {@code iat} now) so each test tweaks one thing.
 */
final class TestAssertions {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private PrivateKey key;
    private byte[] hmacSecret;
    private String rawSignature;

    private TestAssertions() {
    }

    static TestAssertions valid(String iss, String sub, String aud, Instant now, PrivateKey key) {
        TestAssertions a = new TestAssertions();
        a.header.put("alg", "RS256");
        a.header.put("typ", "JWT");
        a.claims.put("iss", iss);
        a.claims.put("sub", sub);
        a.claims.put("aud", aud);
        a.claims.put("exp", now.getEpochSecond() + 180);
        a.claims.put("iat", now.getEpochSecond());
        a.key = key;
        return a;
    }

    TestAssertions alg(String alg) {
        header.put("alg", alg);
        return this;
    }

    /** Sets a header parameter; null removes it. */
    TestAssertions header(String name, Object value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** Sets a claim; null removes it. */
    TestAssertions claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    TestAssertions without(String claim) {
        claims.remove(claim);
        return this;
    }

    TestAssertions signedWith(PrivateKey privateKey) {
        this.key = privateKey;
        return this;
    }

    /** Signs with HMAC under this secret (for HS* algorithms). */
    TestAssertions hmacSecret(byte[] secret) {
        this.hmacSecret = secret;
        return this;
    }

    /** Uses these signature characters instead of signing. */
    TestAssertions rawSignature(String signature) {
        this.rawSignature = signature;
        return this;
    }

    String build() {
        String input = b64(JSONObjectUtils.toJSONString(header)) + "." + b64(JSONObjectUtils.toJSONString(claims));
        return input + "." + signature(input);
    }

    private String signature(String input) {
        if (rawSignature != null) {
            return rawSignature;
        }
        String alg = String.valueOf(header.get("alg"));
        if (alg.equalsIgnoreCase("none")) {
            return "";
        }
        try {
            JWSHeader parsed = JWSHeader.parse(header);
            JWSSigner signer;
            if (JWSAlgorithm.Family.HMAC_SHA.contains(parsed.getAlgorithm())) {
                signer = new MACSigner(hmacSecret);
            } else if (JWSAlgorithm.Family.EC.contains(parsed.getAlgorithm())) {
                signer = new ECDSASigner((ECPrivateKey) key);
            } else {
                signer = new RSASSASigner(key);
            }
            return signer.sign(parsed, input.getBytes(StandardCharsets.US_ASCII)).toString();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
