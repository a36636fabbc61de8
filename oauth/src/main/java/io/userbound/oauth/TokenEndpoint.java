package io.userbound.oauth;

import io.userbound.core.IdGenerator;
import io.userbound.core.LogThrottle;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.StoreException;
import io.userbound.core.port.Transactions;
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
 * The token endpoint after HTTP ({@code architecture.md} section 4): parse the form, dispatch by exact
 * {@code grant_type} to one {@link GrantHandler}, issue the token, and write exactly one {@code LoginHistory} row
 * per request, success or failure. A success stores the mark of the assertion id it used up (if any), its token and its
 * audit row in one commit. Thread-safe.
 */
public final class TokenEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
    private static final LogThrottle UNAVAILABLE = new LogThrottle(LOG, Duration.ofSeconds(10));
    /** Refusals that name no known app: no org admin sees them, so the operator's security log does. */
    private static final LogThrottle UNATTRIBUTED = new LogThrottle(LoggerFactory.getLogger("io.userbound.security"),
            Duration.ofSeconds(10));
    private static final int MAX_RECORDED_LENGTH = 255;

    private final Map<String, GrantHandler> handlers;
    private final TokenRequestParser parser;
    private final TokenIssuer issuer;
    private final LoginHistoryStore history;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Clock clock;
    private final OAuthSettings settings;
    private final ClientAuthenticator clients;
    private final String instanceUrl;
    private final GrantWriter grantWriter;
    private final RefusalAttribution attribution;
    private final LongAdder unattributedRefusals = new LongAdder();

    /**
     * An endpoint that cannot check consumer secrets: a request presenting a non-empty secret is refused with
     * {@code invalid_client}. Servers that know their pepper use the overload with a {@link ConsumerSecretHasher}.
     */
    public TokenEndpoint(List<GrantHandler> handlers, TokenIssuer issuer, LoginHistoryStore history,
            Transactions transactions, IdGenerator ids, Clock clock, OAuthSettings settings) {
        this(handlers, issuer, history, transactions, ids, clock, settings, ConsumerSecretHasher.REJECT_ALL);
    }

    /**
     * @param handlers one per {@code grant_type}
     * @param secrets checks consumer secrets presented with a grant
     * @throws IllegalArgumentException when two handlers serve the same {@code grant_type}
     */
    public TokenEndpoint(List<GrantHandler> handlers, TokenIssuer issuer, LoginHistoryStore history,
            Transactions transactions, IdGenerator ids, Clock clock, OAuthSettings settings,
            ConsumerSecretHasher secrets) {
        this(handlers, issuer, history, transactions, ids, clock, settings, secrets, null);
    }

    /**
     * @param grantWriter stores a granted request's {@code jti} mark, token and success row together, typically by
     *     group commit; null to store them in one transaction per request
     */
    public TokenEndpoint(List<GrantHandler> handlers, TokenIssuer issuer, LoginHistoryStore history,
            Transactions transactions, IdGenerator ids, Clock clock, OAuthSettings settings,
            ConsumerSecretHasher secrets, GrantWriter grantWriter) {
        this(handlers, issuer, history, transactions, ids, clock, settings, secrets, grantWriter,
                RefusalAttribution.NONE);
    }

    /**
     * @param attribution names the app (and user) of a request refused before its grant resolved them, for its
     *     {@code LoginHistory} row
     */
    public TokenEndpoint(List<GrantHandler> handlers, TokenIssuer issuer, LoginHistoryStore history,
            Transactions transactions, IdGenerator ids, Clock clock, OAuthSettings settings,
            ConsumerSecretHasher secrets, GrantWriter grantWriter, RefusalAttribution attribution) {
        this.grantWriter = grantWriter;
        this.attribution = attribution;
        Map<String, GrantHandler> byType = new HashMap<>();
        for (GrantHandler handler : handlers) {
            if (byType.put(handler.grantType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for grant_type " + handler.grantType());
            }
        }
        this.handlers = Map.copyOf(byType);
        this.parser = new TokenRequestParser(this.handlers.keySet());
        this.issuer = issuer;
        this.history = history;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
        this.clients = new ClientAuthenticator(secrets, clock);
        this.instanceUrl = settings.instanceUrl();
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
        if (handlers.values().stream().anyMatch(GrantHandler::acceptsClientAssertions)) {
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
     * @param sourceIp the caller's address; may be null
     * @param loginUrl the URL the request was sent to; may be null
     * @param userAgent may be null
     * @return the Salesforce-shaped reply: {@code access_token}, {@code scope}, {@code instance_url} (the base
     *     origin), {@code id} (the identity URL), {@code token_type} {@code Bearer}, {@code issued_at} (milliseconds,
     *     as a string), {@code expires_in} (seconds), and {@code signature} when the request presented a consumer
     *     secret that was verified
     * @throws OAuthException the refusal, already audited; {@link OAuthError#SERVER_ERROR} when a store failed
     */
    public TokenResponse handle(Map<String, List<String>> form, String contentType, String authorizationHeader,
            String sourceIp, String loginUrl, String userAgent) {
        TokenRequest request;
        try {
            request = parser.parse(form, contentType, authorizationHeader, sourceIp, loginUrl, userAgent);
        } catch (OAuthException e) {
            auditFramingFailure(form, authorizationHeader, sourceIp, loginUrl, userAgent, e);
            throw e;
        } catch (RuntimeException e) {
            LOG.error("token request parsing failed on the server side", e);
            OAuthException failure = new OAuthException(OAuthError.SERVER_ERROR, LoginReason.SERVER_ERROR,
                    "server error: " + e.getClass().getName());
            auditFramingFailure(form, authorizationHeader, sourceIp, loginUrl, userAgent, failure);
            throw failure;
        }
        GrantHandler handler = handlers.get(request.grantType());
        LoginAttempt attempt = new LoginAttempt(request, clients);
        try {
            // The assertion's jti mark, the token and the success row commit together or not at all, so a failed
            // issue never burns the jti: in the group-commit writer's batch, or in one transaction per request.
            if (grantWriter != null) {
                GrantDecision decision = handler.decide(request, attempt).issuedBy(handler.grantType());
                JtiUse jti = decision.jti();
                for (int tries = 1; ; tries++) {
                    Instant now = clock.instant();
                    IssuedToken issued = issuer.mint(decision, now);
                    try {
                        if (!grantWriter.write(issued.record(), entry(attempt, handler, decision.app(),
                                decision.user(), LoginReason.SUCCESS, attempt.note(), now),
                                jti == null ? null : jti.mark())) {
                            throw jti.refusal();
                        }
                        return response(decision, issued, attempt.verifiedSecret());
                    } catch (DuplicateValueException e) {
                        // Ids never repeat on one node, but two nodes that drew the same id tag can make the same
                        // id (rarely). The primary key refused this grant's rows and nothing of it was written, its
                        // jti included, so it is made once more, with ids of a new tag.
                        if (tries == ID_CLASH_TRIES) {
                            throw e;
                        }
                        ids.reseed();
                        LOG.info("token or LoginHistory id already taken ({}); issuing with new ids", e.field());
                    }
                }
            }
            Granted granted = transactions.inTransaction(() -> {
                GrantDecision decision = handler.decide(request, attempt).issuedBy(handler.grantType());
                if (decision.jti() != null) {
                    decision.jti().claim();
                }
                Instant now = clock.instant();
                IssuedToken issued = issuer.issue(decision, now);
                history.append(entry(attempt, handler, decision.app(), decision.user(), LoginReason.SUCCESS,
                        attempt.note(), now));
                return new Granted(decision, issued);
            });
            return response(granted.decision(), granted.token(), attempt.verifiedSecret());
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

    private record Granted(GrantDecision decision, IssuedToken token) {
    }

    /** How often a grant is written before an id clash fails it. */
    static final int ID_CLASH_TRIES = 2;

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
        if (attempt.app() != null) {
            return entry(attempt, handler, attempt.app(), attempt.user(), attempt.username(), reason, detail,
                    clock.instant());
        }
        RefusalAttribution.Named named = named(form, authorizationHeader, reason, attempt.request().sourceIp());
        return entry(attempt, handler, named == null ? null : named.app(), named == null ? null : named.user(),
                attempt.username() != null || named == null ? attempt.username() : named.username(), reason, detail,
                clock.instant());
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

    private LoginHistoryEntry entry(LoginAttempt attempt, GrantHandler handler, ConnectedApp app, User user,
            LoginReason reason, String detail, Instant now) {
        return entry(attempt, handler, app, user, attempt.username(), reason, detail, now);
    }

    private LoginHistoryEntry entry(LoginAttempt attempt, GrantHandler handler, ConnectedApp app, User user,
            String username, LoginReason reason, String detail, Instant now) {
        TokenRequest request = attempt.request();
        return new LoginHistoryEntry(
                ids.next(KeyPrefix.LOGIN_HISTORY),
                app != null ? app.orgId() : user != null ? user.orgId() : null,
                user != null ? user.id() : null,
                username,
                app != null ? app.id() : null,
                app != null ? app.name() : null,
                attempt.consumerKey() != null ? attempt.consumerKey()
                        : app != null ? app.consumerKey()
                        : request.clientAuthentication() != null
                                ? Debug.bounded(request.clientAuthentication().clientId(), MAX_RECORDED_LENGTH)
                                : null,
                attempt.certificateThumbprint(),
                request.sourceIp(),
                request.loginUrl(),
                LoginHistoryEntry.REMOTE_ACCESS,
                handler.loginSubType(),
                request.userAgent(),
                reason,
                detail,
                now);
    }

    /**
     * Refuses a request that never reached {@link #handle} because HTTP could not turn its body into a form (broken
     * percent-encoding, a body over the size limit). It still gets its one {@code LoginHistory} row.
     *
     * @param error what the client sees; never null
     * @param debug the detail for the audit row and the log; never null
     * @return the refusal to throw (already audited)
     */
    public OAuthException refuse(OAuthError error, String debug, String sourceIp, String loginUrl,
            String userAgent) {
        return refuse(error, debug, null, sourceIp, loginUrl, userAgent);
    }

    /**
     * As {@link #refuse(OAuthError, String, String, String, String)}, attributing the row to the app a Basic
     * {@code Authorization} header names.
     *
     * @param authorizationHeader may be null
     */
    public OAuthException refuse(OAuthError error, String debug, String authorizationHeader, String sourceIp,
            String loginUrl, String userAgent) {
        OAuthException e = new OAuthException(error, LoginReason.INVALID_REQUEST, debug);
        auditFramingFailure(null, authorizationHeader, sourceIp, loginUrl, userAgent, e);
        return e;
    }

    /** A request refused before it became a {@link TokenRequest}: only the raw context is known. */
    private void auditFramingFailure(Map<String, List<String>> form, String authorizationHeader, String sourceIp,
            String loginUrl, String userAgent, OAuthException e) {
        LOG.debug("token request refused: {} ({}): {}", e.error().code(), e.reason(), e.debug());
        String grantType = single(form, "grant_type");
        GrantHandler handler = grantType == null ? null : handlers.get(grantType);
        RefusalAttribution.Named named = named(form, authorizationHeader, e.reason(), sourceIp);
        ConnectedApp app = named == null ? null : named.app();
        User user = named == null ? null : named.user();
        appendQuietly(new LoginHistoryEntry(
                ids.next(KeyPrefix.LOGIN_HISTORY), app == null ? null : app.orgId(), user == null ? null : user.id(),
                named == null ? null : named.username(), app == null ? null : app.id(),
                app == null ? null : app.name(),
                app != null ? app.consumerKey() : Debug.bounded(single(form, "client_id"), MAX_RECORDED_LENGTH),
                null,
                sourceIp == null ? "" : sourceIp, loginUrl, LoginHistoryEntry.REMOTE_ACCESS,
                handler == null ? null : handler.loginSubType(), userAgent, e.reason(), e.debug(),
                clock.instant()));
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
