package io.userbound.oauth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Cheap checks on a presented token string, made before any store lookup. */
public final class TokenShapes {
    private TokenShapes() {
    }

    /**
     * Whether the string could be a token of ours: non-empty printable ASCII without spaces, at most
     * {@link BearerTokenAuthenticator#MAX_TOKEN_LENGTH} characters. Anything else is never looked up.
     */
    public static boolean plausible(String token) {
        if (token == null || token.isEmpty() || token.length() > BearerTokenAuthenticator.MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the string is a compact JWT (RFC 7519 section 7.2): three base64url parts whose first decodes to a JSON
     * object. Userbound's opaque tokens never are: they hold a {@code !}, which base64url has not.
     */
    public static boolean isJwt(String token) {
        if (token == null) {
            return false;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!base64url) {
                return false;
            }
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, first)),
                    StandardCharsets.UTF_8).strip();
            return header.startsWith("{") && header.endsWith("}");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
