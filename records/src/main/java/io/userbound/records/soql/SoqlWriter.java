package io.userbound.records.soql;

import java.util.stream.Collectors;

/** Renders a {@link SoqlQuery} back to canonical SOQL (see {@link SoqlQuery#toSoql()}). */
final class SoqlWriter {
    private SoqlWriter() {
    }

    static String write(SoqlQuery q) {
        StringBuilder out = new StringBuilder("SELECT ");
        if (q.selection() instanceof Selection.CountAll) {
            out.append("COUNT()");
        } else {
            out.append(((Selection.Fields) q.selection()).fields().stream().map(FieldPath::dotted)
                    .collect(Collectors.joining(", ")));
        }
        out.append(" FROM ").append(q.from().name());
        q.where().ifPresent(c -> out.append(" WHERE ").append(condition(c)));
        if (q.security() != SecurityMode.NONE) {
            out.append(" WITH ").append(q.security().name());
        }
        if (!q.orderBy().isEmpty()) {
            out.append(" ORDER BY ").append(q.orderBy().stream().map(SoqlWriter::orderItem)
                    .collect(Collectors.joining(", ")));
        }
        q.limit().ifPresent(l -> out.append(" LIMIT ").append(l.value()));
        q.rowOffset().ifPresent(o -> out.append(" OFFSET ").append(o.value()));
        return out.toString();
    }

    private static String orderItem(OrderItem item) {
        String s = item.field().dotted() + " " + item.direction().name();
        return item.nulls() == OrderItem.Nulls.DEFAULT ? s : s + " NULLS " + item.nulls().name();
    }

    private static String condition(Condition c) {
        if (c instanceof Condition.And) {
            return ((Condition.And) c).operands().stream().map(SoqlWriter::operand)
                    .collect(Collectors.joining(" AND "));
        }
        if (c instanceof Condition.Or) {
            return ((Condition.Or) c).operands().stream().map(SoqlWriter::operand)
                    .collect(Collectors.joining(" OR "));
        }
        if (c instanceof Condition.Not) {
            return "NOT " + operand(((Condition.Not) c).operand());
        }
        if (c instanceof Condition.Comparison) {
            Condition.Comparison cmp = (Condition.Comparison) c;
            return cmp.field().dotted() + " " + cmp.operator().soql() + " " + value(cmp.value());
        }
        Condition.SetComparison set = (Condition.SetComparison) c;
        return set.field().dotted() + " " + set.operator().soql() + " ("
                + set.values().stream().map(SoqlWriter::value).collect(Collectors.joining(", ")) + ")";
    }

    /** Operands of AND, OR and NOT: composite conditions get parentheses. */
    private static String operand(Condition c) {
        boolean composite = c instanceof Condition.And || c instanceof Condition.Or;
        return composite ? "(" + condition(c) + ")" : condition(c);
    }

    private static String value(Value v) {
        if (v instanceof Value.NullValue) {
            return "null";
        }
        if (v instanceof Value.BooleanValue) {
            return String.valueOf(((Value.BooleanValue) v).value());
        }
        if (v instanceof Value.StringValue) {
            return "'" + ((Value.StringValue) v).raw() + "'";
        }
        if (v instanceof Value.NumberValue) {
            return ((Value.NumberValue) v).text();
        }
        if (v instanceof Value.DateValue) {
            return ((Value.DateValue) v).text();
        }
        if (v instanceof Value.DateTimeValue) {
            return ((Value.DateTimeValue) v).text();
        }
        return ((Value.DateLiteral) v).soql();
    }
}
