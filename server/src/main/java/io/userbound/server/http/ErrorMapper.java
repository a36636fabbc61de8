package io.userbound.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.userbound.core.ApiException;
import io.userbound.core.LogThrottle;
import io.userbound.core.port.StoreException;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.protocol.RestError;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.TokenErrorResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP replies ({@code salesforce-compat.md} section 9):
 * <ul>
 *   <li>{@link OAuthException}: {@code {"error","error_description"}} with the error's status, no-cache headers, and
 *       {@code WWW-Authenticate: Basic} when the refusal asks for it (RFC 6749 section 5.2);</li>
 *   <li>{@link ApiException}: a one-element JSON array {@code [{"message","errorCode","fields"?}]} with the code's
 *       status;</li>
 *   <li>Javalin's own 404/405/413 and other framework refusals: the same array shape;</li>
 *   <li>a body that could not be read ({@link UnreadableBodyException}): 400 {@code JSON_PARSER_ERROR}, or 408
 *       {@code REQUEST_TIMEOUT} (OAuth: {@code invalid_request}), logged at WARN at most every 10 s;</li>
 *   <li>an unavailable database ({@link StoreException#isUnavailable}): 503 {@code SERVER_UNAVAILABLE} (or
 *       {@code temporarily_unavailable}), logged at WARN at most every 10 s;</li>
 *   <li>anything else: 500 {@code UNKNOWN_EXCEPTION} (or {@code unknown_error} on the token endpoint), logged with
 *       a correlation id that the reply names. Bad input never ends here.</li>
 * </ul>
 * The token, introspection and revocation paths always get the OAuth shape, every other path the REST shape.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    static final String NOT_FOUND_MESSAGE = "The requested resource does not exist";
    static final String UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; retry your request shortly";
    private static final LogThrottle UNAVAILABLE = new LogThrottle(LOG, Duration.ofSeconds(10));
    private static final LogThrottle UNREADABLE = new LogThrottle(LOG, Duration.ofSeconds(10));

    public void oauth(OAuthException e, Context ctx) {
        oauthReply(ctx, e.error(), e.basicChallenge());
    }

    public void api(ApiException e, Context ctx) {
        Json.write(ctx, e.code().httpStatus(),
                List.of(RestError.of(e.code(), e.getMessage(), e.fields())));
    }

    public void tooLarge(BodyTooLargeException e, Context ctx) {
        if (isTokenPath(ctx)) {
            oauthReply(ctx, OAuthError.INVALID_REQUEST.withDescription("request too large").withStatus(413), false);
        } else {
            Json.write(ctx, 413, List.of(new RestError(e.getMessage(), "REQUEST_ENTITY_TOO_LARGE", null)));
        }
    }

    /** A body that could not be read to its end: 400 (or 408 for a timeout), logged at WARN at most every 10 s. */
    public void unreadable(UnreadableBodyException e, Context ctx) {
        unreadableLogged(ctx, e);
        if (isTokenPath(ctx)) {
            oauthReply(ctx, unreadableOAuthError(e), false);
        } else {
            Json.write(ctx, e.status(), List.of(RestError.of(e.timedOut() ? RestErrorCode.REQUEST_TIMEOUT
                    : RestErrorCode.JSON_PARSER_ERROR, "The request body could not be read: " + e.getMessage())));
        }
    }

    public static OAuthError unreadableOAuthError(UnreadableBodyException e) {
        return OAuthError.INVALID_REQUEST.withDescription(e.timedOut() ? "request timed out" : "malformed request body")
                .withStatus(e.status());
    }

    /** A client fault: one WARN line now and then, never a stack trace. */
    public static void unreadableLogged(Context ctx, UnreadableBodyException e) {
        UNREADABLE.warn("{} {} from {} refused with {}: {}", ctx.method().name(), ctx.path(), ctx.ip(), e.status(),
                e.getMessage());
    }

    public void framework(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (isTokenPath(ctx) && status != 405) {
            oauthReply(ctx, OAuthError.INVALID_REQUEST.withStatus(status >= 400 && status < 500 ? status : 400),
                    false);
            return;
        }
        switch (status) {
            case 404 -> Json.write(ctx, 404, List.of(RestError.of(RestErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE)));
            case 405 -> Json.write(ctx, 405, List.of(RestError.of(RestErrorCode.METHOD_NOT_ALLOWED,
                    "HTTP Method '" + ctx.method().name() + "' not allowed. Allowed are " + allowed(e))));
            case 413 -> Json.write(ctx, 413, List.of(new RestError("The request body is too large",
                    "REQUEST_ENTITY_TOO_LARGE", null)));
            case 415 -> Json.write(ctx, 415, List.of(RestError.of(RestErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type")));
            default -> {
                if (status >= 400 && status < 500) {
                    Json.write(ctx, status, List.of(RestError.of(RestErrorCode.JSON_PARSER_ERROR,
                            "Bad request: " + e.getMessage())));
                } else {
                    unexpected(e, ctx);
                }
            }
        }
    }

    public void unexpected(Exception e, Context ctx) {
        if (StoreException.isUnavailable(e)) {
            unavailable(e, ctx);
            return;
        }
        String id = UUID.randomUUID().toString();
        LOG.error("unexpected failure on {} {} [ErrorId {}]", ctx.method().name(), ctx.path(), id, e);
        if (isTokenPath(ctx)) {
            oauthReply(ctx, OAuthError.SERVER_ERROR, false);
            return;
        }
        Json.write(ctx, 500, List.of(RestError.of(RestErrorCode.UNKNOWN_EXCEPTION,
                "An unexpected error occurred. Please include this ErrorId if you contact support: " + id)));
    }

    /**
     * The database is unavailable (unreachable, out of disk, overloaded): 503 with {@code Retry-After: 1}, in the
     * OAuth shape ({@code temporarily_unavailable}) or the REST shape ({@code SERVER_UNAVAILABLE}). Logged at WARN,
     * at most once every 10 s: an outage must not write a stack trace per request.
     */
    void unavailable(Exception e, Context ctx) {
        UNAVAILABLE.warn("{} {} refused with 503: the database is unavailable ({})", ctx.method().name(), ctx.path(),
                e.getMessage());
        if (isTokenPath(ctx)) {
            oauthReply(ctx, OAuthError.TEMPORARILY_UNAVAILABLE, false);
            return;
        }
        ctx.header("Retry-After", "1");
        Json.write(ctx, 503, List.of(RestError.of(RestErrorCode.SERVER_UNAVAILABLE, UNAVAILABLE_MESSAGE)));
    }

    /** Writes a 404 in the REST shape (unknown routes and unknown versions). */
    void notFound(Context ctx) {
        Json.write(ctx, 404, List.of(RestError.of(RestErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE)));
    }

    static void oauthReply(Context ctx, OAuthError error, boolean basicChallenge) {
        noCache(ctx);
        if (error.httpStatus() == 503) {
            ctx.header("Retry-After", "1");
        }
        if (basicChallenge) {
            ctx.header("WWW-Authenticate", "Basic realm=\"userbound\"");
        }
        Json.write(ctx, error.httpStatus(), new TokenErrorResponse(error.code(), error.description()));
    }

    /** The headers of every token endpoint reply (RFC 6749 section 5.1: no-store and no-cache). */
    public static void noCache(Context ctx) {
        ctx.header("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
        ctx.header("Pragma", "no-cache");
    }

    /** The token, introspection and revocation endpoints: their errors are OAuth JSON. */
    private static boolean isTokenPath(Context ctx) {
        String path = ctx.path();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(OAuthSettings.TOKEN_PATH) || path.equals(ServerMetadata.INTROSPECTION_PATH)
                || path.equals(ServerMetadata.REVOCATION_PATH);
    }

    private static String allowed(HttpResponseException e) {
        String methods = e.getDetails() == null ? null : e.getDetails().get("allowedMethods");
        return methods == null ? "other methods" : methods;
    }
}
