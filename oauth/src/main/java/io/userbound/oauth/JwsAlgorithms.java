package io.userbound.oauth;

import com.nimbusds.jose.JWSAlgorithm;

/** Classification of JWS algorithm names (RFC 7518 section 3.1). */
public final class JwsAlgorithms {
    private JwsAlgorithms() {
    }

    /** True for the RSA and ECDSA signature algorithms; false for {@code none}, HMAC and anything unknown. */
    static boolean isAsymmetric(String name) {
        if (name == null) {
            return false;
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(name);
        return JWSAlgorithm.Family.RSA.contains(alg) || JWSAlgorithm.Family.EC.contains(alg);
    }

    /** True for {@code none} (any case) and the HMAC algorithms, which are never accepted for assertions. */
    public static boolean isForbidden(String name) {
        return name == null || "none".equalsIgnoreCase(name)
                || JWSAlgorithm.Family.HMAC_SHA.contains(JWSAlgorithm.parse(name));
    }
}
