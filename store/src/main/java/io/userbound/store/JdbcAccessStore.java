package io.userbound.store;

import io.userbound.records.port.AccessStore;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code ObjectPermissions} and {@code FieldPermissions} rows. Saving updates the row of the same parent and object
 * (and field) first and inserts only when there is none, so a replaced row keeps its id.
 */
final class JdbcAccessStore implements AccessStore {
    private static final String O_COLUMNS = "id, org_id, parent_id, object_name_lower, can_read, can_create, "
            + "can_edit, can_delete, view_all, modify_all";
    private static final String O_UPDATE = "UPDATE object_permissions SET can_read = ?, can_create = ?, can_edit = ?, "
            + "can_delete = ?, view_all = ?, modify_all = ?, last_modified_date = ? "
            + "WHERE parent_id = ? AND object_name_lower = ?";
    private static final String O_INSERT = "INSERT INTO object_permissions (" + O_COLUMNS + ", last_modified_date) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String O_EXISTS = "SELECT 1 FROM object_permissions WHERE parent_id = ?";

    private static final String F_COLUMNS = "id, org_id, parent_id, object_name_lower, field_name_lower, can_read, "
            + "can_edit";
    private static final String F_UPDATE = "UPDATE field_permissions SET can_read = ?, can_edit = ?, "
            + "last_modified_date = ? WHERE parent_id = ? AND object_name_lower = ? AND field_name_lower = ?";
    private static final String F_INSERT = "INSERT INTO field_permissions (" + F_COLUMNS + ", last_modified_date) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static final Db.Unique OBJECT_PARENT =
            new Db.Unique("uq_object_permissions_parent_object", "SobjectType");
    private static final Db.Unique FIELD_PARENT = new Db.Unique("uq_field_permissions_parent_field", "Field");

    private final Db db;

    JdbcAccessStore(Db db) {
        this.db = db;
    }

    @Override
    public List<ObjectPermissionRow> objectPermissions(Collection<String> parentIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(parentIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + O_COLUMNS + " FROM object_permissions WHERE parent_id IN (" + marks(ids.size())
                + ") ORDER BY parent_id, object_name_lower";
        return db.queryList(sql, ps -> bindAll(ps, ids), rs -> new ObjectPermissionRow(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), new ObjectAccess(rs.getBoolean(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10))));
    }

    @Override
    public List<FieldPermissionRow> fieldPermissions(Collection<String> parentIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(parentIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + F_COLUMNS + " FROM field_permissions WHERE parent_id IN (" + marks(ids.size())
                + ") ORDER BY parent_id, object_name_lower, field_name_lower";
        return db.queryList(sql, ps -> bindAll(ps, ids), JdbcAccessStore::mapField);
    }

    @Override
    public void saveObjectPermission(ObjectPermissionRow row) {
        ObjectAccess a = row.access();
        Instant now = Instant.now();
        int updated = db.write(O_UPDATE, flags(Params.of(), a).instant(now).text(row.parentId())
                .lower(row.objectName()));
        if (updated == 0) {
            db.write(O_INSERT, flags(Params.of().text(row.id()).text(row.orgId()).text(row.parentId())
                    .lower(row.objectName()), a).instant(now), OBJECT_PARENT);
        }
    }

    @Override
    public void saveFieldPermission(FieldPermissionRow row) {
        FieldAccess a = row.access();
        Instant now = Instant.now();
        int updated = db.write(F_UPDATE, Params.of()
                .bool(a.canRead()).bool(a.canEdit()).instant(now).text(row.parentId()).lower(row.objectName())
                .lower(row.fieldName()));
        if (updated == 0) {
            db.write(F_INSERT, Params.of()
                    .text(row.id()).text(row.orgId()).text(row.parentId()).lower(row.objectName())
                    .lower(row.fieldName()).bool(a.canRead()).bool(a.canEdit()).instant(now), FIELD_PARENT);
        }
    }

    @Override
    public boolean hasObjectPermissions(String parentId) {
        return db.exists(O_EXISTS, Columns.texts(parentId));
    }

    /** The six flag columns, read to modify all, in the tables' order. */
    private static Params flags(Params params, ObjectAccess a) {
        return params.bool(a.read()).bool(a.create()).bool(a.edit()).bool(a.delete()).bool(a.viewAll())
                .bool(a.modifyAll());
    }

    private static FieldPermissionRow mapField(ResultSet rs) throws SQLException {
        FieldAccess access = rs.getBoolean(7) ? FieldAccess.EDIT : rs.getBoolean(6) ? FieldAccess.READ
                : FieldAccess.NONE;
        return new FieldPermissionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), access);
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static void bindAll(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Columns.text(ps, i + 1, values.get(i));
        }
    }
}
