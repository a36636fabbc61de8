package io.userbound.store;

import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.ObjectRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Custom objects, standard-object settings, custom fields and tracked fields ({@code object_defs},
 * {@code field_defs}, {@code tracked_fields}). Picklist values are stored one per line; the admin rules refuse line
 * breaks in them.
 */
final class JdbcMetadataStore implements MetadataStore {
    private static final String O_COLUMNS = "id, org_id, api_name, label, plural_label, key_prefix, custom, "
            + "sharing_model, table_name, created_date, last_modified_date";
    private static final String O_INSERT = "INSERT INTO object_defs (id, org_id, api_name, api_name_lower, label, "
            + "plural_label, key_prefix, custom, sharing_model, table_name, created_date, last_modified_date) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String O_LIST =
            "SELECT " + O_COLUMNS + " FROM object_defs WHERE org_id = ? ORDER BY created_date, id";
    private static final String O_SHARING =
            "UPDATE object_defs SET sharing_model = ?, last_modified_date = ? WHERE id = ?";

    private static final String F_COLUMNS = "id, org_id, object_name_lower, api_name, label, field_type, column_name, "
            + "required, unique_value, default_value, length, precision_digits, scale_digits, picklist_values, "
            + "reference_to, relationship_name, created_date, external_id, case_sensitive";
    private static final String F_INSERT = "INSERT INTO field_defs (id, org_id, object_name_lower, api_name, "
            + "api_name_lower, label, field_type, column_name, required, unique_value, default_value, length, "
            + "precision_digits, scale_digits, picklist_values, reference_to, relationship_name, created_date, "
            + "external_id, case_sensitive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String F_LIST =
            "SELECT " + F_COLUMNS + " FROM field_defs WHERE org_id = ? ORDER BY created_date, id";

    private static final String T_LIST =
            "SELECT object_name_lower, field_name_lower FROM tracked_fields WHERE org_id = ?";
    // insert-if-absent in one statement: a unique violation would abort a PostgreSQL transaction
    private static final String T_INSERT = "INSERT INTO tracked_fields (org_id, object_name_lower, field_name_lower, "
            + "created_date) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM tracked_fields "
            + "WHERE org_id = ? AND object_name_lower = ? AND field_name_lower = ?)";
    private static final String T_DELETE =
            "DELETE FROM tracked_fields WHERE org_id = ? AND object_name_lower = ? AND field_name_lower = ?";

    private static final Db.Unique OBJECT_NAME = new Db.Unique("uq_object_defs_org_name", "DeveloperName");
    private static final Db.Unique KEY_PREFIX = new Db.Unique("uq_object_defs_org_prefix", "KeyPrefix");
    private static final Db.Unique FIELD_NAME = new Db.Unique("uq_field_defs_org_object_name", "DeveloperName");

    private final Db db;

    JdbcMetadataStore(Db db) {
        this.db = db;
    }

    @Override
    public List<ObjectRow> objects(String orgId) {
        return db.queryList(O_LIST, Columns.texts(orgId), JdbcMetadataStore::mapObject);
    }

    @Override
    public List<CustomFieldRow> customFields(String orgId) {
        return db.queryList(F_LIST, Columns.texts(orgId), JdbcMetadataStore::mapField);
    }

    @Override
    public Set<String> trackedFields(String orgId) {
        return new LinkedHashSet<>(db.queryList(T_LIST, Columns.texts(orgId),
                rs -> rs.getString(1) + "." + rs.getString(2)));
    }

    @Override
    public void insertObject(ObjectRow row) {
        db.write(O_INSERT, Params.of()
                .text(row.id()).text(row.orgId()).text(row.apiName()).lower(row.apiName()).text(row.label())
                .text(row.pluralLabel()).text(row.keyPrefix()).bool(row.custom()).text(row.sharingModel().name())
                .text(row.table()).instant(row.createdDate()).instant(row.lastModifiedDate()), OBJECT_NAME, KEY_PREFIX);
    }

    @Override
    public boolean updateSharingModel(String objectRowId, SharingModel model, Instant now) {
        return db.update(O_SHARING, Params.of().text(model.name()).instant(now).text(objectRowId)) > 0;
    }

    @Override
    public void insertField(CustomFieldRow row) {
        FieldDefinition f = row.field();
        db.write(F_INSERT, Params.of()
                .text(row.id()).text(row.orgId()).lower(row.objectName()).text(f.name()).text(f.key()).text(f.label())
                .text(f.type().name()).text(f.column()).bool(f.required()).bool(f.unique()).text(f.defaultValue())
                .integer(f.length()).integer(f.precision()).integer(f.scale())
                .text(f.picklistValues().isEmpty() ? null : String.join("\n", f.picklistValues())).text(f.referenceTo())
                .text(f.relationshipName()).instant(row.createdDate()).bool(f.externalId()).bool(f.caseSensitive()),
                FIELD_NAME);
    }

    @Override
    public void track(String orgId, String objectName, String fieldName, Instant now) {
        String object = Columns.lower(objectName);
        String field = Columns.lower(fieldName);
        db.update(T_INSERT, Params.of()
                .text(orgId).text(object).text(field).instant(now).text(orgId).text(object).text(field));
    }

    @Override
    public boolean untrack(String orgId, String objectName, String fieldName) {
        return db.update(T_DELETE, Columns.texts(orgId, Columns.lower(objectName), Columns.lower(fieldName))) > 0;
    }

    private static ObjectRow mapObject(ResultSet rs) throws SQLException {
        return new ObjectRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), SharingModel.valueOf(rs.getString(8)), rs.getString(9),
                Columns.instant(rs, 10), Columns.instant(rs, 11));
    }

    private static CustomFieldRow mapField(ResultSet rs) throws SQLException {
        String picklist = rs.getString(14);
        FieldDefinition f = FieldDefinition.of(rs.getString(4), FieldType.valueOf(rs.getString(6)))
                .label(rs.getString(5))
                .column(rs.getString(7))
                .required(rs.getBoolean(8))
                .unique(rs.getBoolean(9))
                .defaultValue(rs.getString(10))
                .length(rs.getInt(11))
                .digits(rs.getInt(12), rs.getInt(13))
                .picklist(picklist == null || picklist.isEmpty() ? List.of() : Arrays.asList(picklist.split("\n")))
                .lookup(rs.getString(15), rs.getString(16))
                .custom(true)
                .externalId(rs.getBoolean(18))
                .caseSensitive(rs.getBoolean(19))
                .build();
        return new CustomFieldRow(rs.getString(1), rs.getString(2), rs.getString(3), f, Columns.instant(rs, 17));
    }
}
