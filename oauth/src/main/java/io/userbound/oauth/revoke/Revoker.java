package io.userbound.oauth.revoke;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.TokenStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.oauth.token.EndpointForm;
import io.userbound.oauth.token.TokenShapes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocation (RFC 7009) without HTTP, as Salesforce serves it ({@code salesforce-compat.md} section 5.1):
 * whoever holds a token may revoke it, and client authentication is optional. When the request does carry client
 * credentials they must be right, and the token must have been issued to that app (RFC 7009 section 2.1).
 *
 * <p>A revoked token fails on the next REST call on this node (it is evicted from the
 * {@link BearerTokenAuthenticator}'s cache at once) and on other nodes within that cache's time-to-live. An unknown,
 * already revoked or expired token is accepted silently (RFC 7009 section 2.2). Each revocation is logged at INFO
 * with the token's record id, user and app, never the token. Thread-safe.
 */
public final class Revoker {
    private static final Logger LOG = LoggerFactory.getLogger(Revoker.class);
    /** The client authentication methods accepted, by their RFC 8414 names ({@code none}: no authentication). */
    public static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post", "none");

    /** What a successful revocation request did. */
    public enum Outcome {
        /** The token was active or expired and is now revoked. */
        REVOKED,
        /** The token had been revoked before. */
        ALREADY_REVOKED,
        /** No such token (RFC 7009 section 2.2: answered like a revocation). */
        UNKNOWN
    }

    private final TokenStore tokens;
    private final ConnectedAppStore apps;
    private final ClientAuthenticator clients;
    private final BearerTokenAuthenticator bearerCache;
    private final Clock clock;

    /**
     * @param clients checks a consumer secret when one is presented
     * @param bearerCache the REST API's token cache on this node, from which a revoked token is evicted
     */
    public Revoker(TokenStore tokens, ConnectedAppStore apps, ClientAuthenticator clients,
            BearerTokenAuthenticator bearerCache, Clock clock) {
        this.tokens = tokens;
        this.apps = apps;
        this.clients = clients;
        this.bearerCache = bearerCache;
        this.clock = clock;
    }

    /**
     * @param parameters the form body's (or, for Salesforce's GET form, the query's) parameters, name to every
     *     value; null when the body was not form-encoded
     * @param authorizationHeader may be null
     * @return what happened; the HTTP answer is 200 with an empty body in every case
     * @throws OAuthException {@code invalid_request} (400) for a body that is not a form, a repeated parameter, two
     *     client authentication methods or a missing {@code token}; {@code invalid_client} (401, with
     *     {@code WWW-Authenticate: Basic} when Basic was used) for an unknown client or a wrong secret;
     *     {@code unauthorized_client} (400) for the token of another app; {@code unsupported_token_type} (400) for a
     *     JWT, a kind of token Userbound neither issues nor revokes
     * @throws RuntimeException when a store fails
     */
    public Outcome revoke(Map<String, List<String>> parameters, String authorizationHeader) {
        EndpointForm request = EndpointForm.parse(parameters, authorizationHeader);
        ConnectedApp caller = request.client() == null ? null : authenticate(request.client());
        String token = request.parameter("token");
        if (token == null) {
            throw new OAuthException(OAuthError.TOKEN_MISSING, LoginReason.INVALID_REQUEST, "no token parameter");
        }
        // RFC 7009 section 2.1: a token_type_hint that does not find the token widens the search to every type;
        // Userbound has one type, so the hint is ignored.
        if (TokenShapes.isJwt(token)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_TOKEN_TYPE, LoginReason.INVALID_REQUEST,
                    "a JWT was presented for revocation");
        }
        // RFC 7009 section 2.2: "invalid tokens do not cause an error response"
        if (!TokenShapes.plausible(token)) {
            return Outcome.UNKNOWN;
        }
        Optional<AccessTokenRecord> found = AccessTokenHashes.find(tokens, token);
        if (found.isEmpty()) {
            return Outcome.UNKNOWN;
        }
        AccessTokenRecord record = found.get();
        // RFC 7009 section 2.1: the server "verifies whether the token was issued to the client making the
        // revocation request. If this validation fails, the request is refused"
        if (caller != null && !caller.id().equals(record.appId())) {
            throw new OAuthException(OAuthError.TOKEN_OF_ANOTHER_CLIENT, LoginReason.CLIENT_MISMATCH,
                    "token " + record.id() + " belongs to app " + record.appId() + ", not " + caller.id());
        }
        boolean revoked = tokens.revoke(record.id(), clock.instant());
        bearerCache.evict(token);
        if (revoked) {
            LOG.info("revoked access token {} of user {} (app {}) at the request of {}", record.id(),
                    record.userId(), record.appId(), caller == null ? "the token holder" : "app " + caller.id());
        }
        return revoked ? Outcome.REVOKED : Outcome.ALREADY_REVOKED;
    }

    /** The app named by the request's client authentication; its secret is checked when one was presented. */
    private ConnectedApp authenticate(ClientAuthentication presented) {
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
}
