package io.userbound.records.port;

import io.userbound.records.meta.ObjectDefinition;

/**
 * Keeps record tables in step with object metadata. DDL commits on its own on some databases, so callers run it
 * before the metadata rows that depend on it; it is idempotent, so a retry after a failed metadata write is safe.
 */
public interface RecordTables {
    /**
     * Creates the object's table with its system columns when missing, adds any missing field column, and creates the
     * indexes of the owner, name, audit dates and lookup fields ({@code ix_<table>_<column>}), and of unique fields
     * ({@code ul_<table>_<column>}: the value, org_id, and a key that is null on deleted records, so a deleted
     * record gives its unique values up, as in Salesforce). A field with a
     * {@linkplain io.userbound.records.meta.FieldDefinition#hasShadowColumn() shadow column} (a text {@code Name},
     * unique field or external id) gets it as a generated lower-cased column, {@code <column>_ci}, indexed with org_id
     * after it ({@code ix_<table>_<column>_ci}); the unique index of a field that
     * {@linkplain io.userbound.records.meta.FieldDefinition#foldsCase() folds case} covers the shadow column instead
     * of the column. A number external id is indexed likewise. No index leads with org_id, which would draw H2's
     * planner away from a selective index of another condition. Idempotent: every statement is "if not exists".
     */
    void ensure(ObjectDefinition object);
}
