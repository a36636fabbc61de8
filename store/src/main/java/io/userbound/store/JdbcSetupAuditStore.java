package io.userbound.store;

import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.SetupAuditStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The append-only setup audit trail; text is cut to the column sizes so a long display never loses the row. */
final class JdbcSetupAuditStore implements SetupAuditStore {
    private static final String COLUMNS =
            "id, org_id, action, section, display, created_by_id, created_by_context, created_date";
    private static final String INSERT = AuditSealer.insert(AuditSource.SETUP_AUDIT);
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM setup_audit WHERE org_id = ? ORDER BY org_id, created_date DESC, id DESC LIMIT ?";

    private final Db db;
    private final AuditSealer sealer;

    JdbcSetupAuditStore(Db db, AuditSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    @Override
    public void append(SetupAuditEntry e) {
        db.write(INSERT, ps -> sealer.bindSealed(ps, AuditSource.SETUP_AUDIT, Arrays.asList(Columns.stored(e.id()),
                Columns.stored(e.orgId()), Columns.stored(e.action(), 255), Columns.stored(e.section(), 255),
                Columns.stored(e.display(), 4000), Columns.stored(e.createdById()), Columns.stored(e.createdByContext(), 255),
                e.createdDate() == null ? null : e.createdDate().toEpochMilli())));
    }

    @Override
    public List<SetupAuditEntry> list(String orgId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.queryList(LIST, Params.of().text(orgId).integer(limit), JdbcSetupAuditStore::map);
    }

    private static SetupAuditEntry map(ResultSet rs) throws SQLException {
        return new SetupAuditEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), Columns.instant(rs, 8));
    }
}
