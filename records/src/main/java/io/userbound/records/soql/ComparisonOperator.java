package io.userbound.records.soql;

/** A single-value comparison operator of a WHERE condition. */
public enum ComparisonOperator {
    /** {@code =} */
    EQ("="),
    /** {@code !=} or {@code <>} */
    NE("!="),
    /** {@code <} */
    LT("<"),
    /** {@code <=} */
    LE("<="),
    /** {@code >} */
    GT(">"),
    /** {@code >=} */
    GE(">="),
    /** {@code LIKE}; the value is always a {@link Value.StringValue}, see {@link Value.StringValue#likePattern()}. */
    LIKE("LIKE");

    private final String soql;

    ComparisonOperator(String soql) {
        this.soql = soql;
    }

    /** The canonical SOQL spelling. */
    public String soql() {
        return soql;
    }
}
