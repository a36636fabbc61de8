package io.userbound.records.soql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed query of the SOQL subset (see the package documentation for the grammar).
 *
 * @param source    the query text exactly as given; offsets of every node index into it, and the compiler passes it
 *                  to {@link SoqlException#invalidField} / {@link SoqlException#invalidType}
 * @param selection the SELECT list
 * @param from      the FROM object
 * @param where     the WHERE condition, if any
 * @param security  the WITH security clause, {@link SecurityMode#NONE} when absent
 * @param orderBy   ORDER BY items in written order; empty when absent
 * @param limit     the LIMIT, if any
 * @param rowOffset the OFFSET (rows to skip), if any
 */
public record SoqlQuery(String source, Selection selection, ObjectRef from, Optional<Condition> where,
                        SecurityMode security, List<OrderItem> orderBy, Optional<IntLiteral> limit,
                        Optional<IntLiteral> rowOffset) {
    public SoqlQuery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(security, "security");
        orderBy = List.copyOf(orderBy);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(rowOffset, "rowOffset");
    }

    /** True for {@code SELECT COUNT() ...}. */
    public boolean isCount() {
        return selection instanceof Selection.CountAll;
    }

    /**
     * The query in canonical SOQL: keywords upper-case, single spaces, alias dropped (paths are already stripped),
     * literals as written. Parsing the result gives the same tree apart from offsets.
     */
    public String toSoql() {
        return SoqlWriter.write(this);
    }
}
