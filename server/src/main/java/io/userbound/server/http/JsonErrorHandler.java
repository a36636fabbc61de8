package io.userbound.server.http;

import io.userbound.protocol.OAuthErrorCodes;
import io.userbound.protocol.RestError;
import io.userbound.protocol.RestErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before a request reaches Javalin (an ambiguous or invalid URI such as an encoded NUL or
 * {@code %2F} in a path segment, a malformed request line or header), in the REST error shape: a JSON array of
 * {@code {message, errorCode}} instead of Jetty's HTML page. A request line over 8 KiB is 414 {@code URI_TOO_LONG},
 * headers over 8 KiB are 431 {@code REQUEST_HEADER_FIELDS_TOO_LARGE}; other 4xx refusals are
 * {@code JSON_PARSER_ERROR} ("Bad request"), as {@link ErrorMapper#framework} answers Javalin's; anything else is
 * {@code UNKNOWN_EXCEPTION}.
 *
 * <p>Under {@code /services/oauth2/} the refusal has the OAuth shape instead (RFC 6749 section 5.2: a JSON object with
 * {@code error} and {@code error_description}), since OAuth clients read no other: {@code temporarily_unavailable}
 * for the 503 of a node that is stopping, {@code invalid_request} for a 4xx, {@code server_error} otherwise.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    private static final String OAUTH_PATHS = "/services/oauth2/";
    /** Jetty's default request header buffer, which also bounds the request line. */
    static final int MAX_LINE_KIB = 8;

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        response.getHeaders().put(JSON);
        byte[] body = path != null && path.startsWith(OAUTH_PATHS) ? oauthBody(code, message) : body(code, message);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The OAuth error object for a refusal made by Jetty under {@code /services/oauth2/}. */
    static byte[] oauthBody(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : ": " + reason;
        Map<String, String> error = status == 503
                ? Map.of("error", OAuthErrorCodes.TEMPORARILY_UNAVAILABLE, "error_description",
                        "the server is stopping; send the request again")
                : status == 414 ? Map.of("error", "invalid_request", "error_description", "request URI too long")
                : status == 431 ? Map.of("error", "invalid_request", "error_description", "request headers too large")
                : status == 408 ? Map.of("error", "invalid_request", "error_description", "request timed out")
                : status >= 400 && status < 500
                        ? Map.of("error", "invalid_request", "error_description", "bad request" + detail)
                        : Map.of("error", "server_error", "error_description", "an unexpected error occurred");
        try {
            return Json.MAPPER.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String reason) {
        RestError error = switch (status) {
            case 404 -> RestError.of(RestErrorCode.NOT_FOUND, "The requested resource does not exist");
            case 405 -> RestError.of(RestErrorCode.METHOD_NOT_ALLOWED, "HTTP Method not allowed");
            case 408 -> RestError.of(RestErrorCode.REQUEST_TIMEOUT, "The request did not arrive in time");
            case 413 -> new RestError("The request is too large", "REQUEST_ENTITY_TOO_LARGE", null);
            case 414 -> RestError.of(RestErrorCode.URI_TOO_LONG, "The request URI is longer than "
                    + MAX_LINE_KIB + " KiB");
            case 431 -> RestError.of(RestErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are larger "
                    + "than " + MAX_LINE_KIB + " KiB");
            case 415 -> RestError.of(RestErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type");
            default -> status >= 400 && status < 500
                    ? RestError.of(RestErrorCode.JSON_PARSER_ERROR, "Bad request" + (reason == null || reason.isBlank()
                            ? "" : ": " + reason))
                    : RestError.of(RestErrorCode.UNKNOWN_EXCEPTION, "An unexpected error occurred");
        };
        try {
            return Json.MAPPER.writeValueAsBytes(List.of(error));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
