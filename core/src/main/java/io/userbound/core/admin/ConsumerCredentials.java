package io.userbound.core.admin;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New consumer keys and secrets in Salesforce's shapes: a key is {@code 3MVG9} followed by 80 base-62 characters
 * (public, it names the app); a secret is 64 upper-case hex characters (256 random bits, shown once).
 */
public final class ConsumerCredentials {
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsumerCredentials() {
    }

    public static String newConsumerKey() {
        StringBuilder out = new StringBuilder(85).append("3MVG9");
        for (int i = 0; i < 80; i++) {
            out.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return out.toString();
    }

    public static String newConsumerSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
