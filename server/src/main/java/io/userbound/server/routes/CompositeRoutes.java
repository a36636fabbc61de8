package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.RestError;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.RecordContext;
import io.userbound.server.auth.Routes;
import io.userbound.server.http.Json;
import io.userbound.server.routes.RecordCalls.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The composite resources ({@code salesforce-compat.md} section 12.3): {@code POST composite} (up to 25 subrequests
 * with {@code @{ref.path}} references between them, {@code allOrNone}), {@code POST composite/batch} (up to 25
 * independent subrequests) and {@code POST composite/tree/{T}} ({@link CompositeTree}). Every subrequest is a
 * {@link RecordCalls} call as the token's user, so it is checked exactly as the single call is; {@code allOrNone} runs
 * them in one transaction that a failure rolls back.
 */
final class CompositeRoutes {
    /** Salesforce's limit of subrequests per composite or batch request. */
    static final int MAX_SUBREQUESTS = 25;
    private static final String V = "/services/data/{version}/";
    private static final Pattern URL = Pattern.compile("^(?:/services/data/)?(v[^/?#]+)(/[^?#]*)?(?:\\?(.*))?$");
    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)((?:\\.[A-Za-z0-9_]+|\\[\\d{1,9}])*)}");
    private static final Pattern REFERENCE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_]*$");
    private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d{1,9})]");
    static final String ROLLED_BACK = "The transaction was rolled back since another operation in the same "
            + "transaction failed.";

    private final RecordCalls calls;
    private final Transactions tx;
    private final CompositeTree tree;
    private final Function<Context, RecordContext> contexts;
    private final Function<Context, Map<String, Object>> bodies;

    CompositeRoutes(RecordCalls calls, Transactions tx, CompositeTree tree, Function<Context, RecordContext> contexts,
            Function<Context, Map<String, Object>> bodies) {
        this.calls = calls;
        this.tx = tx;
        this.tree = tree;
        this.contexts = contexts;
        this.bodies = bodies;
    }

    void register(Routes r) {
        r.post(V + "composite", ctx -> {
            RecordContext rc = contexts.apply(ctx);
            Json.write(ctx, 200, Map.of("compositeResponse", composite(rc, bodies.apply(ctx))));
        });
        r.post(V + "composite/tree/{type}", ctx -> {
            RecordContext rc = contexts.apply(ctx);
            Reply reply = tree.insert(rc, ctx.pathParam("type"), bodies.apply(ctx));
            Json.write(ctx, reply.status(), reply.body());
        });
        r.post(V + "composite/batch", ctx -> {
            RecordContext rc = contexts.apply(ctx);
            Json.write(ctx, 200, batch(rc, bodies.apply(ctx)));
        });
    }

    /** One subrequest of {@code POST composite}, as sent. */
    private record Subrequest(String method, String url, String referenceId, Object body) {
    }

    /** The reply of one subrequest and the reference id it answers. */
    private record Answered(String referenceId, Reply reply) {
        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("body", reply.body());
            out.put("httpHeaders", reply.headers());
            out.put("httpStatusCode", reply.status());
            out.put("referenceId", referenceId);
            return out;
        }
    }

    /** Thrown inside the all-or-none transaction to roll it back after a subrequest failed. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RolledBack() {
            super(null, null, false, false);
        }
    }

    List<Map<String, Object>> composite(RecordContext rc, Map<String, Object> body) {
        Fields.only(body, "composite request", "allOrNone", "collateSubrequests", "compositeRequest");
        boolean allOrNone = Fields.bool(body, "allOrNone");
        Fields.bool(body, "collateSubrequests"); // a scheduling hint in Salesforce; each subrequest runs in order
        List<Subrequest> subrequests = new ArrayList<>();
        Set<String> referenceIds = new HashSet<>();
        for (Map<String, Object> item : Fields.objects(body, "compositeRequest", MAX_SUBREQUESTS)) {
            Fields.only(item, "subrequest", "method", "url", "referenceId", "body", "httpHeaders");
            String referenceId = Fields.text(item, "referenceId");
            if (!REFERENCE_ID.matcher(referenceId).matches()) {
                throw new ApiException(RestErrorCode.INVALID_OPERATION, "referenceId '" + referenceId + "': a "
                        + "reference id starts with a letter or a digit and holds only letters, digits and "
                        + "underscores");
            }
            if (!referenceIds.add(referenceId)) {
                throw new ApiException(RestErrorCode.INVALID_OPERATION, "referenceId '" + referenceId + "' is used "
                        + "by more than one subrequest");
            }
            subrequests.add(new Subrequest(Fields.method(item), Fields.text(item, "url"), referenceId,
                    item.get("body")));
        }
        List<Answered> answered = new ArrayList<>();
        if (!allOrNone) {
            for (Subrequest s : subrequests) {
                answered.add(new Answered(s.referenceId(), run(rc, s, answered)));
            }
        } else {
            try {
                tx.run(() -> {
                    for (Subrequest s : subrequests) {
                        Answered a = new Answered(s.referenceId(), run(rc, s, answered));
                        answered.add(a);
                        if (a.reply().failed()) {
                            throw new RolledBack();
                        }
                    }
                });
            } catch (RolledBack e) {
                List<Answered> halted = new ArrayList<>();
                for (Subrequest s : subrequests) {
                    Answered done = answered.stream().filter(a -> a.referenceId().equals(s.referenceId()))
                            .findFirst().orElse(null);
                    halted.add(done != null && done.reply().failed() ? done
                            : new Answered(s.referenceId(), halted(ROLLED_BACK)));
                }
                answered.clear();
                answered.addAll(halted);
            }
        }
        return answered.stream().map(Answered::toJson).toList();
    }

    /** Resolves the subrequest's references against the replies so far, then runs it. */
    private Reply run(RecordContext rc, Subrequest s, List<Answered> before) {
        Map<String, Object> results = new LinkedHashMap<>();
        before.forEach(a -> results.put(a.referenceId(), a.reply().failed() ? null : a.reply().body()));
        String url;
        Object body;
        try {
            url = resolveText(s.url(), results);
            body = resolve(s.body(), results);
        } catch (ApiException unresolved) {
            return Reply.error(unresolved);
        }
        if (body != null && !(body instanceof Map)) {
            return Reply.error(new ApiException(RestErrorCode.JSON_PARSER_ERROR, "body: a JSON object is expected"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) body;
        return call(rc, s.method(), url, map);
    }

    /** One call by its URL ({@code /services/data/vNN.0/...} or {@code vNN.0/...}) as the context's user. */
    private Reply call(RecordContext rc, String method, String url, Map<String, Object> body) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return Reply.error(RecordCalls.notFound());
        }
        java.util.Optional<Integer> parsed = io.userbound.protocol.ApiVersions.parseSegment(m.group(1));
        if (parsed.isEmpty()) {
            return Reply.error(RecordCalls.notFound());
        }
        int version = parsed.get();
        RecordContext at = new RecordContext(rc.orgId(), rc.userId(), rc.consumerKey(), rc.access(), version);
        try {
            return calls.call(at, method, m.group(2) == null ? "" : m.group(2), query(m.group(3)), body);
        } catch (ApiException badEscape) {
            return Reply.error(badEscape); // from query(): the rest of the call answers its refusals itself
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = RecordCalls.decode(eq < 0 ? pair : pair.substring(0, eq), false);
            String value = eq < 0 ? "" : RecordCalls.decode(pair.substring(eq + 1), false);
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** {@code [{"errorCode": "PROCESSING_HALTED", "message"}]} with 400, as Salesforce answers. */
    private static Reply halted(String message) {
        return Reply.of(400, List.of(new RestError(message, "PROCESSING_HALTED", null)));
    }

    /** The value with every {@code @{ref.path}} in its strings replaced; a string that is one reference keeps the
     * referenced value's JSON type. */
    private static Object resolve(Object value, Map<String, Object> results) {
        if (value instanceof String text) {
            Matcher whole = REFERENCE.matcher(text);
            if (whole.matches()) {
                return lookup(whole.group(1), whole.group(2), results);
            }
            return resolveText(text, results);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, results)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolve(v, results)));
            return out;
        }
        return value;
    }

    private static String resolveText(String text, Map<String, Object> results) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = lookup(m.group(1), m.group(2), results);
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The value at {@code path} ({@code .id}, {@code .records[0].Id}) in an earlier subrequest's reply body. */
    private static Object lookup(String referenceId, String path, Map<String, Object> results) {
        Object v = results.get(referenceId);
        String shown = referenceId + path;
        if (!results.containsKey(referenceId) || v == null) {
            throw new ApiException(RestErrorCode.PROCESSING_HALTED, "Invalid reference specified. No value for "
                    + shown + " found in " + referenceId + ". Provided referenceId ids must name an earlier "
                    + "subrequest that succeeded");
        }
        Matcher step = PATH_STEP.matcher(path);
        while (step.find()) {
            if (step.group(1) != null && v instanceof Map<?, ?> map) {
                v = map.entrySet().stream().filter(e -> String.valueOf(e.getKey()).equalsIgnoreCase(step.group(1)))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            } else if (step.group(2) != null && v instanceof List<?> list
                    && Integer.parseInt(step.group(2)) < list.size()) {
                v = list.get(Integer.parseInt(step.group(2)));
            } else {
                v = null;
            }
            if (v == null) {
                throw new ApiException(RestErrorCode.PROCESSING_HALTED, "Invalid reference specified. No value for "
                        + shown + " found in " + referenceId);
            }
        }
        if (v instanceof Map || v instanceof List) {
            throw new ApiException(RestErrorCode.PROCESSING_HALTED, "Invalid reference specified. " + shown
                    + " is not a single value");
        }
        return v;
    }

    /** {@code POST composite/batch}: independent subrequests, each committed on its own; no references. */
    Map<String, Object> batch(RecordContext rc, Map<String, Object> body) {
        Fields.only(body, "batch request", "batchRequests", "haltOnError");
        boolean haltOnError = Fields.bool(body, "haltOnError");
        List<Map<String, Object>> results = new ArrayList<>();
        boolean hasErrors = false;
        for (Map<String, Object> item : Fields.objects(body, "batchRequests", MAX_SUBREQUESTS)) {
            Fields.only(item, "batch subrequest", "method", "url", "richInput", "binaryPartName",
                    "binaryPartNameAlias");
            Reply reply;
            if (hasErrors && haltOnError) {
                reply = Reply.of(412, List.of(new RestError("This request was not executed because the previous "
                        + "request in the batch failed.", "BATCH_PROCESSING_HALTED", null)));
            } else {
                Object input = item.get("richInput");
                if (input != null && !(input instanceof Map)) {
                    reply = Reply.error(new ApiException(RestErrorCode.JSON_PARSER_ERROR,
                            "richInput: a JSON object is expected"));
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) input;
                    reply = call(rc, Fields.method(item), Fields.text(item, "url"), map);
                }
            }
            hasErrors |= reply.failed();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("statusCode", reply.status());
            out.put("result", reply.body());
            results.add(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hasErrors", hasErrors);
        out.put("results", results);
        return out;
    }

    /** Reading the members of composite bodies; a wrong shape is {@code JSON_PARSER_ERROR}, never a 500. */
    static final class Fields {
        private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT", "DELETE");

        private Fields() {
        }

        static void only(Map<String, Object> body, String what, String... members) {
            Set<String> allowed = Set.of(members);
            for (String key : body.keySet()) {
                if (!allowed.contains(key)) {
                    throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Unrecognized field \"" + key + "\" in a "
                            + what + "; accepted: " + String.join(", ", members));
                }
            }
        }

        static boolean bool(Map<String, Object> body, String member) {
            Object v = body.get(member);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": expected true or false");
            }
            return b;
        }

        static String text(Map<String, Object> body, String member) {
            if (!(body.get(member) instanceof String s) || s.isBlank()) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": a non-empty string is required");
            }
            return s;
        }

        static String method(Map<String, Object> body) {
            String m = text(body, "method");
            if (!METHODS.contains(m)) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "method '" + m + "': use GET, POST, PATCH, "
                        + "PUT or DELETE");
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> objects(Map<String, Object> body, String member, int max) {
            if (!(body.get(member) instanceof List<?> list) || list.isEmpty()) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": a non-empty array is required");
            }
            if (list.size() > max) {
                throw new ApiException(RestErrorCode.INVALID_OPERATION, member + ": at most " + max
                        + " subrequests, not " + list.size());
            }
            for (Object o : list) {
                if (!(o instanceof Map)) {
                    throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, member + ": every element must be an "
                            + "object");
                }
            }
            return (List<Map<String, Object>>) list;
        }
    }
}
