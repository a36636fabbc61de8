package io.userbound.records.soql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A literal on the right side of a condition. Every value knows the char offset where it was written. */
public sealed interface Value permits Value.NullValue, Value.BooleanValue, Value.StringValue, Value.NumberValue,
        Value.DateValue, Value.DateTimeValue, Value.DateLiteral {

    /** Char offset of the literal's first character. */
    int offset();

    /** {@code null} (any case). */
    record NullValue(int offset) implements Value {
    }

    /** {@code true} / {@code false} (any case). */
    record BooleanValue(boolean value, int offset) implements Value {
    }

    /**
     * A single-quoted string.
     *
     * @param value       the text with every escape decoded; {@code \_} and {@code \%} decode to {@code _} and
     *                    {@code %} (use this for {@code =}, {@code IN}, {@code INCLUDES}, ...)
     * @param likePattern the same text as a SQL LIKE pattern whose escape character is backslash
     *                    ({@code LIKE ? ESCAPE '\'}): unescaped {@code %} and {@code _} are wildcards, while
     *                    {@code \%}, {@code \_} and a literal backslash ({@code \\}) stay escaped
     * @param raw         the characters between the quotes exactly as written
     * @param offset      char offset of the opening quote
     */
    record StringValue(String value, String likePattern, String raw, int offset) implements Value {
        public StringValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(likePattern, "likePattern");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /**
     * A number: digits with an optional fraction and an optional leading sign ({@code -1}, {@code +2.50}).
     *
     * @param value the exact value (scale as written)
     * @param text  the number as written
     */
    record NumberValue(BigDecimal value, String text, int offset) implements Value {
        public NumberValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        /** True when written without a fraction. */
        public boolean isInteger() {
            return text.indexOf('.') < 0;
        }
    }

    /** An unquoted date, {@code 2024-01-15}. */
    record DateValue(LocalDate value, String text, int offset) implements Value {
        public DateValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An unquoted date-time with a mandatory zone: {@code 2024-01-15T10:00:00Z}, {@code ...00.000+02:00},
     * {@code ...00-0800}.
     */
    record DateTimeValue(OffsetDateTime value, String text, int offset) implements Value {
        public DateTimeValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        /** The instant denoted. */
        public Instant instant() {
            return value.toInstant();
        }
    }

    /**
     * A relative date literal such as {@code TODAY} or {@code LAST_N_DAYS:30}; resolve it with
     * {@link DateLiteralRange}.
     *
     * @param kind the literal
     * @param n    the parameter of a {@linkplain DateLiteralKind#isParameterised() parameterised} kind, else 0
     */
    record DateLiteral(DateLiteralKind kind, int n, int offset) implements Value {
        public DateLiteral {
            Objects.requireNonNull(kind, "kind");
            if (n < 0 || (!kind.isParameterised() && n != 0)) {
                throw new IllegalArgumentException("invalid n " + n + " for " + kind);
            }
        }

        /** The literal as SOQL spells it, e.g. {@code LAST_N_DAYS:30}. */
        public String soql() {
            return kind.isParameterised() ? kind.name() + ":" + n : kind.name();
        }
    }
}
