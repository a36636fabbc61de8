package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.token.TokenEndpoint;
import io.userbound.protocol.TokenResponse;
import io.userbound.server.http.BodyTooLargeException;
import io.userbound.server.http.ErrorMapper;
import io.userbound.server.http.Json;
import io.userbound.server.http.RequestBodies;
import io.userbound.server.http.UnreadableBodyException;
import io.userbound.server.ops.ServerMetrics;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /services/oauth2/token}: absorbs the framing quirks of real clients ({@code salesforce-compat.md}
 * section 11.3) and hands the form to {@link TokenEndpoint}. The body is read here, chunked or with a
 * Content-Length, up to {@link #MAX_BODY_BYTES}; a form content type with any {@code charset} parameter is parsed
 * as UTF-8; any other content type reaches the endpoint as a null form ({@code unsupported_grant_type}). The reply is
 * always JSON with no-cache headers, whatever {@code Accept} or {@code Upgrade} said.
 */
public final class TokenRoute {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRoute.class);
    public static final String PATH = OAuthSettings.TOKEN_PATH;
    /** Large enough that an oversized assertion reaches the grant handler and gets {@code invalid_grant}. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final TokenEndpoint endpoint;
    private final String loginUrl;
    private final ServerMetrics metrics;

    public TokenRoute(TokenEndpoint endpoint, String baseUrl, ServerMetrics metrics) {
        this.endpoint = endpoint;
        this.loginUrl = baseUrl + PATH;
        this.metrics = metrics;
    }

    public void handle(Context ctx) {
        String contentType = ctx.header("Content-Type");
        Map<String, List<String>> form = null;
        try {
            byte[] body = RequestBodies.read(ctx, MAX_BODY_BYTES);
            if (RequestBodies.isForm(contentType)) {
                form = RequestBodies.parseForm(body);
            }
            // Not a form: the endpoint refuses it with unsupported_grant_type.
        } catch (RequestBodies.MalformedFormException e) {
            throw refused(ctx, OAuthError.INVALID_REQUEST.withDescription("malformed form body"), e.getMessage());
        } catch (BodyTooLargeException e) {
            throw refused(ctx, OAuthError.INVALID_REQUEST.withDescription("request too large").withStatus(413),
                    e.getMessage());
        } catch (UnreadableBodyException e) {
            ErrorMapper.unreadableLogged(ctx, e);
            throw refused(ctx, ErrorMapper.unreadableOAuthError(e), e.getMessage());
        }
        TokenResponse reply;
        try {
            reply = endpoint.handle(form, contentType, ctx.header("Authorization"), origin(ctx));
        } catch (OAuthException e) {
            metrics.tokenOutcome(e.reason());
            throw e;
        }
        metrics.tokenOutcome(LoginReason.SUCCESS);
        ErrorMapper.noCache(ctx);
        Json.write(ctx, 200, reply);
    }

    /** A body HTTP could not read as a form: audited like any other refusal, then mapped by the error mapper. */
    private OAuthException refused(Context ctx, OAuthError error, String debug) {
        LOG.debug("token request refused before parsing: {}", debug);
        metrics.tokenOutcome(LoginReason.INVALID_REQUEST);
        return endpoint.refuse(error, debug, ctx.header("Authorization"), origin(ctx));
    }

    private RequestOrigin origin(Context ctx) {
        return new RequestOrigin(ctx.ip(), loginUrl, ctx.header("User-Agent"));
    }
}
