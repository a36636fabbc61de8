package io.userbound.records.soql;

import java.util.Objects;

/**
 * One {@code ORDER BY} item: {@code path [ASC|DESC] [NULLS FIRST|NULLS LAST]}.
 *
 * @param field     the sort field; not null
 * @param direction {@code ASC} when not written
 * @param nulls     as written; {@link Nulls#DEFAULT} when absent
 * @param offset    char offset of the field path
 */
public record OrderItem(FieldPath field, Direction direction, Nulls nulls, int offset) {
    public OrderItem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(nulls, "nulls");
    }

    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /** Placement of nulls as written. */
    public enum Nulls {
        /** Not written; Salesforce documents "By default, null values are sorted first". */
        DEFAULT,
        /** {@code NULLS FIRST} */
        FIRST,
        /** {@code NULLS LAST} */
        LAST
    }

    /** True when nulls sort first: written {@code NULLS FIRST}, or not written (the documented default). */
    public boolean nullsFirst() {
        return nulls != Nulls.LAST;
    }
}
