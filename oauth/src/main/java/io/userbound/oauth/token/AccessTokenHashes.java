package io.userbound.oauth.token;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How an opaque access token is laid out, stored and found: {@code <15-char org id>!<18-char token id><secret>}. The
 * token id selects the row (a primary-key read); the SHA-256 hash of the whole token, compared in constant time with
 * the stored hash, verifies it (the split-token pattern). Tokens themselves are never stored.
 */
public final class AccessTokenHashes {
    private static final HexFormat HEX = HexFormat.of();
    /** Where the token id starts: after the 15-character org id and the {@code !}. */
    private static final int ID_START = 16;
    private static final int ID_END = ID_START + 18;

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

    /**
     * @param orgId15 the org's 15-character id
     * @param tokenId the token row's 18-character id
     * @param secret the random part, from {@code [A-Za-z0-9_.]}
     * @return the token string a client receives
     */
    static String format(String orgId15, String tokenId, String secret) {
        return orgId15 + "!" + tokenId + secret;
    }

    /**
     * @param token a presented token; may be null
     * @return the access-token id it carries, or empty when it carries none (not a token of ours)
     */
    public static Optional<String> tokenId(String token) {
        if (token == null || token.length() <= ID_END || token.charAt(ID_START - 1) != '!') {
            return Optional.empty();
        }
        return SalesforceId.parse(token.substring(ID_START, ID_END))
                .filter(id -> id.is(KeyPrefix.ACCESS_TOKEN))
                .map(SalesforceId::id18);
    }

    /**
     * Finds the stored row of a presented token: the row its id names, if that row's hash is the token's hash.
     *
     * @param token a presented token; may be null
     * @return the row, whether active, expired or revoked; empty for a token that was never issued
     * @throws RuntimeException when the store fails
     */
    public static Optional<AccessTokenRecord> find(TokenStore tokens, String token) {
        return token == null ? Optional.empty() : find(tokens, token, sha256Hex(token));
    }

    /** {@link #find(TokenStore, String)} when the caller already has the token's {@link #sha256Hex(String) hash}. */
    public static Optional<AccessTokenRecord> find(TokenStore tokens, String token, String tokenHash) {
        return tokenId(token).flatMap(tokens::findById).filter(r -> matches(r, tokenHash));
    }

    /** Constant time in the hash, so a near miss takes as long as a far one. */
    private static boolean matches(AccessTokenRecord record, String tokenHash) {
        return MessageDigest.isEqual(record.tokenHash().getBytes(StandardCharsets.US_ASCII),
                tokenHash.getBytes(StandardCharsets.US_ASCII));
    }
}
