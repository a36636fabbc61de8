package io.userbound.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one {@link ObjectMapper} of the server, and the helpers that read and write JSON bodies with it. */
public final class Json {
    /** Jetty sends it as {@code application/json;charset=utf-8}; charset names are case-insensitive (RFC 9110 8.3.2). */
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    /** Shared and thread-safe: Jackson caches serializers per type, so the hot path does no reflection. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            // strict reading: a key given twice, or anything after the one value ({"Name":"n"} xyz), is refused
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(100).build());
    }

    private Json() {
    }

    /** Writes {@code body} as the JSON reply with {@code status}. */
    public static void write(Context ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + body.getClass().getName(), e);
        }
        ctx.status(status).contentType(CONTENT_TYPE);
        if (status >= 400) {
            RequestBodies.closeIfBodyUnread(ctx);
        }
        if (bytes.length > DIRECT_WRITE_LIMIT) {
            ctx.result(bytes);
            return;
        }
        // Javalin copies a result to the response through a fresh buffer as large as Jetty's output buffer (32 KiB)
        // on every request; a small body (never compressed: Javalin compresses from 1,500 bytes) is written as is.
        try {
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bodies up to this size skip Javalin's result copy. */
    static final int DIRECT_WRITE_LIMIT = 1024;

    /**
     * Reads a JSON object body.
     *
     * @throws ApiException {@code JSON_PARSER_ERROR} when the bytes are empty, not JSON, not one JSON object, hold
     *     content after it, or repeat a key
     */
    public static Map<String, Object> readObject(byte[] body) {
        return readObject(MAPPER.reader(), body);
    }

    /**
     * Reads a JSON object body with this reader (of {@link #MAPPER}, so as strict).
     *
     * @throws ApiException {@code JSON_PARSER_ERROR} as {@link #readObject(byte[])} does
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(ObjectReader reader, byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "The request body is empty; a JSON object is "
                    + "required");
        }
        Object value;
        try {
            value = reader.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Jackson guesses UTF-16 or UTF-32 from zero bytes and reports a bad character of those as a plain
            // CharConversionException: still the client's bytes, so still a 400 (found by JsonBodyFuzzTest)
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Malformed JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // a number BigDecimal cannot hold (12345678e10000006789067890) is a NumberFormatException, not a parse
            // error, but the client's number all the same (found by JsonBodyFuzzTest)
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Malformed JSON: a number is out of range");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "The request body must be a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
