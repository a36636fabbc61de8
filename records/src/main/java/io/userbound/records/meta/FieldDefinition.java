package io.userbound.records.meta;

import java.util.List;
import java.util.Locale;

/**
 * One field of an object.
 *
 * @param name the API name, such as {@code Amount__c}; unique per object case-insensitively
 * @param column the SQL that reads the field from the object's table: a column name, or (for calculated and setup
 *     fields) an expression where {@code %1$s} stands for the table's alias
 * @param kind whether clients may write the field
 * @param required a value must be present on insert and may not be cleared
 * @param unique no two live records of an org share a non-null value
 * @param defaultValue the value used on insert when the client sends none, in the canonical text form of the type;
 *     null for none
 * @param length the maximum length of text values; 0 for other types
 * @param precision total digits of numbers; 0 for other types
 * @param scale digits after the decimal point; 0 for other types
 * @param picklistValues the allowed values of a picklist, in order; empty for other types
 * @param referenceTo the object a lookup points at; null for other types
 * @param relationshipName the name that reaches the parent in SOQL ({@code Account} for {@code AccountId}); null for
 *     other types
 * @param tracked changes are written to field history
 * @param externalId the field holds a record's id in another system: it is indexed, and records can be read, upserted
 *     and deleted by its value ({@code sobjects/T/Field/value})
 * @param caseSensitive a unique text field treats {@code ABC} and {@code abc} as different values; without it (the
 *     Salesforce default) they are duplicates, and an external id matches in any case
 * @param foldedColumn the column that holds the value lower-cased, kept by the database, so that compares which
 *     ignore case (as all of SOQL's text compares do) are served by an index: {@code f_<name>_ci} for the record
 *     fields that are indexed (a text or email {@code Name}, unique field or external id), or the column itself for
 *     a setup field stored lower-cased; null for none, and then a compare lower-cases the column as it reads it
 */
public record FieldDefinition(
        String name,
        String label,
        FieldType type,
        String column,
        Kind kind,
        boolean required,
        boolean unique,
        String defaultValue,
        int length,
        int precision,
        int scale,
        List<String> picklistValues,
        String referenceTo,
        String relationshipName,
        boolean custom,
        boolean tracked,
        boolean externalId,
        boolean caseSensitive,
        String foldedColumn) {

    /** Who may write a field. */
    public enum Kind {
        /** Written by clients, subject to field-level security. */
        DATA,
        /** Maintained by Userbound ({@code Id}, {@code OwnerId}, audit fields): never writable by a client. */
        SYSTEM,
        /** Derived from other fields ({@code Contact.Name}): never writable. */
        CALCULATED
    }

    public FieldDefinition {
        picklistValues = picklistValues == null ? List.of() : List.copyOf(picklistValues);
    }

    /** The API name in lower case, the key of maps and caches. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    public boolean writable() {
        return kind == Kind.DATA;
    }

    /**
     * Fields that field-level security never hides: system fields, and required fields (Salesforce requires their
     * read and edit access on every profile that has the object).
     */
    public boolean alwaysAccessible() {
        return kind == Kind.SYSTEM || required;
    }

    /** The SQL that reads this field from a table aliased {@code alias}. */
    public String sql(String alias) {
        return kind == Kind.CALCULATED || column.contains("%1$s")
                ? String.format(Locale.ROOT, column, alias) : alias + "." + column;
    }

    public FieldDefinition withTracked(boolean newTracked) {
        return new FieldDefinition(name, label, type, column, kind, required, unique, defaultValue, length,
                precision, scale, picklistValues, referenceTo, relationshipName, custom, newTracked, externalId,
                caseSensitive, foldedColumn);
    }

    /**
     * Whether uniqueness and matches by external id ignore case, through {@link #foldedColumn()}: a text or email
     * field that is unique or an external id, and not case-sensitive.
     */
    public boolean foldsCase() {
        return foldedColumn != null && (unique || externalId) && !caseSensitive;
    }

    /** Whether the record table keeps a lower-cased shadow of the column ({@link #foldedColumn()}) for this field. */
    public boolean hasShadowColumn() {
        return foldedColumn != null && !foldedColumn.equals(column);
    }

    /** What a shadow column adds to the field's column name. */
    public static final String SHADOW_SUFFIX = "_ci";

    /** A builder for the common case, used by the standard and setup catalogs. */
    public static Builder of(String name, FieldType type) {
        return new Builder(name, type);
    }

    /** Builds field definitions; the column defaults to {@code f_<lower-case name>}. */
    public static final class Builder {
        private final String name;
        private final FieldType type;
        private String label;
        private String column;
        private Kind kind = Kind.DATA;
        private boolean required;
        private boolean unique;
        private String defaultValue;
        private int length;
        private int precision;
        private int scale;
        private List<String> picklistValues = List.of();
        private String referenceTo;
        private String relationshipName;
        private boolean custom;
        private boolean tracked;
        private boolean externalId;
        private boolean caseSensitive;
        private String foldedColumn;

        private Builder(String name, FieldType type) {
            this.name = name;
            this.type = type;
            this.label = Labels.fromApiName(name);
            this.column = columnFor(name);
            if (type == FieldType.TEXT || type == FieldType.EMAIL || type == FieldType.PICKLIST) {
                length = 255;
            } else if (type == FieldType.LONG_TEXT) {
                length = 32_768;
            } else if (type == FieldType.MULTI_PICKLIST) {
                length = 4_099;
            } else if (type.isIdLike()) {
                length = 18;
            } else if (type.isNumeric()) {
                precision = 18;
                scale = type == FieldType.NUMBER ? 0 : 2;
            }
        }

        public Builder label(String v) { label = v; return this; }
        public Builder column(String v) { column = v; return this; }
        public Builder system() { kind = Kind.SYSTEM; return this; }
        public Builder calculated(String expression) { kind = Kind.CALCULATED; column = expression; return this; }
        public Builder required() { required = true; return this; }
        public Builder required(boolean v) { required = v; return this; }
        public Builder unique(boolean v) { unique = v; return this; }
        public Builder defaultValue(String v) { defaultValue = v; return this; }
        public Builder length(int v) { length = v; return this; }
        public Builder digits(int p, int s) { precision = p; scale = s; return this; }
        public Builder picklist(List<String> v) { picklistValues = v; return this; }
        public Builder picklist(String... v) { picklistValues = List.of(v); return this; }
        public Builder lookup(String target, String relationship) {
            referenceTo = target;
            relationshipName = relationship;
            return this;
        }
        public Builder custom(boolean v) { custom = v; return this; }
        public Builder tracked(boolean v) { tracked = v; return this; }
        public Builder externalId(boolean v) { externalId = v; return this; }
        public Builder caseSensitive(boolean v) { caseSensitive = v; return this; }
        /** The column itself already holds lower-cased values (a setup field such as {@code User.Username}). */
        public Builder storedLowerCase() { foldedColumn = column; return this; }

        public FieldDefinition build() {
            String folded = foldedColumn;
            if (folded == null && kind == Kind.DATA && (type == FieldType.TEXT || type == FieldType.EMAIL)
                    && (unique || externalId || name.equals("Name"))) {
                folded = column + SHADOW_SUFFIX;
            }
            return new FieldDefinition(name, label, type, column, kind, required, unique, defaultValue, length,
                    precision, scale, picklistValues, referenceTo, relationshipName, custom, tracked, externalId,
                    caseSensitive, folded);
        }
    }

    /** The column that holds a data field of a record table: {@code f_} and the lower-case API name. */
    public static String columnFor(String apiName) {
        return "f_" + apiName.toLowerCase(Locale.ROOT);
    }
}
