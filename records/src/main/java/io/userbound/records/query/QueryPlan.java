package io.userbound.records.query;

import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import java.util.List;

/**
 * A compiled SOQL query: the FROM clause with its joins, the WHERE clause (the query's conditions, the org, and the
 * sharing predicate of the caller), the ORDER BY clause, and the columns to read. Every value is a bound parameter.
 *
 * @param from {@code table t LEFT JOIN ...}
 * @param where never empty: at least the org condition
 * @param columns what each selected SQL column is, in order; the record id ({@code t.id}) is always read first
 * @param limit the query's LIMIT; -1 when none
 * @param offset the query's OFFSET; 0 when none
 */
public record QueryPlan(
        ObjectDefinition object,
        boolean count,
        String from,
        List<Object> fromParams,
        String where,
        List<Object> whereParams,
        String orderBy,
        List<Column> columns,
        int limit,
        int offset) {

    /**
     * One selected field. {@code relationship} is null for a field of the queried object; otherwise the lookup field
     * that reaches {@code object} (the parent), whose row is read through the join aliased {@code alias}.
     */
    public record Column(String path, FieldDefinition field, ObjectDefinition object, FieldDefinition relationship,
            String alias) {
        public boolean isParentField() {
            return relationship != null;
        }
    }
}
