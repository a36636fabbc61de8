package io.userbound.records.soql;

import java.util.List;
import java.util.Objects;

/**
 * A WHERE condition tree. Parentheses are not nodes: they only shape the tree. {@link And} and {@link Or} never
 * mix at one level (Salesforce requires parentheses), and are not flattened across parentheses.
 */
public sealed interface Condition permits Condition.And, Condition.Or, Condition.Not, Condition.Comparison,
        Condition.SetComparison {

    /** Char offset where the condition starts. */
    int offset();

    /** Two or more conditions joined by {@code AND}. */
    record And(List<Condition> operands, int offset) implements Condition {
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("AND needs two or more operands");
            }
        }
    }

    /** Two or more conditions joined by {@code OR}. */
    record Or(List<Condition> operands, int offset) implements Condition {
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("OR needs two or more operands");
            }
        }
    }

    /** {@code NOT operand}; {@code offset} is that of the {@code NOT} keyword. */
    record Not(Condition operand, int offset) implements Condition {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * {@code field op value}. {@code offset} is the field's; {@code operatorOffset} the operator's.
     * For {@link ComparisonOperator#LIKE} the value is a {@link Value.StringValue}.
     */
    record Comparison(FieldPath field, ComparisonOperator operator, Value value, int offset, int operatorOffset)
            implements Condition {
        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code field IN|NOT IN|INCLUDES|EXCLUDES (v, ...)} with at least one value. {@code offset} is the field's;
     * {@code operatorOffset} the operator's first keyword.
     */
    record SetComparison(FieldPath field, SetOperator operator, List<Value> values, int offset, int operatorOffset)
            implements Condition {
        public SetComparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty");
            }
        }
    }
}
