package io.userbound.server;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.userbound.core.ApiException;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.auth.RequestPolicy;
import io.userbound.server.auth.Routes;
import io.userbound.server.http.BodyTooLargeException;
import io.userbound.server.http.ConnectionGuard;
import io.userbound.server.http.ErrorMapper;
import io.userbound.server.http.HttpLimits;
import io.userbound.server.http.Json;
import io.userbound.server.http.JsonErrorHandler;
import io.userbound.server.http.RequestBodies;
import io.userbound.server.http.SlashCompactingHandler;
import io.userbound.server.http.UnreadableBodyException;
import io.userbound.server.ops.ServerMetrics;
import io.userbound.server.routes.AdminRoutes;
import io.userbound.server.routes.DataRoutes;
import io.userbound.server.routes.DiscoveryRoutes;
import io.userbound.server.routes.IdentityRoutes;
import io.userbound.server.routes.RecordRoutes;
import io.userbound.server.routes.TokenManagementRoutes;
import io.userbound.server.routes.TokenRoute;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Builds the Javalin application from its route classes: the token endpoint, introspection and revocation, the
 * metadata documents, the identity service, the REST entry points, the admin surface, health and metrics. Every
 * error goes through the one {@link ErrorMapper}.
 */
final class HttpApi {
    /** Above the token route's own limit, so its handler (not Jetty) decides how large is too large. */
    static final long MAX_REQUEST_BYTES = TokenRoute.MAX_BODY_BYTES + 64 * 1024;
    static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final TokenRoute token;
    private final IdentityRoutes identity;
    private final DataRoutes data;
    private final AdminRoutes admin;
    private final BooleanSupplier ready;
    private final ServerMetrics metrics;
    private final ErrorMapper errors;
    private final TokenManagementRoutes tokenManagement;
    private final DiscoveryRoutes discovery;
    private final RecordRoutes records;
    private final HttpLimits limits;
    private final ConnectionGuard guard;
    private final PolicyGate gate;

    HttpApi(TokenRoute token, IdentityRoutes identity, DataRoutes data, AdminRoutes admin, BooleanSupplier ready,
            ServerMetrics metrics, ErrorMapper errors, TokenManagementRoutes tokenManagement,
            DiscoveryRoutes discovery, RecordRoutes records, HttpLimits limits, PolicyGate gate) {
        this.gate = gate;
        this.records = records;
        this.limits = limits;
        this.guard = new ConnectionGuard(limits);
        this.tokenManagement = tokenManagement;
        this.discovery = discovery;
        this.token = token;
        this.identity = identity;
        this.data = data;
        this.admin = admin;
        this.ready = ready;
        this.metrics = metrics;
        this.errors = errors;
    }

    /** The connection guard of the applications this builds (its counters are exported as metrics). */
    ConnectionGuard connectionGuard() {
        return guard;
    }

    /** The configured, not yet started application bound to {@code host:port} (port 0 picks a free one). */
    Javalin create(String host, int port) {
        return create(host, port, routes -> { });
    }

    /**
     * As {@link #create(String, int)}, plus routes the caller adds last (tests; each declares its
     * {@link RequestPolicy} as its route role).
     *
     * @throws IllegalStateException when a route declares no request policy
     */
    Javalin create(String host, int port, Consumer<RoutesConfig> extraRoutes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            // stop(): stop accepting, then give requests in flight up to STOP_TIMEOUT_MILLIS to finish. Jetty 12 waits
            // only for what a Graceful handler tracks; Javalin puts its own handler inside this wrapper. Requests that
            // arrive on a kept-alive connection meanwhile get 503.
            // One HTTP/1.1 connector with the limits against slow and greedy clients (HttpLimits): the idle timeout,
            // the per-address cap and header deadline (ConnectionGuard), and the cap on all connections.
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                connector.setIdleTimeout(limits.idleTimeout().toMillis());
                connector.addEventListener(guard);
                server.addBean(guard, true);
                if (limits.maxConnections() > 0) {
                    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
                }
                return connector;
            });
            config.appData(RequestBodies.BODY_TIMEOUT, limits.bodyTimeout());
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                // Javalin puts its handler inside the innermost wrapper: Graceful, then slashes compacted, then routes
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(new SlashCompactingHandler());
                server.setHandler(graceful);
                // Jetty's own refusals (bad URIs, bad request lines) in the REST error shape, not HTML
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.prefer405over404 = true;
            config.http.generateEtags = false;
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http((ctx, millis) -> {
                Endpoint matched = null;
                try {
                    matched = ctx.endpoints().matchedHttpEndpoint();
                } catch (RuntimeException ignored) {
                    // no endpoint matched
                }
                metrics.httpRequest(ctx.method().name(), matched == null ? "UNMATCHED" : matched.path,
                        ctx.statusCode(), (long) (millis * 1_000_000L));
            });

            // Each route declares who may call it (RequestPolicy); the PolicyGate enforces it before the handler.
            var r = config.routes;
            r.beforeMatched(gate::enforce);
            Routes anyone = new Routes(r, RequestPolicy.ANONYMOUS);
            anyone.post(TokenRoute.PATH, token::handle);
            anyone.post(TokenManagementRoutes.INTROSPECTION_PATH, tokenManagement::introspect);
            anyone.post(TokenManagementRoutes.REVOCATION_PATH, tokenManagement::revoke);
            anyone.get(TokenManagementRoutes.REVOCATION_PATH, tokenManagement::revokeByQuery);
            anyone.get(ServerMetadata.OPENID_CONFIGURATION_PATH, discovery::metadata);
            anyone.get(ServerMetadata.AUTHORIZATION_SERVER_PATH, discovery::metadata);
            anyone.get(ServerMetadata.JWKS_PATH, discovery::jwks);

            anyone.get("/services/data", data::versions);
            anyone.with(RequestPolicy.VERSIONED).get("/services/data/{version}", data::resources);
            anyone.with(RequestPolicy.TOKEN_OR_QUERY).get("/id/{orgId}/{userId}", identity::identity);
            anyone.with(RequestPolicy.TOKEN).get("/services/oauth2/userinfo", identity::userinfo);
            admin.register(anyone.with(RequestPolicy.VERSIONED));
            // after the admin routes: their exact setup paths (sobjects/User, ...) win over the generic ones
            records.register(anyone.with(RequestPolicy.API_CALL));

            anyone.get("/health/live", ctx -> Json.write(ctx, 200, Map.of("status", "UP")));
            anyone.get("/health/ready", ctx -> {
                boolean up = ready.getAsBoolean();
                Json.write(ctx, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN"));
            });
            anyone.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));

            extraRoutes.accept(r);

            r.exception(OAuthException.class, errors::oauth);
            r.exception(ApiException.class, errors::api);
            r.exception(BodyTooLargeException.class, errors::tooLarge);
            r.exception(UnreadableBodyException.class, errors::unreadable);
            r.exception(HttpResponseException.class, errors::framework);
            r.exception(Exception.class, errors::unexpected);
        });
        PolicyGate.requireDeclared(app);
        return app;
    }
}
