package io.userbound.records.port;

import io.userbound.records.meta.ObjectDefinition;

/**
 * Keeps record tables in step with object metadata. DDL commits on its own on some databases, so callers run it
 * before the metadata rows that depend on it; it is idempotent, so a retry after a failed metadata write is safe.
 */
public interface RecordTables {
    /**
     * Creates the object's table with its system columns when missing, adds any missing field column, and creates the
     * indexes of the owner, name, audit dates, lookup fields ({@code ix_<table>_<column>}), external ids
     * ({@code ix_<table>_<column>}, per org) and unique fields ({@code ul_<table>_<column>}, per org, over live records only: a deleted record
     * gives its unique values up, as in Salesforce). A field that
     * {@linkplain io.userbound.records.meta.FieldDefinition#foldsCase() folds case} gets a generated lower-cased
     * shadow column, {@code <column>_ci}, which its index covers instead of the column.
     */
    void ensure(ObjectDefinition object);
}
