package io.userbound.store;

import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.port.AppAccessStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Grants of connected apps to profiles and permission sets; unique per (app, parent). */
final class JdbcAppAccessStore implements AppAccessStore {
    private static final String COLUMNS = "id, org_id, app_id, parent_id, created_date";
    private static final String INSERT = "INSERT INTO app_access_grants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM app_access_grants WHERE id = ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM app_access_grants WHERE id = ?";
    private static final String LIST_FOR_APP =
            "SELECT " + COLUMNS + " FROM app_access_grants WHERE app_id = ? ORDER BY created_date, id";
    /** One statement over the unique (app_id, parent_id) index and the (assignee_id, ...) assignment index. */
    private static final String IS_GRANTED = "SELECT 1 FROM app_access_grants g WHERE g.app_id = ? AND "
            + "(g.parent_id = ? OR g.parent_id IN "
            + "(SELECT a.permission_set_id FROM permission_set_assignments a WHERE a.assignee_id = ?)) LIMIT 1";

    private static final Db.Unique PARENT = new Db.Unique("uq_app_access_grants_app_parent", "ParentId");

    private final Db db;

    JdbcAppAccessStore(Db db) {
        this.db = db;
    }

    @Override
    public void grant(AppAccessGrant grant) {
        db.write(INSERT, Params.of()
                .text(grant.id()).text(grant.orgId()).text(grant.appId()).text(grant.parentId())
                .instant(grant.createdDate()), PARENT);
    }

    @Override
    public boolean revoke(String grantId) {
        return db.update(DELETE, Columns.texts(grantId)) > 0;
    }

    @Override
    public Optional<AppAccessGrant> findById(String grantId) {
        return db.queryOne(BY_ID, Columns.texts(grantId), JdbcAppAccessStore::map);
    }

    @Override
    public List<AppAccessGrant> listForApp(String appId) {
        return db.queryList(LIST_FOR_APP, Columns.texts(appId), JdbcAppAccessStore::map);
    }

    @Override
    public boolean isGranted(String appId, String userId, String profileId) {
        return db.exists(IS_GRANTED, Columns.texts(appId, profileId, userId));
    }

    private static AppAccessGrant map(ResultSet rs) throws SQLException {
        return new AppAccessGrant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Columns.instant(rs, 5));
    }
}
