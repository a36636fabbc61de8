package io.userbound.store;

import io.userbound.records.access.FieldAccess;
import io.userbound.records.access.ObjectAccess;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.FieldPermissionRow;
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
        int updated = db.write(O_UPDATE, ps -> {
            flags(ps, 1, a);
            Db.instant(ps, 7, now);
            Db.text(ps, 8, row.parentId());
            Db.text(ps, 9, Db.lower(row.objectName()));
        });
        if (updated == 0) {
            db.write(O_INSERT, ps -> {
                Db.text(ps, 1, row.id());
                Db.text(ps, 2, row.orgId());
                Db.text(ps, 3, row.parentId());
                Db.text(ps, 4, Db.lower(row.objectName()));
                flags(ps, 5, a);
                Db.instant(ps, 11, now);
            }, OBJECT_PARENT);
        }
    }

    @Override
    public void saveFieldPermission(FieldPermissionRow row) {
        FieldAccess a = row.access();
        Instant now = Instant.now();
        int updated = db.write(F_UPDATE, ps -> {
            ps.setBoolean(1, a.canRead());
            ps.setBoolean(2, a.canEdit());
            Db.instant(ps, 3, now);
            Db.text(ps, 4, row.parentId());
            Db.text(ps, 5, Db.lower(row.objectName()));
            Db.text(ps, 6, Db.lower(row.fieldName()));
        });
        if (updated == 0) {
            db.write(F_INSERT, ps -> {
                Db.text(ps, 1, row.id());
                Db.text(ps, 2, row.orgId());
                Db.text(ps, 3, row.parentId());
                Db.text(ps, 4, Db.lower(row.objectName()));
                Db.text(ps, 5, Db.lower(row.fieldName()));
                ps.setBoolean(6, a.canRead());
                ps.setBoolean(7, a.canEdit());
                Db.instant(ps, 8, now);
            }, FIELD_PARENT);
        }
    }

    @Override
    public boolean hasObjectPermissions(String parentId) {
        return db.exists(O_EXISTS, ps -> Db.text(ps, 1, parentId));
    }

    private static void flags(PreparedStatement ps, int from, ObjectAccess a) throws SQLException {
        ps.setBoolean(from, a.read());
        ps.setBoolean(from + 1, a.create());
        ps.setBoolean(from + 2, a.edit());
        ps.setBoolean(from + 3, a.delete());
        ps.setBoolean(from + 4, a.viewAll());
        ps.setBoolean(from + 5, a.modifyAll());
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
            Db.text(ps, i + 1, values.get(i));
        }
    }
}
