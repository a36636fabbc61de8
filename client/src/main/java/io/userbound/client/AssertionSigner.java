package io.userbound.client;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;

/**
 * Signs the assertions of the token sources: the JWT bearer grant's (RFC 7523 section 2.1) and {@code private_key_jwt}
 * client assertions (RFC 7523 section 2.2). The key and the header settings are fixed, and checked, when the source
 * is built. Each call signs a fresh assertion with a new {@code jti}. Thread-safe.
 *
 * @param key the private key; never null
 * @param keyId the {@code kid} header; may be null
 * @param algorithm the JWS algorithm; null for the key's default
 * @param lifetime the assertion lifetime; never null
 * @param clock the clock; never null
 */
record AssertionSigner(PrivateKey key, String keyId, String algorithm, Duration lifetime, Clock clock) {

    /** @throws IllegalArgumentException when the key is unusable or the algorithm does not fit it */
    AssertionSigner {
        // fail now, not at the first token request, when the key does not fit
        AssertionBuilder probe = AssertionBuilder.forKey(key);
        if (algorithm != null) {
            probe.algorithm(algorithm);
        }
    }

    /** A signed assertion with these {@code iss}, {@code sub} and {@code aud}. */
    String sign(String issuer, String subject, String audience) {
        AssertionBuilder assertion = AssertionBuilder.forKey(key)
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .lifetime(lifetime)
                .clock(clock);
        if (keyId != null) {
            assertion.keyId(keyId);
        }
        if (algorithm != null) {
            assertion.algorithm(algorithm);
        }
        return assertion.sign();
    }

    @Override
    public String toString() {
        return "AssertionSigner[keyId=" + keyId + ", algorithm=" + algorithm + ", lifetime=" + lifetime + "]";
    }
}
