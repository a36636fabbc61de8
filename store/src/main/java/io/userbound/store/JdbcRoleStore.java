package io.userbound.store;

import io.userbound.records.port.Role;
import io.userbound.records.port.RoleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Roles ({@code user_roles}, names unique per org case-insensitively) and the {@code users.role_id} column. */
final class JdbcRoleStore implements RoleStore {
    private static final String COLUMNS = "id, org_id, name, parent_role_id, created_date";
    private static final String INSERT = "INSERT INTO user_roles (id, org_id, name, name_lower, parent_role_id, "
            + "created_date) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM user_roles WHERE id = ?";
    private static final String BY_NAME = "SELECT " + COLUMNS + " FROM user_roles WHERE org_id = ? AND name_lower = ?";
    private static final String ALL = "SELECT " + COLUMNS + " FROM user_roles WHERE org_id = ? ORDER BY created_date, id";
    private static final String ROLE_OF = "SELECT role_id FROM users WHERE id = ?";
    private static final String SET_ROLE = "UPDATE users SET role_id = ? WHERE id = ?";

    private static final Db.Unique NAME = new Db.Unique("uq_user_roles_org_name", "Name");

    private final Db db;

    JdbcRoleStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(Role role) {
        db.write(INSERT, Params.of()
                .text(role.id()).text(role.orgId()).text(role.name()).lower(role.name()).text(role.parentRoleId())
                .instant(role.createdDate()), NAME);
    }

    @Override
    public Optional<Role> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcRoleStore::map);
    }

    @Override
    public Optional<Role> findByName(String orgId, String name) {
        return db.queryOne(BY_NAME, Columns.texts(orgId, Columns.lower(name)), JdbcRoleStore::map);
    }

    @Override
    public List<Role> all(String orgId) {
        return db.queryList(ALL, Columns.texts(orgId), JdbcRoleStore::map);
    }

    @Override
    public Optional<String> roleOf(String userId) {
        return db.queryOne(ROLE_OF, Columns.texts(userId), rs -> Optional.ofNullable(rs.getString(1)))
                .flatMap(o -> o);
    }

    @Override
    public boolean setRole(String userId, String roleIdOrNull) {
        return db.update(SET_ROLE, Columns.texts(roleIdOrNull, userId)) > 0;
    }

    @Override
    public Set<String> usersInRoles(Collection<String> roleIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(roleIds));
        if (ids.isEmpty()) {
            return Set.of();
        }
        String sql = "SELECT id FROM users WHERE role_id IN (" + JdbcAccessStore.marks(ids.size()) + ")";
        return new LinkedHashSet<>(db.queryList(sql, ps -> JdbcAccessStore.bindAll(ps, ids), rs -> rs.getString(1)));
    }

    private static Role map(ResultSet rs) throws SQLException {
        return new Role(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Columns.instant(rs, 5));
    }
}
