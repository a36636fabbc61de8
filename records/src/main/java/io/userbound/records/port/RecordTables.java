package io.userbound.records.port;

import io.userbound.records.meta.ObjectDefinition;

/**
 * Keeps record tables in step with object metadata. DDL commits on its own on some databases, so callers run it
 * before the metadata rows that depend on it; it is idempotent, so a retry after a failed metadata write is safe.
 */
public interface RecordTables {
    /**
     * Creates the object's table with its system columns when missing, adds any missing field column, and creates the
     * indexes of the owner, name, audit dates, lookup fields ({@code ix_<table>_<column>}) and unique fields
     * ({@code uq_<table>_<column>}, per org).
     */
    void ensure(ObjectDefinition object);
}
