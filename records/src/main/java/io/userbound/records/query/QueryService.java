package io.userbound.records.query;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordService;
import io.userbound.records.data.ValueCodec;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import io.userbound.records.soql.SoqlParser;
import io.userbound.records.soql.SoqlQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The {@code query}, {@code queryAll} and {@code query/{locator}} resources. Results come in batches (2,000 records
 * by default, 200 to 2,000 through {@code Sforce-Query-Options: batchSize=n}); when more remain, {@code
 * nextRecordsUrl} carries a locator. Locators are stateless: they hold the compressed query and the position, and
 * each page is planned again for its caller, so any node can serve it and access is checked on every page.
 */
public final class QueryService {
    public static final int DEFAULT_BATCH = 2000;
    public static final int MIN_BATCH = 200;
    public static final int MAX_BATCH = 2000;
    private static final int MAX_LOCATOR_TEXT = SoqlParserLimits.MAX_TEXT;
    /** The largest locator position: the query's OFFSET plus the position must stay an int. */
    static final int MAX_POSITION = Integer.MAX_VALUE - QueryPlanner.MAX_OFFSET;

    private final QueryPlanner planner;
    private final RecordService records;
    private final RecordStore store;

    public QueryService(QueryPlanner planner, RecordService records, RecordStore store) {
        this.planner = planner;
        this.records = records;
        this.store = store;
    }

    /** {@code GET query?q=} or {@code queryAll?q=}: the first batch. */
    public Map<String, Object> query(RecordContext ctx, String soql, boolean all, int batchSize) {
        SoqlQuery q = SoqlParser.parse(soql);
        return page(ctx, q, all, clamp(batchSize), 0);
    }

    /** {@code GET query/{locator}}: the batch a previous answer's {@code nextRecordsUrl} points at. */
    public Map<String, Object> next(RecordContext ctx, String locator) {
        Locator l = Locator.decode(locator);
        SoqlQuery q;
        try {
            q = SoqlParser.parse(l.soql);
        } catch (RuntimeException e) {
            throw invalidLocator();
        }
        return page(ctx, q, l.all, l.batch, l.position);
    }

    /** {@code GET query?q=...&columns=true}: the column metadata of the query, as the {@code sf} CLI reads it. */
    public Map<String, Object> columns(RecordContext ctx, String soql) {
        QueryPlan plan = planner.plan(ctx, SoqlParser.parse(soql), false);
        List<Object> columns = new ArrayList<>();
        Map<String, Map<String, Object>> parents = new LinkedHashMap<>();
        boolean idSelected = false;
        for (QueryPlan.Column c : plan.columns()) {
            if (!c.isParentField()) {
                idSelected |= c.field().name().equals(StandardObjects.ID);
                columns.add(column(ctx, c, c.field().name(), c.field().name()));
                continue;
            }
            String rel = c.relationship().relationshipName();
            Map<String, Object> parent = parents.computeIfAbsent(rel, r -> {
                Map<String, Object> p = column(ctx, null, r, r);
                columns.add(p);
                return p;
            });
            @SuppressWarnings("unchecked")
            List<Object> joins = (List<Object>) parent.get("joinColumns");
            joins.add(column(ctx, c, c.field().name(), rel + "." + c.field().name()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columnMetadata", columns);
        out.put("entityName", plan.object().name());
        out.put("groupBy", false);
        out.put("idSelected", idSelected);
        out.put("keyPrefix", plan.object().keyPrefix());
        return out;
    }

    private Map<String, Object> column(RecordContext ctx, QueryPlan.Column c, String name, String display) {
        FieldType t = c == null ? null : c.field().type();
        boolean editable = c != null && c.object().isRecord()
                && ctx.access().field(c.object(), c.field()).canEdit();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aggregate", false);
        m.put("apexType", t == null ? null : apexType(t));
        m.put("booleanType", t == FieldType.CHECKBOX);
        m.put("columnName", name);
        m.put("custom", c != null && c.field().custom());
        m.put("displayName", display);
        m.put("foreignKeyName", null);
        m.put("insertable", editable);
        m.put("joinColumns", new ArrayList<>());
        m.put("numberType", t != null && t.isNumeric());
        m.put("textType", t != null && (t.isText() || t.isIdLike()));
        m.put("updatable", editable);
        return m;
    }

    private static String apexType(FieldType t) {
        return switch (t) {
            case ID, LOOKUP -> "Id";
            case NUMBER, PERCENT -> "Double";
            case CURRENCY -> "Decimal";
            case CHECKBOX -> "Boolean";
            case DATE -> "Date";
            case DATETIME -> "Datetime";
            default -> "String";
        };
    }

    private Map<String, Object> page(RecordContext ctx, SoqlQuery q, boolean all, int batch, int position) {
        QueryPlan plan = planner.plan(ctx, q, all);
        Map<String, Object> out = new LinkedHashMap<>();
        if (plan.count()) {
            out.put("totalSize", count(plan));
            out.put("done", true);
            out.put("records", List.of());
            return out;
        }
        int remaining = plan.limit() < 0 ? Integer.MAX_VALUE : Math.max(0, plan.limit() - position);
        int want = Math.min(batch, remaining);
        // one row beyond the batch tells whether another batch follows, unless the query's LIMIT ends here
        int probe = want < remaining ? 1 : 0;
        List<Object[]> rows = want == 0 ? List.of() : fetch(plan, plan.offset() + position, want + probe);
        boolean more = rows.size() > want;
        if (more) {
            rows = rows.subList(0, want);
        }
        List<Object> recordsOut = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            recordsOut.add(record(ctx, plan, row));
        }
        long total = !more && position == 0 ? rows.size() : count(plan);
        out.put("totalSize", total);
        out.put("done", !more);
        if (more) {
            out.put("nextRecordsUrl", ctx.basePath() + "/query/"
                    + new Locator(q.source(), all, batch, position + want).encode());
        }
        out.put("records", recordsOut);
        return out;
    }

    private List<Object[]> fetch(QueryPlan plan, int offset, int rows) {
        StringBuilder sql = new StringBuilder("SELECT t.id");
        List<String> joinAliases = joinAliases(plan);
        for (QueryPlan.Column c : plan.columns()) {
            sql.append(", ").append(c.field().sql(c.alias()));
        }
        for (String alias : joinAliases) {
            sql.append(", ").append(alias).append(".id");
        }
        sql.append(" FROM ").append(plan.from()).append(" WHERE ").append(plan.where()).append(" ORDER BY ")
                .append(plan.orderBy()).append(" OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        List<Object> params = new ArrayList<>(plan.fromParams());
        params.addAll(plan.whereParams());
        params.add(offset);
        params.add(rows);
        return store.select(new SqlStatement(sql.toString(), params), 1 + plan.columns().size() + joinAliases.size());
    }

    private long count(QueryPlan plan) {
        List<Object> params = new ArrayList<>(plan.fromParams());
        params.addAll(plan.whereParams());
        String inner = "SELECT t.id FROM " + plan.from() + " WHERE " + plan.where();
        String sql;
        if (plan.limit() >= 0 || plan.offset() > 0) {
            sql = "SELECT COUNT(*) FROM (" + inner + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY) x";
            params.add(plan.offset());
            params.add(plan.limit() < 0 ? Integer.MAX_VALUE : plan.limit());
        } else {
            sql = "SELECT COUNT(*) FROM " + plan.from() + " WHERE " + plan.where();
        }
        Object n = store.select(new SqlStatement(sql, params), 1).get(0)[0];
        return ((Number) n).longValue();
    }

    private Map<String, Object> record(RecordContext ctx, QueryPlan plan, Object[] row) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", plan.object().name());
        attributes.put("url", ctx.basePath() + "/sobjects/" + plan.object().name() + "/" + row[0]);
        out.put("attributes", attributes);
        List<String> joinAliases = joinAliases(plan);
        int idBase = 1 + plan.columns().size();
        for (int i = 0; i < plan.columns().size(); i++) {
            QueryPlan.Column c = plan.columns().get(i);
            Object typed = ValueCodec.fromColumn(c.field(), row[i + 1]);
            if (!c.isParentField()) {
                out.put(c.field().name(), ValueCodec.toJson(c.field(), typed));
                continue;
            }
            String rel = c.relationship().relationshipName();
            Object parentId = row[idBase + joinAliases.indexOf(c.alias())];
            if (parentId == null) {
                out.putIfAbsent(rel, null);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parent = (Map<String, Object>) out.get(rel);
            if (parent == null) {
                parent = new LinkedHashMap<>();
                Map<String, Object> pa = new LinkedHashMap<>();
                pa.put("type", c.object().name());
                pa.put("url", ctx.basePath() + "/sobjects/" + c.object().name() + "/" + parentId);
                parent.put("attributes", pa);
                out.put(rel, parent);
            }
            parent.put(c.field().name(), ValueCodec.toJson(c.field(), typed));
        }
        return out;
    }

    /** The aliases of the parent joins the selected columns read, in first-use order; each join's id follows them. */
    private static List<String> joinAliases(QueryPlan plan) {
        List<String> out = new ArrayList<>();
        for (QueryPlan.Column c : plan.columns()) {
            if (c.isParentField() && !out.contains(c.alias())) {
                out.add(c.alias());
            }
        }
        return out;
    }

    private static int clamp(int batchSize) {
        if (batchSize <= 0) {
            return DEFAULT_BATCH;
        }
        return Math.max(MIN_BATCH, Math.min(MAX_BATCH, batchSize));
    }

    static ApiException invalidLocator() {
        return new ApiException(RestErrorCode.INVALID_QUERY_LOCATOR, "invalid query locator");
    }

    /** A query's position, as the last path segment of {@code nextRecordsUrl}: {@code <deflated query>-<position>}. */
    record Locator(String soql, boolean all, int batch, int position) {
        String encode() {
            byte[] text = ((all ? "A" : "Q") + batch + ":" + soql).getBytes(StandardCharsets.UTF_8);
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
            d.setInput(text);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            d.end();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray()) + "-" + position;
        }

        static Locator decode(String locator) {
            int dash = locator == null ? -1 : locator.lastIndexOf('-');
            if (dash <= 0) {
                throw invalidLocator();
            }
            try {
                int position = Integer.parseInt(locator.substring(dash + 1));
                byte[] packed = Base64.getUrlDecoder().decode(locator.substring(0, dash));
                Inflater inflater = new Inflater();
                inflater.setInput(packed);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw invalidLocator();
                    }
                    out.write(buf, 0, n);
                    if (out.size() > MAX_LOCATOR_TEXT) {
                        throw invalidLocator();
                    }
                }
                inflater.end();
                String text = out.toString(StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                char mode = text.charAt(0);
                int batch = Integer.parseInt(text.substring(1, colon));
                if (position < 0 || position > MAX_POSITION || (mode != 'A' && mode != 'Q') || batch < MIN_BATCH
                        || batch > MAX_BATCH) {
                    throw invalidLocator();
                }
                return new Locator(text.substring(colon + 1), mode == 'A', batch, position);
            } catch (IllegalArgumentException | DataFormatException | StringIndexOutOfBoundsException e) {
                throw invalidLocator();
            }
        }
    }

    /** Bounds shared with the parser. */
    static final class SoqlParserLimits {
        static final int MAX_TEXT = 100_010;

        private SoqlParserLimits() {
        }
    }
}
