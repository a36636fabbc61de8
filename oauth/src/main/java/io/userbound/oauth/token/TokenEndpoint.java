package io.userbound.oauth.token;

import io.userbound.core.IdGenerator;
import io.userbound.core.LogThrottle;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.StoreException;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.clientauth.ClientAuthenticationPhase;
import io.userbound.oauth.grant.AuthenticatedClient;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.JtiUse;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint after HTTP ({@code architecture.md} section 4): parse the form once into a typed
 * {@link TokenRequest}, find the {@link GrantHandler} by exact {@code grant_type}, authenticate the client
 * ({@link ClientAuthenticationPhase}), let the handler decide, issue the token, and write exactly one
 * {@code LoginHistory} row per request, success or failure ({@link LoginAttempt}). A success stores the mark of the
 * assertion id it used up (if any), its token and its audit row in one commit through the {@link GrantWriter}.
 * Thread-safe.
 */
public final class TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
    private static final LogThrottle UNAVAILABLE = new LogThrottle(LOG, Duration.ofSeconds(10));
    /** Refusals that name no known app: no org admin sees them, so the operator's security log does. */
    private static final LogThrottle UNATTRIBUTED = new LogThrottle(LoggerFactory.getLogger("io.userbound.security"),
            Duration.ofSeconds(10));

    private final Map<String, GrantHandler> handlers;
    private final TokenRequestParser parser;
    private final ClientAuthenticationPhase clients;
    private final TokenIssuer issuer;
    private final GrantWriter grantWriter;
    private final LoginHistoryStore history;
    private final IdGenerator ids;
    private final Clock clock;
    private final OAuthSettings settings;
    private final String instanceUrl;
    private final RefusalAttribution attribution;
    private final LongAdder unattributedRefusals = new LongAdder();

    /**
     * @param handlers one per {@code grant_type}
     * @param clients authenticates the client before the handler decides
     * @param grantWriter stores a granted request's {@code jti} mark, token and success row in one commit: the
     *     store's group-commit writer, or a {@link TransactionalGrantWriter}
     * @param attribution names the app (and user) of a request refused before its grant resolved them, for its
     *     {@code LoginHistory} row
     * @throws IllegalArgumentException when two handlers serve the same {@code grant_type}
     */
    public TokenEndpoint(List<GrantHandler> handlers, ClientAuthenticationPhase clients, TokenIssuer issuer,
            GrantWriter grantWriter, LoginHistoryStore history, IdGenerator ids, Clock clock, OAuthSettings settings,
            RefusalAttribution attribution) {
        Map<String, GrantHandler> byType = new HashMap<>();
        for (GrantHandler handler : handlers) {
            if (byType.put(handler.grantType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for grant_type " + handler.grantType());
            }
        }
        this.handlers = Map.copyOf(byType);
        this.parser = new TokenRequestParser(this.handlers.keySet());
        this.clients = clients;
        this.issuer = issuer;
        this.grantWriter = grantWriter;
        this.history = history;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.instanceUrl = settings.instanceUrl();
        this.attribution = attribution;
    }

    /** The {@code grant_type} values served. */
    public Set<String> grantTypes() {
        return handlers.keySet();
    }

    /**
     * The client authentication methods this endpoint takes, by their RFC 8414 names: those the parser reads
     * ({@link ClientAuthentication.Method}), plus {@code private_key_jwt} when a grant takes client assertions.
     */
    public List<String> clientAuthenticationMethods() {
        List<String> methods = new ArrayList<>();
        for (ClientAuthentication.Method m : ClientAuthentication.Method.values()) {
            methods.add(m.name().toLowerCase(Locale.ROOT));
        }
        if (handlers.values().stream()
                .anyMatch(h -> h.clientAuthentication() == GrantHandler.ClientAuthenticationRule.REQUIRED)) {
            methods.add("private_key_jwt");
        }
        return List.copyOf(methods);
    }

    /**
     * The whole token endpoint after HTTP: parse, dispatch by exact grant_type, decide, issue, audit. Always writes
     * exactly one {@code LoginHistory} row (success or failure, with the typed reason, app, user, username,
     * consumer key, certificate thumbprint, source IP, login URL, user agent and debug detail). A refusal that came
     * before the grant resolved the app is attributed to the app the request names ({@link RefusalAttribution}), so
     * it lands in that org's LoginHistory; one that names no known app is also counted
     * ({@link #unattributedRefusals}) and logged, rate-limited, on the {@code io.userbound.security} logger.
     *
     * @param form form parameters as parsed from the body (name to all values); null when the body was not
     *     form-encoded
     * @param contentType the request Content-Type; may be null
     * @param authorizationHeader may be null
     * @param origin where the request came from; never null
     * @return the Salesforce-shaped reply: {@code access_token}, {@code scope}, {@code instance_url} (the base
     *     origin), {@code id} (the identity URL), {@code token_type} {@code Bearer}, {@code issued_at} (milliseconds,
     *     as a string), {@code expires_in} (seconds), and {@code signature} when the request presented a consumer
     *     secret that was verified
     * @throws OAuthException the refusal, already audited; {@link OAuthError#SERVER_ERROR} when a store failed
     */
    public TokenResponse handle(Map<String, List<String>> form, String contentType, String authorizationHeader,
            RequestOrigin origin) {
        TokenRequest request;
        try {
            request = parser.parse(form, contentType, authorizationHeader, origin);
        } catch (OAuthException e) {
            auditFramingFailure(form, authorizationHeader, origin, e);
            throw e;
        } catch (RuntimeException e) {
            LOG.error("token request parsing failed on the server side", e);
            OAuthException failure = new OAuthException(OAuthError.SERVER_ERROR, LoginReason.SERVER_ERROR,
                    "server error: " + e.getClass().getName());
            auditFramingFailure(form, authorizationHeader, origin, failure);
            throw failure;
        }
        GrantHandler handler = handlers.get(request.grantType());
        LoginAttempt attempt = request.newAttempt();
        try {
            // client authentication first, then the grant's decision (architecture.md section 4.2)
            AuthenticatedClient client = clients.authenticate(handler, request, attempt);
            GrantDecision decision = handler.decide(request, client, attempt).issuedBy(handler.grantType());
            return grant(handler, decision, attempt);
        } catch (OAuthException e) {
            LOG.debug("token request refused: {} ({}): {}", e.error().code(), e.reason(), e.debug());
            appendQuietly(refusalEntry(attempt, handler, form, authorizationHeader, e.reason(), e.debug()));
            throw e;
        } catch (RuntimeException e) {
            if (StoreException.isUnavailable(e)) {
                // the database is away: one WARN line now and then, not a stack trace per request, and no LoginHistory
                // row, which could not be written either and would only hold the 503 back
                UNAVAILABLE.warn("token request refused with 503: the database is unavailable ({})", e.getMessage());
                throw new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, LoginReason.SERVER_ERROR,
                        "database unavailable");
            }
            LOG.error("token request failed on the server side", e);
            appendQuietly(refusalEntry(attempt, handler, form, authorizationHeader, LoginReason.SERVER_ERROR,
                    "server error: " + e.getClass().getName()));
            throw new OAuthException(OAuthError.SERVER_ERROR, LoginReason.SERVER_ERROR, e.getClass().getName());
        }
    }

    /**
     * The one success path: the assertion's {@code jti} mark, the token and the success row commit together or not
     * at all, through the {@link GrantWriter} (group commit or one transaction), so a failed issue never burns the
     * {@code jti}.
     */
    private TokenResponse grant(GrantHandler handler, GrantDecision decision, LoginAttempt attempt) {
        JtiUse jti = decision.jti();
        for (int tries = 1; ; tries++) {
            Instant now = clock.instant();
            IssuedToken issued = issuer.mint(decision, now);
            try {
                LoginHistoryEntry success = attempt.toEntry(ids.next(KeyPrefix.LOGIN_HISTORY), decision.app(),
                        decision.user(), attempt.username(), handler.loginSubType(), LoginReason.SUCCESS,
                        attempt.note(), now);
                if (!grantWriter.write(issued.record(), success, jti == null ? null : jti.mark())) {
                    throw jti.refusal();
                }
                return response(decision, issued, attempt.verifiedSecret());
            } catch (DuplicateValueException e) {
                // Ids never repeat on one node, but two nodes that drew the same id tag can make the same id
                // (rarely). The primary key refused this grant's rows and nothing of it was written, its jti
                // included, so it is made once more, with ids of a new tag.
                if (tries == ID_CLASH_TRIES) {
                    throw e;
                }
                ids.reseed();
                LOG.info("token or LoginHistory id already taken ({}); issuing with new ids", e.field());
            }
        }
    }

    /** How often a grant is written before an id clash fails it. */
    public static final int ID_CLASH_TRIES = 2;

    private TokenResponse response(GrantDecision decision, IssuedToken token, String verifiedSecret) {
        User user = decision.user();
        String scope = String.join(" ", new TreeSet<>(decision.scopes()));
        Instant issuedAt = token.record().issuedAt();
        long expiresIn = Duration.between(issuedAt, token.record().expiresAt()).getSeconds();
        String id = settings.identityUrl(user.orgId(), user.id());
        String issuedAtMillis = Long.toString(issuedAt.toEpochMilli());
        return new TokenResponse(token.accessToken(), scope, instanceUrl, id, "Bearer", issuedAtMillis,
                verifiedSecret == null ? null : signature(id, issuedAtMillis, verifiedSecret), expiresIn);
    }

    /**
     * Salesforce's {@code signature}: base64 HMAC-SHA256 of {@code id + issued_at}, keyed with the consumer secret,
     * so a client can check that the reply came from a server that knows its secret. The server keeps only a keyed
     * hash of the secret, so it signs only when the request itself presented the secret and it was verified.
     */
    static String signature(String id, String issuedAt, String consumerSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(consumerSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((id + issuedAt).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The row of a refused request: what the grant resolved, or else what the request names, unverified (the row
     * only; nothing is decided on it).
     */
    private LoginHistoryEntry refusalEntry(LoginAttempt attempt, GrantHandler handler,
            Map<String, List<String>> form, String authorizationHeader, LoginReason reason, String detail) {
        String id = ids.next(KeyPrefix.LOGIN_HISTORY);
        if (attempt.app() != null) {
            return attempt.toEntry(id, handler.loginSubType(), reason, detail, clock.instant());
        }
        RefusalAttribution.Named named = named(form, authorizationHeader, reason, attempt.origin().remoteAddress());
        return attempt.toEntry(id, named == null ? null : named.app(), named == null ? null : named.user(),
                attempt.username() != null || named == null ? attempt.username() : named.username(),
                handler.loginSubType(), reason, detail, clock.instant());
    }

    /** The app a refused request names; null (counted and logged) when it names none that exists. */
    private RefusalAttribution.Named named(Map<String, List<String>> form, String authorizationHeader,
            LoginReason reason, String sourceIp) {
        RefusalAttribution.Named named;
        try {
            named = attribution.of(RefusalAttribution.firstValues(form), authorizationHeader).orElse(null);
        } catch (RuntimeException e) {
            // the refusal stands and is recorded without an org; a failing lookup must not replace it
            LOG.debug("could not attribute a refused token request: {}", e.toString());
            named = null;
        }
        if (named == null) {
            unattributedRefusals.increment();
            UNATTRIBUTED.warn("token request refused naming no known app: {} from {}", reason,
                    sourceIp == null || sourceIp.isEmpty() ? "an unknown address" : sourceIp);
        }
        return named;
    }

    /** How many refused token requests named no known app since start (a Prometheus counter). */
    public long unattributedRefusals() {
        return unattributedRefusals.sum();
    }

    /**
     * Refuses a request that never reached {@link #handle} because HTTP could not turn its body into a form (broken
     * percent-encoding, a body over the size limit). It still gets its one {@code LoginHistory} row, attributed to
     * the app a Basic {@code Authorization} header names.
     *
     * @param error what the client sees; never null
     * @param debug the detail for the audit row and the log; never null
     * @param authorizationHeader may be null
     * @param origin never null
     * @return the refusal to throw (already audited)
     */
    public OAuthException refuse(OAuthError error, String debug, String authorizationHeader, RequestOrigin origin) {
        OAuthException e = new OAuthException(error, LoginReason.INVALID_REQUEST, debug);
        auditFramingFailure(null, authorizationHeader, origin, e);
        return e;
    }

    /** A request refused before it became a {@link TokenRequest}: only the raw context is known. */
    private void auditFramingFailure(Map<String, List<String>> form, String authorizationHeader,
            RequestOrigin origin, OAuthException e) {
        LOG.debug("token request refused: {} ({}): {}", e.error().code(), e.reason(), e.debug());
        String grantType = single(form, "grant_type");
        GrantHandler handler = grantType == null ? null : handlers.get(grantType);
        RefusalAttribution.Named named = named(form, authorizationHeader, e.reason(), origin.remoteAddress());
        LoginAttempt attempt = new LoginAttempt(origin, single(form, "client_id"));
        appendQuietly(attempt.toEntry(ids.next(KeyPrefix.LOGIN_HISTORY), named == null ? null : named.app(),
                named == null ? null : named.user(), named == null ? null : named.username(),
                handler == null ? null : handler.loginSubType(), e.reason(), e.debug(), clock.instant()));
    }

    private static String single(Map<String, List<String>> form, String name) {
        if (form == null) {
            return null;
        }
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Appends a failure row; a failing store must not replace the refusal the client is owed. */
    private void appendQuietly(LoginHistoryEntry entry) {
        try {
            history.append(entry);
        } catch (RuntimeException e) {
            if (StoreException.isUnavailable(e)) {
                UNAVAILABLE.warn("could not append LoginHistory {} ({}): the database is unavailable", entry.id(),
                        entry.reason());
            } else {
                LOG.error("could not append LoginHistory {} ({})", entry.id(), entry.reason(), e);
            }
        }
    }
}
