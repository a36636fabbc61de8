package io.userbound.records.query;

import io.userbound.protocol.SalesforceId;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RowAccess;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.soql.ComparisonOperator;
import io.userbound.records.soql.Condition;
import io.userbound.records.soql.DateLiteralRange;
import io.userbound.records.soql.FieldPath;
import io.userbound.records.soql.OrderItem;
import io.userbound.records.soql.SetOperator;
import io.userbound.records.soql.SoqlErrorCode;
import io.userbound.records.soql.SoqlException;
import io.userbound.records.soql.SoqlQuery;
import io.userbound.records.soql.Value;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a parsed SOQL query into a {@link QueryPlan} for the caller. Objects and fields the caller may not read
 * are reported exactly as if they did not exist ({@code INVALID_TYPE}, {@code INVALID_FIELD}), with the position of
 * the name in the query. The caller's sharing predicate is part of the WHERE clause, and the predicate of each parent
 * object is part of its join, so that a parent the caller may not see reads as null.
 */
public final class QueryPlanner {
    /** Salesforce's largest OFFSET. */
    public static final int MAX_OFFSET = 2000;
    private static final String T = "t";

    private final ObjectCatalog catalog;
    private final RowAccess rows;
    private final Clock clock;

    public QueryPlanner(ObjectCatalog catalog, RowAccess rows, Clock clock) {
        this.catalog = catalog;
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * @param includeDeleted {@code queryAll}: deleted records are included
     * @throws SoqlException for an unknown or unreadable object or field, or a value that does not suit its field
     */
    public QueryPlan plan(RecordContext ctx, SoqlQuery q, boolean includeDeleted) {
        return new Compilation(ctx, q, includeDeleted).compile();
    }

    /** The state of one compilation: joins are added as relationship paths are met. */
    private final class Compilation {
        private final RecordContext ctx;
        private final SoqlQuery q;
        private final boolean includeDeleted;
        private final Map<String, Join> joins = new LinkedHashMap<>();
        private ObjectDefinition object;

        private record Join(String alias, FieldDefinition lookup, ObjectDefinition parent) {
        }

        private record Resolved(FieldDefinition field, ObjectDefinition object, String sql, Join join) {
        }

        Compilation(RecordContext ctx, SoqlQuery q, boolean includeDeleted) {
            this.ctx = ctx;
            this.q = q;
            this.includeDeleted = includeDeleted;
        }

        QueryPlan compile() {
            object = rows.readableObject(ctx, q.from().name()).orElseThrow(() ->
                    SoqlException.invalidType(q.source(), q.from().offset(), q.from().name()));
            List<QueryPlan.Column> columns = new ArrayList<>();
            if (q.selection() instanceof io.userbound.records.soql.Selection.Fields fields) {
                List<String> seen = new ArrayList<>();
                for (FieldPath path : fields.fields()) {
                    Resolved r = resolve(path);
                    String key = (r.join == null ? "" : r.join.alias + ".") + r.field.key();
                    if (seen.contains(key)) {
                        throw SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, q.source(), path.offset(),
                                "duplicate field selected: " + path.dotted());
                    }
                    seen.add(key);
                    columns.add(new QueryPlan.Column(path.dotted(), r.field, r.object,
                            r.join == null ? null : r.join.lookup, r.join == null ? T : r.join.alias));
                }
            }
            List<String> where = new ArrayList<>();
            List<Object> whereParams = new ArrayList<>();
            SqlFragment visible = rows.rowFilter(ctx, object, T, includeDeleted);
            where.add(visible.sql());
            whereParams.addAll(visible.params());
            if (q.where().isPresent()) {
                SqlFragment c = condition(q.where().get());
                where.add("(" + c.sql() + ")");
                whereParams.addAll(c.params());
            }
            StringBuilder order = new StringBuilder();
            boolean orderedById = false;
            for (OrderItem item : q.orderBy()) {
                Resolved r = resolve(item.field());
                if (!sortable(r.field)) {
                    throw SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, q.source(), item.field().offset(),
                            "field '" + item.field().dotted() + "' can not be sorted in a query call");
                }
                orderedById |= r.join == null && r.field.name().equals(StandardObjects.ID);
                order.append(order.length() == 0 ? "" : ", ").append(r.sql)
                        .append(item.direction() == OrderItem.Direction.DESC ? " DESC" : " ASC")
                        .append(item.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
            }
            if (!orderedById) {
                order.append(order.length() == 0 ? "" : ", ").append(T).append(".id ASC");
            }
            int limit = q.limit().map(l -> l.value()).orElse(-1);
            int offset = q.rowOffset().map(o -> o.value()).orElse(0);
            if (offset > MAX_OFFSET) {
                throw SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, q.source(), q.rowOffset().get().offset(),
                        "Maximum SOQL offset allowed is " + MAX_OFFSET);
            }
            StringBuilder from = new StringBuilder(object.table()).append(' ').append(T);
            List<Object> fromParams = new ArrayList<>();
            for (Join j : joins.values()) {
                SqlFragment parentVisible = rows.rowFilter(ctx, j.parent, j.alias, false);
                from.append(" LEFT JOIN ").append(j.parent.table()).append(' ').append(j.alias).append(" ON ")
                        .append(j.alias).append(".id = ").append(j.lookup.sql(T)).append(" AND ")
                        .append(parentVisible.sql());
                fromParams.addAll(parentVisible.params());
            }
            return new QueryPlan(object, q.isCount(), from.toString(), fromParams, String.join(" AND ", where),
                    whereParams, order.toString(), columns, limit, offset);
        }

        private boolean sortable(FieldDefinition f) {
            return f.type() != FieldType.LONG_TEXT && f.type() != FieldType.MULTI_PICKLIST;
        }

        /** A field of the queried object, or one field of a parent reached through a lookup relationship. */
        private Resolved resolve(FieldPath path) {
            List<String> segments = new ArrayList<>(path.segments());
            List<Integer> offsets = new ArrayList<>(path.segmentOffsets());
            if (segments.size() > 1 && segments.get(0).equalsIgnoreCase(object.name())
                    && object.relationship(segments.get(0)).isEmpty()) {
                segments.remove(0);
                offsets.remove(0);
            }
            if (segments.size() == 1) {
                FieldDefinition f = field(object, segments.get(0), offsets.get(0));
                return new Resolved(f, object, f.sql(T), null);
            }
            if (segments.size() > 2) {
                throw badRelationship(segments.get(1), offsets.get(1));
            }
            FieldDefinition lookup = object.relationship(segments.get(0))
                    .filter(f -> rows.readableField(ctx, object, f))
                    .orElseThrow(() -> badRelationship(segments.get(0), offsets.get(0)));
            ObjectDefinition parent = rows.readableObject(ctx, lookup.referenceTo())
                    .orElseThrow(() -> badRelationship(segments.get(0), offsets.get(0)));
            Join join = joins.computeIfAbsent(lookup.key(), k -> new Join("j" + (joins.size() + 1), lookup, parent));
            FieldDefinition f = field(parent, segments.get(1), offsets.get(1));
            return new Resolved(f, parent, f.sql(join.alias), join);
        }

        private FieldDefinition field(ObjectDefinition o, String name, int offset) {
            return o.field(name).filter(f -> rows.readableField(ctx, o, f))
                    .orElseThrow(() -> SoqlException.invalidField(q.source(), offset, name, o.name()));
        }

        private SoqlException badRelationship(String name, int offset) {
            return SoqlException.at(SoqlErrorCode.INVALID_FIELD, q.source(), offset, "Didn't understand relationship '"
                    + name + "' in field path. If you are attempting to use a custom relationship, be sure to append"
                    + " the '__r' after the custom relationship name. Please reference your WSDL or the describe call"
                    + " for the appropriate names.");
        }

        private SqlFragment condition(Condition c) {
            if (c instanceof Condition.And and) {
                return join(and.operands(), " AND ");
            }
            if (c instanceof Condition.Or or) {
                return join(or.operands(), " OR ");
            }
            if (c instanceof Condition.Not not) {
                SqlFragment inner = condition(not.operand());
                return new SqlFragment("NOT (" + inner.sql() + ")", inner.params());
            }
            if (c instanceof Condition.Comparison cmp) {
                return comparison(cmp);
            }
            return set((Condition.SetComparison) c);
        }

        private SqlFragment join(List<Condition> operands, String op) {
            StringBuilder sql = new StringBuilder();
            List<Object> params = new ArrayList<>();
            for (Condition c : operands) {
                SqlFragment f = condition(c);
                sql.append(sql.length() == 0 ? "(" : op).append(f.sql());
                params.addAll(f.params());
            }
            return new SqlFragment(sql.append(')').toString(), params);
        }

        private Resolved filterable(FieldPath path) {
            Resolved r = resolve(path);
            if (r.field.type() == FieldType.LONG_TEXT) {
                throw SoqlException.at(SoqlErrorCode.MALFORMED_QUERY, q.source(), path.offset(), "field '"
                        + path.dotted() + "' can not be filtered in a query call");
            }
            return r;
        }

        private SqlFragment comparison(Condition.Comparison cmp) {
            Resolved r = filterable(cmp.field());
            String col = r.sql;
            Value v = cmp.value();
            ComparisonOperator op = cmp.operator();
            if (op == ComparisonOperator.LIKE) {
                if (!(v instanceof Value.StringValue s) || !(r.field.type().isText() || r.field.type().isIdLike())) {
                    throw filterError(cmp.operatorOffset(), "invalid operator on field '" + cmp.field().dotted()
                            + "': LIKE needs a text field and a quoted pattern");
                }
                return new SqlFragment(folded(r) + " LIKE ? ESCAPE '\\'",
                        List.of(s.likePattern().toLowerCase(Locale.ROOT)));
            }
            if (v instanceof Value.NullValue) {
                return switch (op) {
                    case EQ -> new SqlFragment(col + " IS NULL", List.of());
                    case NE -> new SqlFragment(col + " IS NOT NULL", List.of());
                    default -> new SqlFragment("1 = 0", List.of());
                };
            }
            if (v instanceof Value.DateLiteral literal) {
                return dateRange(r, cmp, literal);
            }
            Object param = value(r.field, v, cmp.field());
            String sqlOp = switch (op) {
                case EQ -> "=";
                case NE -> "<>";
                case LT -> "<";
                case LE -> "<=";
                case GT -> ">";
                case GE -> ">=";
                case LIKE -> throw new IllegalStateException("handled above");
            };
            if (r.field.type() == FieldType.CHECKBOX && op != ComparisonOperator.EQ && op != ComparisonOperator.NE) {
                throw filterError(cmp.operatorOffset(), "invalid operator on boolean field '" + cmp.field().dotted()
                        + "'");
            }
            boolean anyCase = comparesInAnyCase(r.field) && (op == ComparisonOperator.EQ
                    || op == ComparisonOperator.NE);
            String left = anyCase ? folded(r) : col;
            String right = anyCase ? "LOWER(?)" : "?";
            if (op == ComparisonOperator.NE) {
                // SOQL treats null as a value: "x != 'a'" includes records where x is null
                return new SqlFragment("(" + left + " <> " + right + " OR " + col + " IS NULL)", List.of(param));
            }
            return new SqlFragment(left + " " + sqlOp + " " + right, List.of(param));
        }

        private SqlFragment dateRange(Resolved r, Condition.Comparison cmp, Value.DateLiteral literal) {
            if (r.field.type() != FieldType.DATE && r.field.type() != FieldType.DATETIME) {
                throw filterError(cmp.field().offset(), "value of filter criterion for field '" + cmp.field().dotted()
                        + "' must be of type " + r.field.type().describeName() + " and should not be enclosed in"
                        + " quotes");
            }
            DateLiteralRange range = DateLiteralRange.resolve(literal, LocalDate.ofInstant(clock.instant(),
                    ZoneOffset.UTC));
            Object start = r.field.type() == FieldType.DATE ? range.startDate()
                    : (Object) range.startInclusive().toEpochMilli();
            Object end = r.field.type() == FieldType.DATE ? range.endDateExclusive()
                    : (Object) range.endExclusive().toEpochMilli();
            String col = r.sql;
            return switch (cmp.operator()) {
                case EQ -> new SqlFragment("(" + col + " >= ? AND " + col + " < ?)", List.of(start, end));
                case NE -> new SqlFragment("(" + col + " < ? OR " + col + " >= ? OR " + col + " IS NULL)",
                        List.of(start, end));
                case LT -> new SqlFragment(col + " < ?", List.of(start));
                case LE -> new SqlFragment(col + " < ?", List.of(end));
                case GT -> new SqlFragment(col + " >= ?", List.of(end));
                case GE -> new SqlFragment(col + " >= ?", List.of(start));
                case LIKE -> throw new IllegalStateException("handled by the caller");
            };
        }

        private SqlFragment set(Condition.SetComparison s) {
            Resolved r = filterable(s.field());
            String col = r.sql;
            if (s.operator() == SetOperator.INCLUDES || s.operator() == SetOperator.EXCLUDES) {
                if (r.field.type() != FieldType.MULTI_PICKLIST) {
                    throw filterError(s.operatorOffset(), "includes or excludes operator only valid on multipicklist"
                            + " field '" + s.field().dotted() + "'");
                }
                StringBuilder any = new StringBuilder();
                List<Object> params = new ArrayList<>();
                for (Value v : s.values()) {
                    if (!(v instanceof Value.StringValue sv)) {
                        throw filterError(v.offset(), "value of filter criterion for field '" + s.field().dotted()
                                + "' must be of type string and should be enclosed in quotes");
                    }
                    StringBuilder all = new StringBuilder();
                    for (String part : sv.value().split(";")) {
                        String p = part.trim();
                        if (p.isEmpty()) {
                            continue;
                        }
                        all.append(all.length() == 0 ? "(" : " AND ").append("(';' || ").append(col)
                                .append(" || ';') LIKE ? ESCAPE '\\'");
                        params.add("%;" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ";%");
                    }
                    if (all.length() > 0) {
                        any.append(any.length() == 0 ? "(" : " OR ").append(all).append(')');
                    }
                }
                String includes = any.length() == 0 ? "1 = 0" : any.append(')').toString();
                return s.operator() == SetOperator.INCLUDES ? new SqlFragment(col + " IS NOT NULL AND " + includes,
                        params) : new SqlFragment("(" + col + " IS NULL OR NOT " + includes + ")", params);
            }
            List<Object> params = new ArrayList<>();
            boolean hasNull = false;
            for (Value v : s.values()) {
                if (v instanceof Value.NullValue) {
                    hasNull = true;
                } else if (v instanceof Value.DateLiteral) {
                    throw filterError(v.offset(), "date literals are not supported in IN lists");
                } else {
                    params.add(value(r.field, v, s.field()));
                }
            }
            StringBuilder sql = new StringBuilder("(");
            boolean in = s.operator() == SetOperator.IN;
            if (!params.isEmpty() && comparesInAnyCase(r.field)) {
                sql.append(folded(r)).append(in ? " IN (" : " NOT IN (")
                        .append(String.join(", ", java.util.Collections.nCopies(params.size(), "LOWER(?)")))
                        .append(')');
            } else if (!params.isEmpty()) {
                sql.append(SqlFragment.in(col, params).sql().replaceFirst(" IN \\(", in ? " IN (" : " NOT IN ("));
            }
            if (in) {
                if (hasNull) {
                    sql.append(params.isEmpty() ? "" : " OR ").append(col).append(" IS NULL");
                }
            } else {
                if (hasNull) {
                    sql.append(params.isEmpty() ? "" : " AND ").append(col).append(" IS NOT NULL");
                } else {
                    sql.append(" OR ").append(col).append(" IS NULL");
                }
            }
            return new SqlFragment(sql.append(')').toString(), params);
        }

        /**
         * Whether {@code =}, {@code !=}, {@code IN}, {@code NOT IN} and {@code LIKE} ignore case on the field: text,
         * email and picklist fields, as in Salesforce. (Ids are compared in their 18-character form, which an id in
         * any case parses to.)
         */
        private static boolean comparesInAnyCase(FieldDefinition f) {
            return f.type() == FieldType.TEXT || f.type() == FieldType.EMAIL || f.type() == FieldType.PICKLIST;
        }

        /**
         * The field's value lower-cased, as SQL: its shadow column (which an index serves) where it has one, else the
         * value lower-cased as it is read. Both the column and a bound value fold through the database's
         * {@code LOWER}, so they fold alike whatever the characters.
         */
        private String folded(Resolved r) {
            FieldDefinition f = r.field;
            if (f.foldedColumn() != null && f.kind() != FieldDefinition.Kind.CALCULATED) {
                return (r.join == null ? T : r.join.alias) + "." + f.foldedColumn();
            }
            return "LOWER(" + r.sql + ")";
        }

        /** The bound value of a literal for a field, or a filter error naming the expected type. */
        private Object value(FieldDefinition f, Value v, FieldPath path) {
            FieldType t = f.type();
            if (t.isIdLike()) {
                if (v instanceof Value.StringValue s) {
                    return SalesforceId.parse(s.value()).map(SalesforceId::id18).orElseThrow(() ->
                            filterError(v.offset(), "invalid ID field: " + s.value()));
                }
            } else if (t.isText()) {
                if (v instanceof Value.StringValue s) {
                    return s.value();
                }
            } else if (t.isNumeric()) {
                if (v instanceof Value.NumberValue n) {
                    return n.value();
                }
            } else if (t == FieldType.CHECKBOX) {
                if (v instanceof Value.BooleanValue b) {
                    return b.value();
                }
            } else if (t == FieldType.DATE) {
                if (v instanceof Value.DateValue d) {
                    return d.value();
                }
            } else if (t == FieldType.DATETIME) {
                if (v instanceof Value.DateTimeValue d) {
                    return d.instant().toEpochMilli();
                }
            }
            String expected = t.isText() || t.isIdLike() ? "string and should be enclosed in quotes"
                    : t.describeName() + " and should not be enclosed in quotes";
            throw filterError(v.offset(), "value of filter criterion for field '" + path.dotted()
                    + "' must be of type " + expected);
        }

        private SoqlException filterError(int offset, String detail) {
            return SoqlException.at(SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR, q.source(), offset, detail);
        }
    }
}
