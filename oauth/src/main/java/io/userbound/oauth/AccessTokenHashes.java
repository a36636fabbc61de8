package io.userbound.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash under which access tokens are stored and looked up: tokens themselves are never stored. */
public final class AccessTokenHashes {
    private static final HexFormat HEX = HexFormat.of();

    private AccessTokenHashes() {
    }

    /**
     * @param token the token string; never null
     * @return lower-case hex SHA-256 of its UTF-8 bytes (64 characters)
     */
    public static String sha256Hex(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
