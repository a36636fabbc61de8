package io.userbound.server.auth;

import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.PermittedUsers;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.User;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.protocol.RestErrorCode;
import java.util.Optional;

/**
 * Turns the credentials of an API request into a {@link Caller} ({@code salesforce-compat.md} section 9 rule 9):
 * {@code Authorization: Bearer <token>} (Salesforce's older {@code OAuth <token>} scheme is accepted too). A missing,
 * unknown, expired or revoked token, or one whose user is no longer active or may no longer use the token's app
 * ({@link PermittedUsers#mayHoldTokens}: the grant or approval was removed, the app deleted), is 401
 * {@code INVALID_SESSION_ID}; a header with another scheme or no token is 401 {@code INVALID_AUTH_HEADER}. The user,
 * the app and the access are read through the 1-second configuration caches, so a change made on another node applies
 * here within that bound even before the tokens it revoked drop out of the bearer cache.
 */
public final class Authenticator {
    static final String SESSION_INVALID = "Session expired or invalid";

    private final BearerTokenAuthenticator tokens;
    private final UserStore users;
    private final ConnectedAppStore apps;
    private final PermittedUsers permitted;
    private final EffectivePermissions permissions;

    public Authenticator(BearerTokenAuthenticator tokens, UserStore users, ConnectedAppStore apps, PermittedUsers permitted,
            EffectivePermissions permissions) {
        this.tokens = tokens;
        this.users = users;
        this.apps = apps;
        this.permitted = permitted;
        this.permissions = permissions;
    }

    /** The caller of a request that must carry an {@code Authorization} header. */
    Caller require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw invalidSession();
        }
        return caller(tokenOf(header));
    }

    /**
     * The caller of an identity request: the {@code Authorization} header, or else the {@code oauth_token} query
     * parameter (jsforce sends both).
     */
    Caller requireHeaderOrQuery(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && !header.isBlank()) {
            return caller(tokenOf(header));
        }
        String token = ctx.queryParam("oauth_token");
        if (token == null || token.isBlank()) {
            throw invalidSession();
        }
        return caller(token.strip());
    }

    private Caller caller(String token) {
        Optional<AccessTokenRecord> record = tokens.authenticate(token);
        if (record.isEmpty()) {
            throw invalidSession();
        }
        AccessTokenRecord r = record.get();
        User user = users.findById(r.userId())
                .filter(u -> u.active() && u.orgId().equals(r.orgId()))
                .orElseThrow(Authenticator::invalidSession);
        apps.findById(r.appId()).filter(app -> permitted.mayHoldTokens(app, user, r.grantType()))
                .orElseThrow(Authenticator::invalidSession);
        return Caller.of(r, user, permissions);
    }

    /** The token of a {@code Bearer} or {@code OAuth} header. */
    static String tokenOf(String header) {
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0) {
            throw invalidHeader();
        }
        String scheme = h.substring(0, space);
        String token = h.substring(space + 1).strip();
        if (!(scheme.equalsIgnoreCase("Bearer") || scheme.equalsIgnoreCase("OAuth")) || token.isEmpty()) {
            throw invalidHeader();
        }
        return token;
    }

    static ApiException invalidSession() {
        return new ApiException(RestErrorCode.INVALID_SESSION_ID, SESSION_INVALID);
    }

    private static ApiException invalidHeader() {
        return new ApiException(RestErrorCode.INVALID_AUTH_HEADER, "INVALID_AUTH_HEADER");
    }
}
