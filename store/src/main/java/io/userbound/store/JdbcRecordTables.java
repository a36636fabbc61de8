package io.userbound.store;

import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.RecordTables;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Record tables from object metadata, with portable H2 / PostgreSQL DDL ({@code IF NOT EXISTS} everywhere, so that
 * {@link #ensure} is idempotent and safe on several nodes at once). Table and column names come from metadata that
 * the admin rules validated; they are checked again here against a strict pattern before they reach SQL.
 */
final class JdbcRecordTables implements RecordTables {
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    /** PostgreSQL cuts identifiers at 63 bytes; longer index names are shortened with a stable hash. */
    private static final int MAX_IDENTIFIER = 63;
    /** The generated column that is TRUE for live records and NULL for deleted ones. */
    static final String LIVE_KEY = "live_key";
    /** The prefix of the index of a unique field, {@code ul_<table>_<column>}, over live records only. */
    static final String UNIQUE_PREFIX = "ul";
    private static final Set<String> INDEXED_SYSTEM = Set.of("f_ownerid", "f_createddate", "f_lastmodifieddate");

    private final Db db;
    private volatile Boolean postgres;

    JdbcRecordTables(Db db) {
        this.db = db;
    }

    /** Whether the database is PostgreSQL, whose generated columns must say {@code STORED}. */
    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            try {
                known = db.withConnection(c -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
            } catch (SQLException e) {
                throw SqlFailures.failure(e);
            }
            postgres = known;
        }
        return known;
    }

    @Override
    public void ensure(ObjectDefinition object) {
        if (!object.isRecord()) {
            throw new IllegalArgumentException("not a record object: " + object.name());
        }
        String table = identifier(object.table());
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "id VARCHAR(18) NOT NULL, "
                + "org_id VARCHAR(18) NOT NULL, "
                + "CONSTRAINT " + indexName("pk", table, "id") + " PRIMARY KEY (id))");
        List<String> uniques = new ArrayList<>();
        for (FieldDefinition f : object.fields()) {
            if (f.kind() == FieldDefinition.Kind.CALCULATED || f.column().equals(StandardObjects.ID_COLUMN)
                    || f.name().equals("SystemModstamp")) {
                continue;
            }
            String column = identifier(f.column());
            ddl.add("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " " + sqlType(f));
            // a field that SOQL compares in any case through an index has a lower-cased shadow column that the
            // database keeps; on PostgreSQL in the "C" collation, so that LIKE 'prefix%' is a range of its index
            String folded = null;
            if (f.hasShadowColumn()) {
                folded = identifier(f.foldedColumn());
                ddl.add("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + folded + " " + sqlType(f)
                        + (postgres() ? " COLLATE \"C\"" : "") + " GENERATED ALWAYS AS (LOWER(" + column + "))"
                        + (postgres() ? " STORED" : ""));
            }
            // Every index here leads with the field's value, not with org_id: an index that led with org_id would
            // look to H2's planner like a way to find an org's rows, and it took one over the selective index of
            // another condition (a CreatedDate window scanned a million rows). The value then org_id serves
            // equality, IN and a LIKE prefix just as well, and uniqueness per org is the same set either way.
            boolean uniqueCoversFolded = f.unique() && f.foldsCase();
            if (f.unique()) {
                // named after the field's column, so that a violation names the field whichever column it covers
                uniques.add("CREATE UNIQUE INDEX IF NOT EXISTS " + indexName(UNIQUE_PREFIX, table, column) + " ON "
                        + table + " (" + (uniqueCoversFolded ? folded : column) + ", org_id, " + LIVE_KEY + ")");
                // before version 10 a unique index covered deleted records too; the live-only one replaces it
                uniques.add("DROP INDEX IF EXISTS " + indexName("uq", table, column));
            }
            if (folded != null && !uniqueCoversFolded) {
                ddl.add("CREATE INDEX IF NOT EXISTS " + indexName("ix", table, folded) + " ON " + table
                        + " (" + folded + ", org_id)");
            } else if (folded == null && f.externalId() && !f.unique()) {
                ddl.add("CREATE INDEX IF NOT EXISTS " + indexName("ix", table, column) + " ON " + table
                        + " (" + column + ", org_id)");
            }
            if (f.type() == FieldType.LOOKUP || INDEXED_SYSTEM.contains(column) || f.name().equals("Name")) {
                ddl.add("CREATE INDEX IF NOT EXISTS " + indexName("ix", table, column) + " ON " + table + " ("
                        + column + ")");
            }
        }
        // TRUE for a live record, NULL for a deleted one: unique indexes end with it, so that a deleted record (which
        // queryAll still sees) does not keep its unique values from new records, as in Salesforce
        ddl.add("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + LIVE_KEY + " BOOLEAN GENERATED ALWAYS AS "
                + "(CASE WHEN " + FieldDefinition.columnFor(StandardObjects.IS_DELETED) + " THEN NULL ELSE TRUE END)"
                + (postgres() ? " STORED" : ""));
        ddl.addAll(uniques);
        // Two nodes starting at once both run this DDL. On PostgreSQL, "IF NOT EXISTS" does not make concurrent
        // creation safe: the second CREATE can fail on the catalog's unique index while the first one commits. So
        // the nodes take turns under a session advisory lock; once the first is done every statement is a no-op.
        // A failed attempt (a node of an older version without the lock) is made again.
        SQLException failed = null;
        for (int attempt = 1; ; attempt++) {
            try {
                db.writing(c -> {
                    try (Statement s = c.createStatement()) {
                        boolean locked = postgres();
                        if (locked) {
                            s.execute("SELECT pg_advisory_lock(" + DDL_LOCK + ")");
                        }
                        try {
                            for (String sql : ddl) {
                                s.execute(sql);
                            }
                        } finally {
                            if (locked) {
                                s.execute("SELECT pg_advisory_unlock(" + DDL_LOCK + ")");
                            }
                        }
                    }
                    return null;
                });
                return;
            } catch (SQLException e) {
                if (failed != null) {
                    e.addSuppressed(failed);
                }
                failed = e;
                if (attempt == DDL_ATTEMPTS) {
                    throw SqlFailures.failure(e);
                }
            }
        }
    }

    /** The PostgreSQL advisory lock under which nodes take turns at record table DDL. */
    static final long DDL_LOCK = 0x55425254L; // "UBRT"

    /** How often {@link #ensure} runs its DDL before it gives up. */
    private static final int DDL_ATTEMPTS = 3;

    /** The column type of a field. Checkboxes are never null; every other field may be. */
    static String sqlType(FieldDefinition f) {
        return switch (f.type()) {
            case ID, LOOKUP -> "VARCHAR(18)";
            case TEXT, EMAIL, PICKLIST, MULTI_PICKLIST, LONG_TEXT -> "VARCHAR(" + Math.max(1, f.length()) + ")";
            case NUMBER, CURRENCY, PERCENT -> "DECIMAL(" + Math.max(1, f.precision()) + ", " + f.scale() + ")";
            case CHECKBOX -> "BOOLEAN DEFAULT FALSE NOT NULL";
            case DATE -> "DATE";
            case DATETIME -> "BIGINT";
        };
    }

    /** {@code <kind>_<table>_<column>}, or a hashed form within PostgreSQL's identifier limit. */
    static String indexName(String kind, String table, String column) {
        String name = kind + "_" + table + "_" + column;
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode() & 0x7fffffff);
        return name.substring(0, MAX_IDENTIFIER - hash.length() - 1) + "_" + hash;
    }

    static String identifier(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!IDENTIFIER.matcher(lower).matches()) {
            throw new IllegalArgumentException("not a safe SQL identifier: " + name);
        }
        return lower;
    }
}
