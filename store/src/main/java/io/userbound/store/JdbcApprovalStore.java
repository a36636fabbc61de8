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
        db.write(INSERT, ps -> {
            Db.text(ps, 1, approval.id());
            Db.text(ps, 2, approval.orgId());
            Db.text(ps, 3, approval.appId());
            Db.text(ps, 4, approval.userId());
            Db.text(ps, 5, Codec.joinStrings(approval.scopes()));
            Db.instant(ps, 6, approval.createdDate());
        }, USER);
    }

    @Override
    public Optional<Approval> find(String appId, String userId) {
        return db.queryOne(FIND, ps -> {
            Db.text(ps, 1, appId);
            Db.text(ps, 2, userId);
        }, JdbcApprovalStore::map);
    }

    @Override
    public boolean delete(String appId, String userId) {
        return db.update(DELETE, ps -> {
            Db.text(ps, 1, appId);
            Db.text(ps, 2, userId);
        }) > 0;
    }

    private static Approval map(ResultSet rs) throws SQLException {
        return new Approval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Codec.splitStrings(rs.getString(5)), Db.instant(rs, 6));
    }
}
