package io.userbound.store;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.LoginHistoryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only login history. Many values come straight from the request (username, consumer key, user agent,
 * URL, debug detail), so text is cut to the column sizes: a long or odd value never loses the audit row. Lists read
 * the {@code (org_id, login_time DESC, id DESC)} and {@code (user_id, org_id, login_time DESC, id DESC)} indexes in
 * order (the ORDER BY names the equality columns too, which H2 needs to see that), so they never sort the history.
 */
final class JdbcLoginHistoryStore implements LoginHistoryStore {
    private static final String COLUMNS = "id, org_id, user_id, username, app_id, application, consumer_key, "
            + "certificate_thumbprint, source_ip, login_url, login_type, login_sub_type, user_agent, reason, detail, "
            + "login_time";
    static final String INSERT = "INSERT INTO login_history (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM login_history WHERE id = ?";
    private static final String LIST_ORG = "SELECT " + COLUMNS
            + " FROM login_history WHERE org_id = ? ORDER BY org_id, login_time DESC, id DESC LIMIT ?";
    private static final String LIST_USER = "SELECT " + COLUMNS + " FROM login_history WHERE user_id = ? AND org_id = ? "
            + "ORDER BY user_id, org_id, login_time DESC, id DESC LIMIT ?";

    /** The oldest rows before the cut, at most {@code limit}: an index-only scan of (login_time, id). */
    private static final String OLDEST =
            "SELECT id FROM login_history WHERE login_time < ? ORDER BY login_time, id LIMIT ?";
    private static final String DELETE = "DELETE FROM login_history WHERE id = ?";

    private final Db db;

    JdbcLoginHistoryStore(Db db) {
        this.db = db;
    }

    @Override
    public void append(LoginHistoryEntry e) {
        db.write(INSERT, ps -> bindInsert(ps, e));
    }

    /** Binds {@link #INSERT}; long texts are cut to their columns so an odd value never loses the row. */
    static void bindInsert(PreparedStatement ps, LoginHistoryEntry e) throws SQLException {
        Db.text(ps, 1, e.id());
        Db.text(ps, 2, e.orgId());
        Db.text(ps, 3, e.userId());
        Db.text(ps, 4, e.username(), 255);
        Db.text(ps, 5, e.appId());
        Db.text(ps, 6, e.application(), 255);
        Db.text(ps, 7, e.consumerKey(), 255);
        Db.text(ps, 8, e.certificateThumbprint(), 128);
        Db.text(ps, 9, e.sourceIp(), 64);
        Db.text(ps, 10, e.loginUrl(), 1000);
        Db.text(ps, 11, e.loginType(), 64);
        Db.text(ps, 12, e.loginSubType(), 64);
        Db.text(ps, 13, e.userAgent(), 1000);
        Db.text(ps, 14, e.reason().name());
        Db.text(ps, 15, e.detail(), 4000);
        Db.instant(ps, 16, e.loginTime());
    }

    @Override
    public Optional<LoginHistoryEntry> findById(String id) {
        return db.queryOne(BY_ID, ps -> Db.text(ps, 1, id), JdbcLoginHistoryStore::map);
    }

    @Override
    public List<LoginHistoryEntry> list(String orgId, String userId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        if (userId == null) {
            return db.queryList(LIST_ORG, ps -> {
                Db.text(ps, 1, orgId);
                ps.setInt(2, limit);
            }, JdbcLoginHistoryStore::map);
        }
        return db.queryList(LIST_USER, ps -> {
            Db.text(ps, 1, userId);
            Db.text(ps, 2, orgId);
            ps.setInt(3, limit);
        }, JdbcLoginHistoryStore::map);
    }

    @Override
    public int purgeOlderThan(Instant before, int limit) {
        return db.purge(OLDEST, DELETE, 1, before, limit);
    }

    private static LoginHistoryEntry map(ResultSet rs) throws SQLException {
        return new LoginHistoryEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), LoginReason.valueOf(rs.getString(14)),
                rs.getString(15), Db.instant(rs, 16));
    }
}
