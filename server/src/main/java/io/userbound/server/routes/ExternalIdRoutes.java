package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.ExternalIdRecords;
import io.userbound.records.data.RecordCollections;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordService;
import io.userbound.server.auth.Routes;
import io.userbound.server.http.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Records by external id ({@code salesforce-compat.md} section 12.2): {@code GET}, {@code PATCH} (upsert) and
 * {@code DELETE} on {@code sobjects/{type}/{field}/{value}}, and the upsert collection {@code PATCH
 * composite/sobjects/{type}/{field}}. The rules live in {@link ExternalIdRecords}; this class has the wire shapes.
 */
final class ExternalIdRoutes {
    /** From this API version an upsert that updates answers 200 with a body; before it, 204. */
    static final int UPDATE_BODY_VERSION = 46;
    private static final String V = "/services/data/{version}/";

    private final ExternalIdRecords externalIds;
    private final RecordService records;
    private final Function<Context, RecordContext> contexts;
    private final Function<Context, Map<String, Object>> bodies;

    ExternalIdRoutes(ExternalIdRecords externalIds, RecordService records, Function<Context, RecordContext> contexts,
            Function<Context, Map<String, Object>> bodies) {
        this.externalIds = externalIds;
        this.records = records;
        this.contexts = contexts;
        this.bodies = bodies;
    }

    void register(Routes r) {
        String byValue = V + "sobjects/{type}/{field}/{value}";
        r.get(byValue, ctx -> {
            RecordContext rc = contexts.apply(ctx);
            answer(ctx, () -> Json.write(ctx, 200, externalIds.get(rc, ctx.pathParam("type"), ctx.pathParam("field"),
                    ctx.pathParam("value"), ctx.queryParam("fields"))));
        });
        r.patch(byValue, ctx -> {
            RecordContext rc = contexts.apply(ctx);
            Map<String, Object> body = bodies.apply(ctx);
            answer(ctx, () -> {
                String type = ctx.pathParam("type");
                RecordCalls.Reply reply = RecordCalls.upserted(rc, type, externalIds.upsert(rc, type,
                        ctx.pathParam("field"), ctx.pathParam("value"), body));
                if (reply.body() == null) {
                    ctx.status(reply.status());
                } else {
                    Json.write(ctx, reply.status(), reply.body());
                }
            });
        });
        r.delete(byValue, ctx -> {
            RecordContext rc = contexts.apply(ctx);
            answer(ctx, () -> {
                externalIds.delete(rc, ctx.pathParam("type"), ctx.pathParam("field"), ctx.pathParam("value"));
                ctx.status(204);
            });
        });
        r.patch(V + "composite/sobjects/{type}/{field}", ctx -> {
            RecordContext rc = contexts.apply(ctx);
            Map<String, Object> body = bodies.apply(ctx);
            String type = ctx.pathParam("type");
            String field = externalIds.fieldName(rc, type, ctx.pathParam("field"));
            List<Map<String, Object>> elements = RecordRoutes.recordsOf(body);
            Json.write(ctx, 200, RecordRoutes.json(records.collection(elements,
                    RecordRoutes.allOrNone(body.get("allOrNone")), rec -> upsertElement(rc, type, field, rec))));
        });
    }

    private RecordCollections.Saved upsertElement(RecordContext rc, String type, String field,
            Map<String, Object> rec) {
        if (rec.get("attributes") instanceof Map<?, ?> a && a.get("type") != null
                && !String.valueOf(a.get("type")).equalsIgnoreCase(records.object(rc, type).name())) {
            throw new ApiException(RestErrorCode.INVALID_TYPE, "attributes.type '" + a.get("type") + "' is not "
                    + type + ", the object this upsert collection names");
        }
        Map<String, Object> values = RecordRoutes.withoutAttributes(rec);
        Object value = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value instanceof Map || value instanceof List || value.toString().isEmpty()) {
            throw new ApiException(RestErrorCode.MISSING_ARGUMENT, field + " not specified", List.of(field));
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        try {
            ExternalIdRecords.Upserted done = externalIds.upsert(rc, type, field, text, values);
            return new RecordCollections.Saved(done.id(), done.created());
        } catch (ExternalIdRecords.SeveralMatches e) {
            throw e.asError(field);
        }
    }

    /** Runs a route's work; several matching records answer 300 with their URLs, as Salesforce does. */
    private static void answer(Context ctx, Runnable work) {
        try {
            work.run();
        } catch (ExternalIdRecords.SeveralMatches e) {
            Json.write(ctx, 300, e.recordUrls());
        }
    }
}
