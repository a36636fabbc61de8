package io.userbound.store;

import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.SetupAuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The append-only setup audit trail; text is cut to the column sizes so a long display never loses the row. */
final class JdbcSetupAuditStore implements SetupAuditStore {
    private static final String COLUMNS =
            "id, org_id, action, section, display, created_by_id, created_by_context, created_date";
    private static final String INSERT = "INSERT INTO setup_audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM setup_audit WHERE org_id = ? ORDER BY org_id, created_date DESC, id DESC LIMIT ?";

    private final Db db;

    JdbcSetupAuditStore(Db db) {
        this.db = db;
    }

    @Override
    public void append(SetupAuditEntry e) {
        db.write(INSERT, ps -> {
            Db.text(ps, 1, e.id());
            Db.text(ps, 2, e.orgId());
            Db.text(ps, 3, e.action(), 255);
            Db.text(ps, 4, e.section(), 255);
            Db.text(ps, 5, e.display(), 4000);
            Db.text(ps, 6, e.createdById());
            Db.text(ps, 7, e.createdByContext(), 255);
            Db.instant(ps, 8, e.createdDate());
        });
    }

    @Override
    public List<SetupAuditEntry> list(String orgId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST, ps -> {
            Db.text(ps, 1, orgId);
            ps.setInt(2, limit);
        }, JdbcSetupAuditStore::map);
    }

    private static SetupAuditEntry map(ResultSet rs) throws SQLException {
        return new SetupAuditEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), Db.instant(rs, 8));
    }
}
