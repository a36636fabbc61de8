package io.userbound.store;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.port.PermissionSetStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Permission sets (API names unique per org, case-insensitively) and their assignments to users. */
final class JdbcPermissionSetStore implements PermissionSetStore {
    private static final String COLUMNS = "id, org_id, name, label, permissions, created_date";
    private static final String INSERT = "INSERT INTO permission_sets "
            + "(id, org_id, name, name_lower, label, permissions, created_date) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE permission_sets SET label = ?, permissions = ? WHERE id = ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM permission_sets WHERE id = ?";
    private static final String BY_NAME =
            "SELECT " + COLUMNS + " FROM permission_sets WHERE org_id = ? AND name_lower = ?";
    private static final String LIST =
            "SELECT " + COLUMNS + " FROM permission_sets WHERE org_id = ? ORDER BY created_date, id";
    private static final String ASSIGNED_TO = "SELECT ps.id, ps.org_id, ps.name, ps.label, ps.permissions, "
            + "ps.created_date FROM permission_set_assignments a JOIN permission_sets ps ON ps.id = a.permission_set_id "
            + "WHERE a.assignee_id = ? ORDER BY a.created_date, a.id";

    private static final String A_COLUMNS = "id, org_id, assignee_id, permission_set_id, created_date";
    private static final String ASSIGN =
            "INSERT INTO permission_set_assignments (" + A_COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    private static final String UNASSIGN = "DELETE FROM permission_set_assignments WHERE id = ?";
    private static final String ASSIGNMENT_BY_ID =
            "SELECT " + A_COLUMNS + " FROM permission_set_assignments WHERE id = ?";
    private static final String ASSIGNMENTS_OF = "SELECT " + A_COLUMNS
            + " FROM permission_set_assignments WHERE assignee_id = ? ORDER BY created_date, id";

    private static final String ASSIGNEE_IDS =
            "SELECT assignee_id FROM permission_set_assignments WHERE permission_set_id = ? ORDER BY assignee_id";

    private static final Db.Unique NAME = new Db.Unique("uq_permission_sets_org_name", "Name");
    private static final Db.Unique ASSIGNEE = new Db.Unique("uq_psa_assignee_permission_set", "AssigneeId");

    private final Db db;

    JdbcPermissionSetStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(PermissionSet permissionSet) {
        db.write(INSERT, Params.of()
                .text(permissionSet.id()).text(permissionSet.orgId()).text(permissionSet.name())
                .lower(permissionSet.name()).text(permissionSet.label())
                .text(Codec.joinPermissions(permissionSet.permissions())).instant(permissionSet.createdDate()), NAME);
    }

    @Override
    public boolean update(String id, String label, java.util.Set<io.userbound.core.model.SystemPermission> permissions) {
        return db.update(UPDATE, Params.of().text(label).text(Codec.joinPermissions(permissions)).text(id)) > 0;
    }

    @Override
    public Optional<PermissionSet> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcPermissionSetStore::map);
    }

    @Override
    public Optional<PermissionSet> findByName(String orgId, String name) {
        return db.queryOne(BY_NAME, Columns.texts(orgId, Columns.lower(name)), JdbcPermissionSetStore::map);
    }

    @Override
    public List<PermissionSet> list(String orgId) {
        return db.queryList(LIST, Columns.texts(orgId), JdbcPermissionSetStore::map);
    }

    @Override
    public void assign(PermissionSetAssignment assignment) {
        db.write(ASSIGN, Params.of()
                .text(assignment.id()).text(assignment.orgId()).text(assignment.assigneeId())
                .text(assignment.permissionSetId()).instant(assignment.createdDate()), ASSIGNEE);
    }

    @Override
    public boolean unassign(String assignmentId) {
        return db.update(UNASSIGN, Columns.texts(assignmentId)) > 0;
    }

    @Override
    public Optional<PermissionSetAssignment> findAssignment(String assignmentId) {
        return db.queryOne(ASSIGNMENT_BY_ID, Columns.texts(assignmentId), JdbcPermissionSetStore::mapAssignment);
    }

    @Override
    public List<PermissionSetAssignment> assignmentsOf(String userId) {
        return db.queryList(ASSIGNMENTS_OF, Columns.texts(userId), JdbcPermissionSetStore::mapAssignment);
    }

    @Override
    public List<String> assigneeIds(String permissionSetId) {
        return db.queryList(ASSIGNEE_IDS, Columns.texts(permissionSetId), rs -> rs.getString(1));
    }

    @Override
    public List<PermissionSet> assignedTo(String userId) {
        return db.queryList(ASSIGNED_TO, Columns.texts(userId), JdbcPermissionSetStore::map);
    }

    private static PermissionSet map(ResultSet rs) throws SQLException {
        return new PermissionSet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Codec.splitPermissions(rs.getString(5)), Columns.instant(rs, 6));
    }

    private static PermissionSetAssignment mapAssignment(ResultSet rs) throws SQLException {
        return new PermissionSetAssignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Columns.instant(rs, 5));
    }
}
