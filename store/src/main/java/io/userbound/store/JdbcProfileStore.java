package io.userbound.store;

import io.userbound.core.model.Profile;
import io.userbound.core.port.ProfileStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Profiles; names are unique per org case-insensitively through the lower-cased {@code name_lower} column. */
final class JdbcProfileStore implements ProfileStore {
    private static final String COLUMNS = "id, org_id, name, permissions, created_date";
    private static final String INSERT =
            "INSERT INTO profiles (id, org_id, name, name_lower, permissions, created_date) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM profiles WHERE id = ?";
    private static final String BY_NAME = "SELECT " + COLUMNS + " FROM profiles WHERE org_id = ? AND name_lower = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM profiles WHERE org_id = ? ORDER BY created_date, id";

    private static final Db.Unique NAME = new Db.Unique("uq_profiles_org_name", "Name");

    private final Db db;

    JdbcProfileStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(Profile profile) {
        db.write(INSERT, Params.of()
                .text(profile.id()).text(profile.orgId()).text(profile.name()).lower(profile.name())
                .text(Codec.joinPermissions(profile.permissions())).instant(profile.createdDate()), NAME);
    }

    @Override
    public Optional<Profile> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcProfileStore::map);
    }

    @Override
    public Optional<Profile> findByName(String orgId, String name) {
        return db.queryOne(BY_NAME, Columns.texts(orgId, Columns.lower(name)), JdbcProfileStore::map);
    }

    @Override
    public List<Profile> list(String orgId) {
        return db.queryList(LIST, Columns.texts(orgId), JdbcProfileStore::map);
    }

    private static Profile map(ResultSet rs) throws SQLException {
        return new Profile(rs.getString(1), rs.getString(2), rs.getString(3), Codec.splitPermissions(rs.getString(4)),
                Columns.instant(rs, 5));
    }
}
