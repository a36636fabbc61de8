package io.userbound.server.routes;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestError;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.Describer;
import io.userbound.records.data.ExternalIdRecords;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordService;
import io.userbound.records.query.QueryService;
import io.userbound.records.soql.SoqlException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record API's resources as calls that answer a {@link Reply} instead of writing to an HTTP exchange, so that the
 * composite resources run their subrequests through the very code, checks and transactions of the single calls. Each
 * call runs as the context's user with every access check; nothing here bypasses {@link RecordService}.
 *
 * <p>Served: {@code sobjects/{T}} ({@code POST}), {@code sobjects/{T}/describe}, {@code sobjects/{T}/{id}}
 * ({@code GET}, {@code PATCH}, {@code DELETE}), {@code sobjects/{T}/{field}/{value}} (the same, by external id;
 * {@code PATCH} upserts), {@code query} and {@code queryAll} ({@code ?q=}), and {@code query/{locator}}.
 */
final class RecordCalls {
    private final RecordService records;
    private final ExternalIdRecords externalIds;
    private final QueryService queries;
    private final Describer describer;

    RecordCalls(RecordService records, ExternalIdRecords externalIds, QueryService queries, Describer describer) {
        this.records = records;
        this.externalIds = externalIds;
        this.queries = queries;
        this.describer = describer;
    }

    /**
     * What one call answered: its status, its JSON body (null for none) and its headers.
     *
     * @param body a record, a save result, a query page, a list of URLs (300) or a list of {@link RestError}s
     */
    record Reply(int status, Object body, Map<String, String> headers) {
        static Reply of(int status, Object body) {
            return new Reply(status, body, Map.of());
        }

        static Reply error(ApiException e) {
            return of(e.code().httpStatus(), List.of(RestError.of(e.code(), e.getMessage(), e.fields())));
        }

        boolean failed() {
            return status >= 300;
        }
    }

    /**
     * Runs one call. Refusals come back as replies (the status and error body the single call would answer); a
     * failure of the server itself (an unavailable database) is thrown.
     *
     * @param path the path below {@code /services/data/vNN.0/}, without the query string
     * @param query the decoded query parameters
     * @param body the JSON body, or null
     */
    Reply call(RecordContext rc, String method, String path, Map<String, String> query, Map<String, Object> body) {
        try {
            return dispatch(rc, method, segments(path), query, body == null ? Map.of() : body);
        } catch (ApiException e) {
            return Reply.error(e);
        } catch (SoqlException e) {
            return Reply.error(new ApiException(RestErrorCode.valueOf(e.errorCode().name()), e.getMessage()));
        } catch (ExternalIdRecords.SeveralMatches e) {
            return Reply.of(300, e.recordUrls());
        }
    }

    private Reply dispatch(RecordContext rc, String method, List<String> s, Map<String, String> query,
            Map<String, Object> body) {
        if (s.size() == 1 && (s.get(0).equals("query") || s.get(0).equals("queryAll"))) {
            requireMethod(method, "GET");
            String q = query.get("q");
            if (q == null) {
                throw new ApiException(RestErrorCode.MALFORMED_QUERY, "A query string has to be specified");
            }
            return Reply.of(200, queries.query(rc, q, s.get(0).equals("queryAll"), 0));
        }
        if (s.size() == 2 && (s.get(0).equals("query") || s.get(0).equals("queryAll"))) {
            requireMethod(method, "GET");
            return Reply.of(200, queries.next(rc, s.get(1)));
        }
        if (s.isEmpty() || !s.get(0).equals("sobjects") || s.size() < 2 || s.size() > 4) {
            throw notFound();
        }
        String type = s.get(1);
        if (s.size() == 2) {
            requireMethod(method, "POST");
            String id = records.create(rc, type, body);
            return created(rc, records.object(rc, type).name(), id);
        }
        if (s.size() == 3 && s.get(2).equals("describe")) {
            requireMethod(method, "GET");
            return Reply.of(200, describer.describe(rc, type));
        }
        if (s.size() == 3) {
            String id = s.get(2);
            return switch (method) {
                case "GET" -> Reply.of(200, records.get(rc, type, id, query.get("fields")));
                case "PATCH" -> {
                    records.update(rc, type, id, body);
                    yield Reply.of(204, null);
                }
                case "DELETE" -> {
                    records.delete(rc, type, id);
                    yield Reply.of(204, null);
                }
                default -> throw notAllowed(method, "GET, PATCH, DELETE");
            };
        }
        String field = s.get(2);
        String value = s.get(3);
        return switch (method) {
            case "GET" -> Reply.of(200, externalIds.get(rc, type, field, value, query.get("fields")));
            case "PATCH" -> upserted(rc, type, externalIds.upsert(rc, type, field, value, body));
            case "DELETE" -> {
                externalIds.delete(rc, type, field, value);
                yield Reply.of(204, null);
            }
            default -> throw notAllowed(method, "GET, PATCH, DELETE");
        };
    }

    /** 201 {@code {id, success, errors}} with the new record's {@code Location}. */
    static Reply created(RecordContext rc, String type, String id) {
        return new Reply(201, saveResult(id, null), Map.of("Location", rc.basePath() + "/sobjects/" + type + "/"
                + id));
    }

    /** 201 when the upsert inserted, else 200 with {@code created: false} from v46 (204 before). */
    static Reply upserted(RecordContext rc, String type, ExternalIdRecords.Upserted done) {
        if (!done.created() && rc.apiVersion() < ExternalIdRoutes.UPDATE_BODY_VERSION) {
            return Reply.of(204, null);
        }
        Map<String, Object> out = saveResult(done.id(), rc.apiVersion() >= ExternalIdRoutes.UPDATE_BODY_VERSION
                ? done.created() : null);
        return done.created() ? new Reply(201, out, Map.of("Location", rc.basePath() + "/sobjects/" + type + "/"
                + done.id())) : Reply.of(200, out);
    }

    /** {@code {id, success, errors}}, and {@code created} when not null. */
    static Map<String, Object> saveResult(String id, Boolean created) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("success", true);
        out.put("errors", List.of());
        if (created != null) {
            out.put("created", created);
        }
        return out;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
    }

    private static ApiException notAllowed(String method, String allowed) {
        return new ApiException(RestErrorCode.METHOD_NOT_ALLOWED, "HTTP Method '" + method + "' not allowed. "
                + "Allowed are " + allowed);
    }

    static ApiException notFound() {
        return new ApiException(RestErrorCode.NOT_FOUND, "The requested resource does not exist");
    }

    /**
     * A %-decoded URL part; in a path a {@code +} is itself, in a query a space.
     *
     * @throws ApiException {@code JSON_PARSER_ERROR} for a malformed %-escape, as the edge refuses such a URL with 400
     */
    static String decode(String raw, boolean pathSegment) {
        try {
            return URLDecoder.decode(pathSegment ? raw.replace("+", "%2B") : raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "url: malformed %-encoding in '" + raw + "'");
        }
    }

    /** The decoded segments of a path; an empty segment (a doubled slash) is dropped, as at the edge. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (!raw.isEmpty()) {
                out.add(decode(raw, true));
            }
        }
        return out;
    }
}
