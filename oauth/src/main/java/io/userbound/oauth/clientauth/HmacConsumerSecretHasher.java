package io.userbound.oauth.clientauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Consumer secret hashes as lower-case hex HMAC-SHA256 of the secret's UTF-8 bytes, keyed with a server-wide pepper
 * that lives outside the database.
 */
public final class HmacConsumerSecretHasher implements ConsumerSecretHasher {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    /** @param pepper the key; at least 16 bytes; copied */
    public HmacConsumerSecretHasher(byte[] pepper) {
        if (pepper == null || pepper.length < 16) {
            throw new IllegalArgumentException("the pepper must hold at least 16 bytes");
        }
        this.key = new SecretKeySpec(pepper.clone(), ALGORITHM);
    }

    /** The stored form of a secret: lower-case hex HMAC-SHA256 (64 characters). */
    public String hash(String secret) {
        return HEX.formatHex(mac(secret));
    }

    @Override
    public boolean matches(String presentedSecret, String storedHash) {
        if (presentedSecret == null || storedHash == null) {
            return false;
        }
        byte[] expected = HEX.formatHex(mac(presentedSecret)).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = storedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, stored);
    }

    private byte[] mac(String secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
