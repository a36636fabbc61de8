package io.userbound.records.soql;

/** An operator that takes a parenthesised list of values. */
public enum SetOperator {
    /** {@code field IN (v, ...)} */
    IN("IN"),
    /** {@code field NOT IN (v, ...)} */
    NOT_IN("NOT IN"),
    /**
     * {@code multiPicklist INCLUDES ('a;b', 'c')}: matches when any listed string matches; within one string,
     * {@code ;} means all of its values. Values are always {@link Value.StringValue}.
     */
    INCLUDES("INCLUDES"),
    /** {@code multiPicklist EXCLUDES (...)}: the negation of {@link #INCLUDES}. Values are strings. */
    EXCLUDES("EXCLUDES");

    private final String soql;

    SetOperator(String soql) {
        this.soql = soql;
    }

    /** The canonical SOQL spelling. */
    public String soql() {
        return soql;
    }
}
