package io.userbound.store;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.LoginHistoryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only login history. Many values come straight from the request (username, consumer key, user agent,
 * URL, debug detail), so text is cut to the column sizes: a long or odd value never loses the audit row. Lists read
 * the {@code (org_id, login_time DESC, id DESC)} and {@code (user_id, org_id, login_time DESC, id DESC)} indexes in
 * order (the ORDER BY names the equality columns too, which H2 needs to see that), so they never sort the history.
 */
final class JdbcLoginHistoryStore implements LoginHistoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLoginHistoryStore.class);
    private static final String COLUMNS = "id, org_id, user_id, username, app_id, application, consumer_key, "
            + "certificate_thumbprint, source_ip, login_url, login_type, login_sub_type, user_agent, reason, detail, "
            + "login_time";
    static final String INSERT = AuditSealer.insert(AuditSource.LOGIN_HISTORY);
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM login_history WHERE id = ?";
    private static final String LIST_ORG = "SELECT " + COLUMNS
            + " FROM login_history WHERE org_id = ? ORDER BY org_id, login_time DESC, id DESC LIMIT ?";
    private static final String LIST_USER = "SELECT " + COLUMNS + " FROM login_history WHERE user_id = ? AND org_id = ? "
            + "ORDER BY user_id, org_id, login_time DESC, id DESC LIMIT ?";

    /** The oldest rows before the cut, at most {@code limit}, with their places in their chains. */
    private static final String OLDEST = "SELECT " + COLUMNS + ", chain_id, chain_seq, chain_mac FROM login_history "
            + "WHERE login_time < ? ORDER BY login_time, id LIMIT ?";
    private static final String DELETE = "DELETE FROM login_history WHERE id = ?";

    private final Db db;
    private final AuditSealer sealer;

    JdbcLoginHistoryStore(Db db, AuditSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    @Override
    public void append(LoginHistoryEntry e) {
        db.write(INSERT, ps -> bindInsert(ps, e, sealer));
    }

    /**
     * Binds {@link #INSERT}, sealed; long texts are cut to their columns so an odd value never loses the row (and the
     * seal covers the text as stored).
     */
    static void bindInsert(PreparedStatement ps, LoginHistoryEntry e, AuditSealer sealer) throws SQLException {
        sealer.bindSealed(ps, AuditSource.LOGIN_HISTORY, Arrays.asList(Columns.stored(e.id()), Columns.stored(e.orgId()),
                Columns.stored(e.userId()), Columns.stored(e.username(), 255), Columns.stored(e.appId()),
                Columns.stored(e.application(), 255), Columns.stored(e.consumerKey(), 255),
                Columns.stored(e.certificateThumbprint(), 128), Columns.stored(e.sourceIp(), 64), Columns.stored(e.loginUrl(), 1000),
                Columns.stored(e.loginType(), 64), Columns.stored(e.loginSubType(), 64), Columns.stored(e.userAgent(), 1000),
                e.reason().name(), Columns.stored(e.detail(), 4000),
                e.loginTime() == null ? null : e.loginTime().toEpochMilli()));
    }

    @Override
    public Optional<LoginHistoryEntry> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcLoginHistoryStore::map);
    }

    @Override
    public List<LoginHistoryEntry> list(String orgId, String userId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        if (userId == null) {
            return db.queryList(LIST_ORG, Params.of().text(orgId).integer(limit), JdbcLoginHistoryStore::map);
        }
        return db.queryList(LIST_USER, Params.of().text(userId).text(orgId).integer(limit), JdbcLoginHistoryStore::map);
    }

    /**
     * Deletes the oldest rows before the cut and, in the same transaction, records per chain exactly which numbers it
     * deleted ({@link AuditCheckpoints#purged}), so that the rest stays verifiable. A row whose seal does not hold
     * (its time rewritten to have it purged, say) is not deleted: verify reports it.
     */
    @Override
    public int purgeOlderThan(Instant before, int limit) {
        if (limit <= 0) {
            return 0;
        }
        AuditChain chain = sealer.chain();
        List<String> columns = AuditSource.LOGIN_HISTORY.columns();
        int n = columns.size();
        return db.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            Map<String, List<Long>> deleted = new HashMap<>();
            int kept = 0;
            try (PreparedStatement ps = c.prepareStatement(OLDEST)) {
                ps.setLong(1, before.toEpochMilli());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Object> values = AuditVerifier.values(rs, n);
                        String rowChain = rs.getString(n + 1);
                        long seq = rs.getLong(n + 2);
                        if (chain != null && (rowChain == null || !chain.verifies(AuditSource.LOGIN_HISTORY, rowChain,
                                seq, values, rs.getString(n + 3)))) {
                            kept++;
                            continue;
                        }
                        ids.add((String) values.get(0));
                        if (rowChain != null) {
                            deleted.computeIfAbsent(rowChain, k -> new ArrayList<>()).add(seq);
                        }
                    }
                }
            }
            if (kept > 0) {
                LOG.warn("the purge kept {} LoginHistory rows before {} whose audit seal does not hold; "
                        + "run admin audit verify", kept, before);
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                for (String id : ids) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (chain != null && !deleted.isEmpty()) {
                AuditCheckpoints.purged(c, chain, AuditSource.LOGIN_HISTORY, deleted, before.toEpochMilli());
            }
            return ids.size();
        });
    }

    private static LoginHistoryEntry map(ResultSet rs) throws SQLException {
        return new LoginHistoryEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), LoginReason.valueOf(rs.getString(14)),
                rs.getString(15), Columns.instant(rs, 16));
    }
}
