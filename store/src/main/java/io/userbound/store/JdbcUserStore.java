package io.userbound.store;

import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.StoreException;
import io.userbound.core.port.UserStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Users; usernames are stored in lower case under a unique index, so lookups are case-insensitive and indexed.
 * Listing queries name the equality columns in ORDER BY as well: H2 reads an index in order only when the ORDER BY
 * starts with the index's leading columns.
 */
final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "id, org_id, username, first_name, last_name, email, user_type, active, "
            + "profile_id, created_date, last_modified_date";
    private static final String INSERT = "INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE users SET first_name = ?, last_name = ?, email = ?, active = ?, "
            + "profile_id = ?, last_modified_date = ? WHERE id = ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = ?";
    private static final String BY_USERNAME = "SELECT " + COLUMNS + " FROM users WHERE username = ?";
    private static final String LIST_BY_TYPE = "SELECT " + COLUMNS
            + " FROM users WHERE org_id = ? AND user_type = ? ORDER BY org_id, user_type, created_date, id LIMIT ?";
    private static final String LIST =
            "SELECT " + COLUMNS + " FROM users WHERE org_id = ? ORDER BY org_id, created_date, id LIMIT ?";

    private static final String IDS = "SELECT id FROM users WHERE org_id = ? ORDER BY org_id, created_date, id";
    private static final String IDS_WITH_PROFILE = "SELECT id FROM users WHERE profile_id = ? ORDER BY id";

    private static final Db.Unique USERNAME = new Db.Unique("uq_users_username", "Username");

    private final Db db;

    JdbcUserStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(User user) {
        db.write(INSERT, ps -> {
            Db.text(ps, 1, user.id());
            Db.text(ps, 2, user.orgId());
            Db.text(ps, 3, Db.lower(user.username()));
            Db.text(ps, 4, user.firstName());
            Db.text(ps, 5, user.lastName());
            Db.text(ps, 6, user.email());
            Db.text(ps, 7, user.type().name());
            ps.setBoolean(8, user.active());
            Db.text(ps, 9, user.profileId());
            Db.instant(ps, 10, user.createdDate());
            Db.instant(ps, 11, user.lastModifiedDate());
        }, USERNAME);
    }

    @Override
    public void update(User user) {
        int rows = db.write(UPDATE, ps -> {
            Db.text(ps, 1, user.firstName());
            Db.text(ps, 2, user.lastName());
            Db.text(ps, 3, user.email());
            ps.setBoolean(4, user.active());
            Db.text(ps, 5, user.profileId());
            Db.instant(ps, 6, user.lastModifiedDate());
            Db.text(ps, 7, user.id());
        });
        if (rows == 0) {
            throw new StoreException("no user with id " + user.id() + " to update", null);
        }
    }

    @Override
    public Optional<User> findById(String id) {
        return db.queryOne(BY_ID, ps -> Db.text(ps, 1, id), JdbcUserStore::map);
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return db.queryOne(BY_USERNAME, ps -> Db.text(ps, 1, Db.lower(username)), JdbcUserStore::map);
    }

    @Override
    public List<User> listByType(String orgId, UserType type, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST_BY_TYPE, ps -> {
            Db.text(ps, 1, orgId);
            Db.text(ps, 2, type.name());
            ps.setInt(3, limit);
        }, JdbcUserStore::map);
    }

    @Override
    public List<User> list(String orgId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST, ps -> {
            Db.text(ps, 1, orgId);
            ps.setInt(2, limit);
        }, JdbcUserStore::map);
    }

    @Override
    public List<String> ids(String orgId) {
        return db.queryList(IDS, ps -> Db.text(ps, 1, orgId), rs -> rs.getString(1));
    }

    @Override
    public List<String> idsWithProfile(String profileId) {
        return db.queryList(IDS_WITH_PROFILE, ps -> Db.text(ps, 1, profileId), rs -> rs.getString(1));
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), UserType.valueOf(rs.getString(7)), rs.getBoolean(8), rs.getString(9),
                Db.instant(rs, 10), Db.instant(rs, 11));
    }
}
