package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.oauth.introspect.Introspection;
import io.userbound.oauth.introspect.Introspector;
import io.userbound.oauth.revoke.Revoker;
import io.userbound.server.http.ErrorMapper;
import io.userbound.server.http.Json;
import io.userbound.server.http.RequestBodies;
import io.userbound.server.ops.ServerMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /services/oauth2/introspect} (RFC 7662) and {@code POST|GET /services/oauth2/revoke} (RFC 7009,
 * {@code salesforce-compat.md} sections 5.1 and 5.2). Only HTTP lives here: the body is read (chunked or with a
 * Content-Length, at most {@link #MAX_BODY_BYTES}) and parsed as a form when its content type says so; the decision
 * is the {@link Introspector}'s or the {@link Revoker}'s. Replies carry no-cache headers; refusals are OAuth JSON
 * errors from the error mapper. A successful revocation is 200 with an empty body.
 *
 * <p>Salesforce's GET form of revocation takes {@code token} from the query; a {@code client_secret} there is
 * refused, so a secret never sits in a URL (send it in a Basic header). The JSONP {@code callback} parameter is not
 * served: the answer is the plain 200.
 */
public final class TokenManagementRoutes {
    public static final String INTROSPECTION_PATH = ServerMetadata.INTROSPECTION_PATH;
    public static final String REVOCATION_PATH = ServerMetadata.REVOCATION_PATH;
    /** Both requests are a token and credentials: a few hundred bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Introspector introspector;
    private final Revoker revoker;
    private final ServerMetrics metrics;

    public TokenManagementRoutes(Introspector introspector, Revoker revoker, ServerMetrics metrics) {
        this.introspector = introspector;
        this.revoker = revoker;
        this.metrics = metrics;
    }

    public void introspect(Context ctx) {
        Introspection answer;
        try {
            answer = introspector.introspect(form(ctx), ctx.header("Authorization"));
        } catch (OAuthException e) {
            metrics.introspection("refused");
            throw e;
        }
        metrics.introspection(answer.active() ? "active" : "inactive");
        ErrorMapper.noCache(ctx);
        Json.write(ctx, 200, answer.toJson());
    }

    public void revoke(Context ctx) {
        revoke(ctx, form(ctx));
    }

    /** Salesforce's {@code GET /services/oauth2/revoke?token=...}. */
    public void revokeByQuery(Context ctx) {
        Map<String, List<String>> query = ctx.queryParamMap();
        if (query.containsKey("client_secret")) {
            metrics.revocation("refused");
            throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription(
                    "client_secret must not be sent in the query string"), LoginReason.INVALID_REQUEST,
                    "client_secret in the query of a GET revocation");
        }
        revoke(ctx, query);
    }

    private void revoke(Context ctx, Map<String, List<String>> parameters) {
        Revoker.Outcome outcome;
        try {
            outcome = revoker.revoke(parameters, ctx.header("Authorization"));
        } catch (OAuthException e) {
            metrics.revocation("refused");
            throw e;
        }
        metrics.revocation(outcome.name().toLowerCase(Locale.ROOT));
        ErrorMapper.noCache(ctx);
        ctx.status(200).result(new byte[0]);
    }

    /** The body's form, or null when the content type is not a form (the endpoint refuses it). */
    private Map<String, List<String>> form(Context ctx) {
        byte[] body = RequestBodies.read(ctx, MAX_BODY_BYTES);
        if (!RequestBodies.isForm(ctx.header("Content-Type"))) {
            return null;
        }
        try {
            return RequestBodies.parseForm(body);
        } catch (RequestBodies.MalformedFormException e) {
            throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription("malformed form body"),
                    LoginReason.INVALID_REQUEST, e.getMessage());
        }
    }
}
