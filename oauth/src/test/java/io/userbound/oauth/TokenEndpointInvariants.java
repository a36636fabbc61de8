package io.userbound.oauth;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.protocol.TokenResponse;
import java.util.List;
import java.util.Map;

/**
 * What must hold for every request the token endpoint is handed, however hostile (issue 12, parts 2 and 5): it is
 * answered with a token or refused with an {@link OAuthException} that is the client's fault, never a server error or
 * another exception; it leaves exactly one {@code LoginHistory} row; a refusal leaves no token and a token is recorded
 * as one successful login; and a token is granted only when the request carried a real credential. Shared by the fuzz
 * targets over the endpoint.
 */
final class TokenEndpointInvariants {
    private TokenEndpointInvariants() {
    }

    /**
     * @param mayGrant false when the request holds no valid credential (then a token is a finding: an authentication
     *     bypass)
     */
    static void check(OAuthFixture fixture, Map<String, List<String>> form, String contentType, String authorization,
            boolean mayGrant) {
        int rowsBefore = fixture.history.size();
        int tokensBefore = fixture.tokens.size();
        TokenResponse granted = null;
        OAuthException refused = null;
        try {
            granted = fixture.post(form, contentType, authorization);
        } catch (OAuthException e) {
            refused = e;
        }
        int rows = fixture.history.size();
        if (rows != rowsBefore + 1) {
            throw new AssertionError("expected exactly one LoginHistory row for " + form + ", found "
                    + (rows - rowsBefore));
        }
        LoginHistoryEntry row = fixture.history.last();
        int newTokens = fixture.tokens.size() - tokensBefore;
        if (refused != null) {
            if (refused.error() == OAuthError.SERVER_ERROR) {
                throw new AssertionError("a server error for a client's request " + form, refused);
            }
            if (newTokens != 0) {
                throw new AssertionError("a refused request stored " + newTokens + " token(s): " + form);
            }
            if ("Success".equals(row.status())) {
                throw new AssertionError("a refused request was recorded as a successful login: " + row);
            }
        } else {
            if (!mayGrant) {
                throw new AssertionError("a token for a request without a valid credential: " + form
                        + ", Authorization " + authorization);
            }
            if (granted.accessToken() == null || newTokens != 1) {
                throw new AssertionError("a granted request stored " + newTokens + " token(s): " + form);
            }
            if (!"Success".equals(row.status())) {
                throw new AssertionError("a granted request was recorded as " + row.status());
            }
        }
    }
}
