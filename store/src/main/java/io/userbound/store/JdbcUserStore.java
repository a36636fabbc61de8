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
        db.write(INSERT, Params.of()
                .text(user.id()).text(user.orgId()).lower(user.username()).text(user.firstName()).text(user.lastName())
                .text(user.email()).text(user.type().name()).bool(user.active()).text(user.profileId())
                .instant(user.createdDate()).instant(user.lastModifiedDate()), USERNAME);
    }

    @Override
    public void update(User user) {
        int rows = db.write(UPDATE, Params.of()
                .text(user.firstName()).text(user.lastName()).text(user.email()).bool(user.active())
                .text(user.profileId()).instant(user.lastModifiedDate()).text(user.id()));
        if (rows == 0) {
            throw new StoreException("no user with id " + user.id() + " to update", null);
        }
    }

    @Override
    public Optional<User> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcUserStore::map);
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return db.queryOne(BY_USERNAME, ps -> Columns.text(ps, 1, Columns.lower(username)), JdbcUserStore::map);
    }

    @Override
    public List<User> listByType(String orgId, UserType type, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST_BY_TYPE, Params.of().text(orgId).text(type.name()).integer(limit), JdbcUserStore::map);
    }

    @Override
    public List<User> list(String orgId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST, Params.of().text(orgId).integer(limit), JdbcUserStore::map);
    }

    @Override
    public List<String> ids(String orgId) {
        return db.queryList(IDS, Columns.texts(orgId), rs -> rs.getString(1));
    }

    @Override
    public List<String> idsWithProfile(String profileId) {
        return db.queryList(IDS_WITH_PROFILE, Columns.texts(profileId), rs -> rs.getString(1));
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), UserType.valueOf(rs.getString(7)), rs.getBoolean(8), rs.getString(9),
                Columns.instant(rs, 10), Columns.instant(rs, 11));
    }
}
