package io.userbound.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A REST call answered with a non-2xx status.
 *
 * <p>Salesforce and Userbound answer errors with a JSON array of {@code {"message", "errorCode"}} objects; the first
 * one gives {@link #errorCode()} and the message (several are joined with {@code "; "}). A single JSON object of that
 * shape is read too. Any other body gives the code {@code ERROR_HTTP_<status>} and the start of the body as the
 * message. {@link #getMessage()} is {@code "<errorCode>: <message>"}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final String apiMessage;
    private final String body;

    /**
     * @param status the HTTP status
     * @param errorCode the error code; never null
     * @param apiMessage the server's message; never null
     * @param body the raw reply body; may be empty
     */
    public ApiException(int status, String errorCode, String apiMessage, String body) {
        super(errorCode + ": " + apiMessage);
        this.status = status;
        this.errorCode = errorCode;
        this.apiMessage = apiMessage;
        this.body = body == null ? "" : body;
    }

    /** Reads the error from a reply's status and body. */
    public static ApiException fromResponse(int status, String body) {
        JsonNode json = Json.tryParse(body);
        JsonNode first = null;
        List<String> messages = new ArrayList<>();
        if (json != null && json.isArray()) {
            for (JsonNode e : json) {
                if (e.isObject()) {
                    first = first == null ? e : first;
                    if (e.hasNonNull("message")) {
                        messages.add(e.get("message").asText());
                    }
                }
            }
        } else if (json != null && json.isObject() && (json.has("errorCode") || json.has("message"))) {
            first = json;
            if (json.hasNonNull("message")) {
                messages.add(json.get("message").asText());
            }
        }
        if (first != null && first.hasNonNull("errorCode")) {
            String message = messages.isEmpty() ? "HTTP " + status : String.join("; ", messages);
            return new ApiException(status, first.get("errorCode").asText(), message, body);
        }
        if (first != null && !messages.isEmpty()) {
            return new ApiException(status, "ERROR_HTTP_" + status, String.join("; ", messages), body);
        }
        String snippet = Json.snippet(body);
        return new ApiException(status, "ERROR_HTTP_" + status, snippet.isEmpty() ? "HTTP " + status : snippet, body);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error code, such as {@code INSUFFICIENT_ACCESS}, or {@code ERROR_HTTP_<status>}. */
    public String errorCode() {
        return errorCode;
    }

    /** The server's message without the code. */
    public String apiMessage() {
        return apiMessage;
    }

    /** The raw reply body; never null. */
    public String body() {
        return body;
    }
}
