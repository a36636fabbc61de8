package io.userbound.records.port;

import java.util.List;
import java.util.Map;

/**
 * Runs the record module's SQL against record tables, share rows and field history. Calls join the caller's
 * transaction, if any. Column values follow {@link SqlStatement}'s types; values read back are converted to the same
 * types ({@code DATE} to {@link java.time.LocalDate}, {@code BIGINT} to {@link Long}, decimals to
 * {@link java.math.BigDecimal}).
 */
public interface RecordStore {
    /**
     * Inserts one row.
     *
     * @param columns column name to value, in order; never empty
     * @throws io.userbound.core.port.DuplicateValueException with the violating column's name as {@code field} when a
     *     unique index ({@code uq_<table>_<column>}) refuses it
     */
    void insert(String table, Map<String, Object> columns);

    /**
     * Updates the row whose {@code id} column is {@code id}.
     *
     * @return the number of rows changed (0 or 1)
     * @throws io.userbound.core.port.DuplicateValueException as for {@link #insert}
     */
    int update(String table, String id, Map<String, Object> columns);

    /** Runs a query. @return one array of {@code columnCount} values per row; never null */
    List<Object[]> select(SqlStatement statement, int columnCount);

    /** Runs a data-changing statement. @return the number of rows changed */
    int execute(SqlStatement statement);
}
