package io.userbound.server.routes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.port.ApiUsageMeter;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.Transactions;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.data.Describer;
import io.userbound.records.data.ExternalIdRecords;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordCollections;
import io.userbound.records.data.RecordService;
import io.userbound.records.query.QueryService;
import io.userbound.records.soql.SoqlException;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.auth.RequestPolicy;
import io.userbound.server.auth.Routes;
import io.userbound.server.http.Json;
import io.userbound.server.http.RequestBodies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record API under {@code /services/data/vNN.0/} ({@code salesforce-compat.md} section 7): {@code sobjects}
 * (describe global, describe, create, retrieve, update, delete), {@code query}, {@code queryAll}, {@code
 * query/{locator}}, {@code composite/sobjects}, {@code limits}, and records by external id
 * ({@link ExternalIdRoutes}). Every call runs as the token's user; the records module holds every rule.
 */
public final class RecordRoutes {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String V = "/services/data/{version}/";
    private static final ObjectReader RECORD_READER =
            Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final AccessSnapshots snapshots;
    private final ConnectedAppStore apps;
    private final RecordService records;
    private final Describer describer;
    private final QueryService queries;
    private final ApiUsageMeter usage;
    private final ExternalIdRoutes externalIds;
    private final CompositeRoutes composite;
    private final Map<String, String> consumerKeys = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CONSUMER_KEYS = 10_000;

    /** @param usage the API usage figures of the {@code limits} resource */
    public RecordRoutes(AccessSnapshots snapshots, ConnectedAppStore apps, RecordService records, Describer describer,
            QueryService queries, ApiUsageMeter usage, ExternalIdRecords externalIds, Transactions tx,
            ObjectCatalog catalog) {
        this.snapshots = snapshots;
        this.apps = apps;
        this.records = records;
        this.describer = describer;
        this.queries = queries;
        this.usage = usage;
        this.externalIds = new ExternalIdRoutes(externalIds, records, this::context, RecordRoutes::body);
        this.composite = new CompositeRoutes(new RecordCalls(records, externalIds, queries, describer), tx,
                new CompositeTree(records, catalog, tx), this::context, RecordRoutes::body);
    }

    public void register(Routes r) {
        r.get(V + "sobjects", ctx -> Json.write(ctx, 200, describer.global(context(ctx))));
        r.get(V + "sobjects/{type}", ctx -> {
            RecordContext rc = context(ctx);
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> describe = describer.describe(rc, ctx.pathParam("type"));
            describe.remove("fields");
            describe.remove("childRelationships");
            describe.remove("recordTypeInfos");
            out.put("objectDescribe", describe);
            out.put("recentItems", List.of());
            Json.write(ctx, 200, out);
        });
        r.post(V + "sobjects/{type}", ctx -> {
            RecordContext rc = context(ctx);
            Json.write(ctx, 201, RecordCalls.saveResult(records.create(rc, ctx.pathParam("type"), body(ctx)), null));
        });
        r.get(V + "sobjects/{type}/describe", ctx ->
                Json.write(ctx, 200, describer.describe(context(ctx), ctx.pathParam("type"))));
        r.get(V + "sobjects/{type}/{id}", ctx -> {
            RecordContext rc = context(ctx);
            Json.write(ctx, 200, records.get(rc, ctx.pathParam("type"), ctx.pathParam("id"),
                    ctx.queryParam("fields")));
        });
        r.patch(V + "sobjects/{type}/{id}", ctx -> {
            RecordContext rc = context(ctx);
            records.update(rc, ctx.pathParam("type"), ctx.pathParam("id"), body(ctx));
            ctx.status(204);
        });
        r.delete(V + "sobjects/{type}/{id}", ctx -> {
            RecordContext rc = context(ctx);
            records.delete(rc, ctx.pathParam("type"), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.get(V + "query", ctx -> query(ctx, false));
        r.get(V + "queryAll", ctx -> query(ctx, true));
        r.get(V + "query/{locator}", ctx -> {
            RecordContext rc = context(ctx);
            Json.write(ctx, 200, soql(() -> queries.next(rc, ctx.pathParam("locator"))));
        });
        r.get(V + "queryAll/{locator}", ctx -> {
            RecordContext rc = context(ctx);
            Json.write(ctx, 200, soql(() -> queries.next(rc, ctx.pathParam("locator"))));
        });
        r.post(V + "composite/sobjects", ctx -> {
            RecordContext rc = context(ctx);
            Map<String, Object> body = body(ctx);
            Json.write(ctx, 200, json(records.collection(recordsOf(body), allOrNone(body.get("allOrNone")),
                    rec -> RecordCollections.Saved.of(records.create(rc, typeOf(rec), withoutAttributes(rec))))));
        });
        r.patch(V + "composite/sobjects", ctx -> {
            RecordContext rc = context(ctx);
            Map<String, Object> body = body(ctx);
            Json.write(ctx, 200, json(records.collection(recordsOf(body), allOrNone(body.get("allOrNone")), rec -> {
                Map<String, Object> values = withoutAttributes(rec);
                Object id = values.remove("Id");
                if (!(id instanceof String sid)) {
                    throw new ApiException(RestErrorCode.MALFORMED_ID, "Id: each record to update needs its Id",
                            List.of("Id"));
                }
                records.update(rc, typeOf(rec), sid, values);
                return RecordCollections.Saved.of(sid);
            })));
        });
        r.delete(V + "composite/sobjects", ctx -> {
            RecordContext rc = context(ctx);
            List<String> list = commaList(ctx.queryParam("ids"));
            if (list.isEmpty()) {
                throw new ApiException(RestErrorCode.INVALID_OPERATION, "ids: name the records to delete");
            }
            Json.write(ctx, 200, json(records.collection(list, allOrNone(ctx.queryParam("allOrNone")), id -> {
                String type = records.typeOfId(rc, id);
                records.delete(rc, type, id);
                return RecordCollections.Saved.of(id);
            })));
        });
        r.get(V + "composite/sobjects/{type}", ctx -> {
            RecordContext rc = context(ctx);
            Json.write(ctx, 200, records.retrieve(rc, ctx.pathParam("type"), commaList(ctx.queryParam("ids")),
                    ctx.queryParam("fields")));
        });
        r.post(V + "composite/sobjects/{type}", ctx -> {
            // jsforce retrieve([ids]) sends {"ids": [...], "fields": [...]}, which URLs of 2,000 ids would not hold
            RecordContext rc = context(ctx);
            Map<String, Object> body = body(ctx);
            Json.write(ctx, 200, records.retrieve(rc, ctx.pathParam("type"), strings(body, "ids"),
                    String.join(",", strings(body, "fields"))));
        });
        externalIds.register(r);
        composite.register(r);
        r.with(RequestPolicy.API_CALL.requiringOrRefusing(SystemPermission.VIEW_SETUP,
                "The REST API limits resource requires the View Setup permission")).get(V + "limits", ctx ->
                Json.write(ctx, 200, limits(usage.usage(PolicyGate.caller(ctx).orgId()))));
    }

    private static List<String> commaList(String value) {
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).toList();
    }

    /** A member of a JSON body that must be an array of strings (absent: empty). */
    private static List<String> strings(Map<String, Object> body, String member) {
        Object v = body.get(member);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": expected an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private void query(Context ctx, boolean all) {
        RecordContext rc = context(ctx);
        String q = ctx.queryParam("q");
        if (q == null) {
            throw new ApiException(RestErrorCode.MALFORMED_QUERY, "A query string has to be specified");
        }
        if ("true".equalsIgnoreCase(ctx.queryParam("columns"))) {
            Json.write(ctx, 200, soql(() -> queries.columns(rc, q)));
            return;
        }
        int batch = batchSize(ctx.header("Sforce-Query-Options"));
        Json.write(ctx, 200, soql(() -> queries.query(rc, q, all, batch)));
    }

    static List<Map<String, Object>> json(List<RecordCollections.Outcome> outcomes) {
        return outcomes.stream().map(RecordCollections.Outcome::toJson).toList();
    }

    static boolean allOrNone(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> recordsOf(Map<String, Object> body) {
        if (!(body.get("records") instanceof List<?> list)) {
            throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "records: a JSON array of records is required");
        }
        for (Object o : list) {
            if (!(o instanceof Map)) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "records: every element must be an object");
            }
        }
        return (List<Map<String, Object>>) list;
    }

    /** The {@code attributes.type} of a collection element, or {@code INVALID_TYPE}. */
    private static String typeOf(Map<String, Object> rec) {
        if (rec.get("attributes") instanceof Map<?, ?> a && a.get("type") instanceof String t && !t.isBlank()) {
            return t;
        }
        throw new ApiException(RestErrorCode.INVALID_TYPE, "Must send a concrete entity type: attributes.type is"
                + " missing");
    }

    static Map<String, Object> withoutAttributes(Map<String, Object> rec) {
        Map<String, Object> copy = new LinkedHashMap<>(rec);
        copy.remove("attributes");
        return copy;
    }

    /** {@code batchSize=n} from {@code Sforce-Query-Options}; 0 (the default) when absent or unreadable. */
    static int batchSize(String options) {
        if (options == null) {
            return 0;
        }
        for (String part : options.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("batchsize=")) {
                try {
                    return Integer.parseInt(p.substring("batchsize=".length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static Map<String, Object> soql(java.util.function.Supplier<Map<String, Object>> work) {
        try {
            return work.get();
        } catch (SoqlException e) {
            throw new ApiException(RestErrorCode.valueOf(e.errorCode().name()), e.getMessage());
        }
    }

    /** The {@code limits} resource: {@code DailyApiRequests} with {@code Max} and {@code Remaining}. */
    private static Map<String, Object> limits(ApiUsageMeter.Usage used) {
        Map<String, Object> daily = new LinkedHashMap<>();
        daily.put("Max", used.allowance());
        daily.put("Remaining", used.remaining());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DailyApiRequests", daily);
        return out;
    }

    /**
     * The record context of the caller that the route's policy authenticated (its version checked and the call
     * counted, {@link RequestPolicy#API_CALL}), with the caller's access snapshot.
     */
    private RecordContext context(Context ctx) {
        Caller caller = PolicyGate.caller(ctx);
        int version = PolicyGate.version(ctx);
        String consumerKey = caller.appId() == null ? null : consumerKeyOf(caller.appId());
        return new RecordContext(caller.orgId(), caller.userId(), consumerKey, snapshots.of(caller.user()), version);
    }

    /**
     * The consumer key of an app, for field history. An app's consumer key never changes, so it is kept for the life
     * of the process (bounded; a full map simply starts over).
     */
    private String consumerKeyOf(String appId) {
        String known = consumerKeys.get(appId);
        if (known != null) {
            return known;
        }
        String key = apps.findById(appId).map(ConnectedApp::consumerKey).orElse(null);
        if (key != null) {
            if (consumerKeys.size() >= MAX_CONSUMER_KEYS) {
                consumerKeys.clear();
            }
            consumerKeys.put(appId, key);
        }
        return key;
    }

    private static Map<String, Object> body(Context ctx) {
        return parseRecordBody(RequestBodies.read(ctx, MAX_BODY_BYTES));
    }

    /**
     * Parses a record API body strictly: one JSON object, nothing after it, no key repeated in any case, decimals
     * kept exact.
     *
     * @throws ApiException {@code JSON_PARSER_ERROR} for anything else
     */
    public static Map<String, Object> parseRecordBody(byte[] bytes) {
        Map<String, Object> body = Json.readObject(RECORD_READER, bytes);
        refuseCaseVariantKeys(body);
        return body;
    }

    /**
     * Field names are case-insensitive, so {@code {"Name":"a","name":"b"}} names one field twice, though the JSON
     * parser (which refuses exact repeats) sees two keys: it is refused like any repeated key, at every depth.
     */
    private static void refuseCaseVariantKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!seen.add(key.toLowerCase(java.util.Locale.ROOT))) {
                    throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Malformed JSON: Duplicate field '"
                            + key + "' (field names are case-insensitive)");
                }
                refuseCaseVariantKeys(e.getValue());
            }
        } else if (value instanceof java.util.List<?> list) {
            list.forEach(RecordRoutes::refuseCaseVariantKeys);
        }
    }
}
