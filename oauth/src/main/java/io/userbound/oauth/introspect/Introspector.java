package io.userbound.oauth.introspect;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.TokenHolderPolicy;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.EndpointForm;
import io.userbound.oauth.token.TokenShapes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Token introspection (RFC 7662) without HTTP. The caller is a connected app that authenticates with its consumer key
 * and secret, in the body or in a Basic header ({@code salesforce-compat.md} section 5.2). An app sees its own tokens;
 * it sees the tokens of every app of its org when its run-as user holds {@code ViewAllTokens}. Any other token, and
 * every unknown, expired, revoked or malformed one, or one whose user is no longer active or may no longer use the
 * token's app ({@link TokenHolderPolicy#mayHold}), is {@link Introspection#INACTIVE}: the answer never tells a
 * caller that a token it may not see exists.
 *
 * <p>The token is looked up in the store on every call, not in the bearer cache, so a revocation made on any node shows
 * at once. Writes nothing. Thread-safe.
 */
public final class Introspector {
    /** The client authentication methods accepted, by their RFC 8414 names. */
    public static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post");

    private final TokenStore tokens;
    private final ConnectedAppStore apps;
    private final UserStore users;
    private final EffectivePermissions permissions;
    private final TokenHolderPolicy holders;
    private final ClientAuthenticator clients;
    private final Clock clock;

    /** @param clients checks the caller's consumer secret */
    public Introspector(TokenStore tokens, ConnectedAppStore apps, UserStore users, EffectivePermissions permissions,
            TokenHolderPolicy holders, ClientAuthenticator clients, Clock clock) {
        this.tokens = tokens;
        this.apps = apps;
        this.users = users;
        this.permissions = permissions;
        this.holders = holders;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * @param form the body's parameters (name to every value); null when the body was not form-encoded
     * @param authorizationHeader may be null
     * @return the answer; never null
     * @throws OAuthException {@code invalid_request} (400) for a body that is not a form, a repeated parameter, two
     *     client authentication methods or a missing {@code token}; {@code invalid_client} (401, with
     *     {@code WWW-Authenticate: Basic} when the credentials came in a Basic header or were absent) for missing,
     *     unknown or wrong client credentials
     * @throws RuntimeException when a store fails
     */
    public Introspection introspect(Map<String, List<String>> form, String authorizationHeader) {
        EndpointForm request = EndpointForm.parse(form, authorizationHeader);
        ConnectedApp caller = authenticate(request.client());
        String token = request.parameter("token");
        if (token == null) {
            throw new OAuthException(OAuthError.TOKEN_MISSING, LoginReason.INVALID_REQUEST, "no token parameter");
        }
        // RFC 7662 section 2.1: a server unable to locate the token with the token_type_hint "MUST extend its search
        // across all of its supported token types". Userbound has one type, so the hint never narrows the search.
        if (!TokenShapes.plausible(token)) {
            return Introspection.INACTIVE;
        }
        Optional<AccessTokenRecord> found = AccessTokenHashes.find(tokens, token);
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().isActiveAt(now)) {
            return Introspection.INACTIVE;
        }
        AccessTokenRecord record = found.get();
        boolean own = record.appId().equals(caller.id());
        if (!own && !mayViewAllTokens(caller, record)) {
            return Introspection.INACTIVE;
        }
        Optional<User> user = users.findById(record.userId());
        Optional<ConnectedApp> app = own ? Optional.of(caller) : apps.findById(record.appId());
        if (user.isEmpty() || app.isEmpty() || !holders.mayHold(app.get(), user.get(), record)) {
            return Introspection.INACTIVE;
        }
        return new Introspection(true, String.join(" ", new TreeSet<>(record.scopes())), app.get().consumerKey(),
                user.get().username(), user.get().id(), record.issuedAt(), record.expiresAt());
    }

    /** The calling app, authenticated by its consumer key and a non-empty secret. */
    private ConnectedApp authenticate(ClientAuthentication presented) {
        // RFC 7662 section 2.1: "the endpoint MUST also require some form of authorization to access this endpoint"
        if (presented == null || presented.clientSecret() == null || presented.clientSecret().isEmpty()) {
            throw new OAuthException(OAuthError.CLIENT_AUTHENTICATION_REQUIRED, LoginReason.INVALID_CLIENT_CREDENTIALS,
                    presented == null ? "no client authentication" : "no client secret").withBasicChallenge();
        }
        Optional<ConnectedApp> app = apps.findByConsumerKey(presented.clientId());
        if (app.isEmpty()) {
            OAuthException refused = new OAuthException(OAuthError.INVALID_CLIENT_CREDENTIALS,
                    LoginReason.UNKNOWN_CLIENT, "unknown client_id " + Debug.quote(presented.clientId()));
            throw presented.method() == ClientAuthentication.Method.CLIENT_SECRET_BASIC
                    ? refused.withBasicChallenge() : refused;
        }
        clients.verify(presented, app.get());
        return app.get();
    }

    /** The caller's run-as user is active, in the token's org, and holds {@code ViewAllTokens}. */
    private boolean mayViewAllTokens(ConnectedApp caller, AccessTokenRecord record) {
        if (caller.runAsUserId() == null || !caller.orgId().equals(record.orgId())) {
            return false;
        }
        return users.findById(caller.runAsUserId())
                .filter(u -> u.active() && u.orgId().equals(caller.orgId()))
                .map(u -> permissions.has(u, SystemPermission.VIEW_ALL_TOKENS))
                .orElse(false);
    }
}
