package io.userbound.records.meta;

import io.userbound.core.model.SystemPermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One object (sObject type) of an org: a record object ({@code Account}, {@code Invoice__c}), the share object of a
 * record object ({@code AccountShare}), its history object ({@code AccountHistory}), or a read-only setup object
 * ({@code User}, {@code LoginHistory}) backed by Userbound's own tables.
 *
 * @param id the definition's id ({@code 01I...}); null for built-in objects that no org row defines
 * @param keyPrefix the three characters that start the ids of its records
 * @param table the SQL table that holds its rows
 * @param orgColumn the column that holds the org id of a row
 * @param parentObject for share and history objects, the record object they belong to; null otherwise
 * @param readPermission for setup objects, the system permission that lets a user read every row of the org; null
 *     when every user may
 * @param ownRowsColumn for setup objects, the column holding a user id that lets a user read that user's own rows
 *     without {@code readPermission}; null when there is none
 */
public record ObjectDefinition(
        String id,
        String name,
        String label,
        String pluralLabel,
        String keyPrefix,
        Category category,
        boolean custom,
        SharingModel sharingModel,
        String table,
        String orgColumn,
        List<FieldDefinition> fields,
        String parentObject,
        SystemPermission readPermission,
        String ownRowsColumn) {

    /** What kind of object this is, which decides how access to its rows is evaluated. */
    public enum Category {
        /** Data records with owners, sharing, CRUD and field history. */
        RECORD,
        /** Share rows of a record object ({@code AccountShare}, {@code Invoice__Share}). */
        SHARE,
        /** Field history rows of a record object ({@code AccountHistory}, {@code Invoice__History}). */
        HISTORY,
        /** Read-only rows of Userbound's own setup tables. */
        SETUP
    }

    public ObjectDefinition {
        fields = List.copyOf(fields);
    }

    /** The API name in lower case, the key of maps and caches. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The field with this API name, case-insensitively. */
    public Optional<FieldDefinition> field(String fieldName) {
        if (fieldName == null) {
            return Optional.empty();
        }
        String k = fieldName.toLowerCase(Locale.ROOT);
        for (FieldDefinition f : fields) {
            if (f.key().equals(k)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The lookup field whose relationship name is {@code relationship}, case-insensitively. */
    public Optional<FieldDefinition> relationship(String relationship) {
        for (FieldDefinition f : fields) {
            if (f.relationshipName() != null && f.relationshipName().equalsIgnoreCase(relationship)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Fields by lower-case API name, in definition order. */
    public Map<String, FieldDefinition> fieldMap() {
        Map<String, FieldDefinition> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put(f.key(), f));
        return out;
    }

    public boolean isRecord() {
        return category == Category.RECORD;
    }

    /** A copy with another field list. */
    public ObjectDefinition withFields(List<FieldDefinition> newFields) {
        return new ObjectDefinition(id, name, label, pluralLabel, keyPrefix, category, custom, sharingModel, table,
                orgColumn, newFields, parentObject, readPermission, ownRowsColumn);
    }

    /** A copy with another organization-wide default. */
    public ObjectDefinition withSharingModel(SharingModel model) {
        return new ObjectDefinition(id, name, label, pluralLabel, keyPrefix, category, custom, model, table,
                orgColumn, fields, parentObject, readPermission, ownRowsColumn);
    }
}
