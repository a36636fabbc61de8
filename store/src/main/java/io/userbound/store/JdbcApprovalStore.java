package io.userbound.store;

import io.userbound.core.model.Approval;
import io.userbound.core.port.ApprovalStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Users' approvals of self-authorize apps; unique per (app, user). */
final class JdbcApprovalStore implements ApprovalStore {
    private static final String COLUMNS = "id, org_id, app_id, user_id, scopes, created_date";
    private static final String INSERT = "INSERT INTO approvals (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM approvals WHERE app_id = ? AND user_id = ?";
    private static final String DELETE = "DELETE FROM approvals WHERE app_id = ? AND user_id = ?";

    private static final Db.Unique USER = new Db.Unique("uq_approvals_app_user", "UserId");

    private final Db db;

    JdbcApprovalStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(Approval approval) {
        db.write(INSERT, Params.of()
                .text(approval.id()).text(approval.orgId()).text(approval.appId()).text(approval.userId())
                .text(Codec.joinStrings(approval.scopes())).instant(approval.createdDate()), USER);
    }

    @Override
    public Optional<Approval> find(String appId, String userId) {
        return db.queryOne(FIND, Columns.texts(appId, userId), JdbcApprovalStore::map);
    }

    @Override
    public boolean delete(String appId, String userId) {
        return db.update(DELETE, Columns.texts(appId, userId)) > 0;
    }

    private static Approval map(ResultSet rs) throws SQLException {
        return new Approval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Codec.splitStrings(rs.getString(5)), Columns.instant(rs, 6));
    }
}
