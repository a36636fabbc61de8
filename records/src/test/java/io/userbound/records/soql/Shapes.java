package io.userbound.records.soql;

import java.util.stream.Collectors;

/** Renders a query tree as a compact, type-revealing S-expression so tests can assert whole shapes. */
final class Shapes {
    private Shapes() {
    }

    static String of(SoqlQuery q) {
        return of(q, true);
    }

    static String of(SoqlQuery q, boolean withAlias) {
        StringBuilder out = new StringBuilder();
        out.append(q.selection() instanceof Selection.CountAll ? "COUNT()"
                : ((Selection.Fields) q.selection()).fields().stream().map(FieldPath::dotted)
                        .collect(Collectors.joining(",")));
        out.append(" | ").append(q.from().name()).append((withAlias ? q.from().alias().map(a -> " as " + a).orElse("") : ""));
        q.where().ifPresent(c -> out.append(" | ").append(condition(c)));
        if (q.security() != SecurityMode.NONE) {
            out.append(" | ").append(q.security());
        }
        if (!q.orderBy().isEmpty()) {
            out.append(" | order ").append(q.orderBy().stream()
                    .map(o -> o.field().dotted() + " " + o.direction() + " " + o.nulls())
                    .collect(Collectors.joining(",")));
        }
        q.limit().ifPresent(l -> out.append(" | limit ").append(l.value()));
        q.rowOffset().ifPresent(o -> out.append(" | offset ").append(o.value()));
        return out.toString();
    }

    static String condition(Condition c) {
        if (c instanceof Condition.And) {
            return "(AND " + ((Condition.And) c).operands().stream().map(Shapes::condition)
                    .collect(Collectors.joining(" ")) + ")";
        }
        if (c instanceof Condition.Or) {
            return "(OR " + ((Condition.Or) c).operands().stream().map(Shapes::condition)
                    .collect(Collectors.joining(" ")) + ")";
        }
        if (c instanceof Condition.Not) {
            return "(NOT " + condition(((Condition.Not) c).operand()) + ")";
        }
        if (c instanceof Condition.Comparison) {
            Condition.Comparison cmp = (Condition.Comparison) c;
            return "(" + cmp.operator() + " " + cmp.field().dotted() + " " + value(cmp.value()) + ")";
        }
        Condition.SetComparison set = (Condition.SetComparison) c;
        return "(" + set.operator() + " " + set.field().dotted() + " ["
                + set.values().stream().map(Shapes::value).collect(Collectors.joining(" ")) + "])";
    }

    static String value(Value v) {
        if (v instanceof Value.NullValue) {
            return "null";
        }
        if (v instanceof Value.BooleanValue) {
            return "bool:" + ((Value.BooleanValue) v).value();
        }
        if (v instanceof Value.StringValue) {
            return "str:" + ((Value.StringValue) v).value();
        }
        if (v instanceof Value.NumberValue) {
            return "num:" + ((Value.NumberValue) v).value().toPlainString();
        }
        if (v instanceof Value.DateValue) {
            return "date:" + ((Value.DateValue) v).value();
        }
        if (v instanceof Value.DateTimeValue) {
            return "datetime:" + ((Value.DateTimeValue) v).value();
        }
        return "lit:" + ((Value.DateLiteral) v).soql();
    }
}
