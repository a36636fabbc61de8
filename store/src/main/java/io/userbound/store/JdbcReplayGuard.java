package io.userbound.store;

import io.userbound.core.port.ReplayGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The used-{@code jti} set (RFC 7523 section 3, item 7) as a table keyed by {@code (app_id, jti)}: the check and the
 * mark are one INSERT, and the primary key decides, so the answer is right across threads and across server nodes
 * sharing one database. Never check-then-insert.
 */
final class JdbcReplayGuard implements ReplayGuard {
    /** Longer jti values are stored as {@code sha256:<hex>} so that any client value fits the key column. */
    static final int MAX_RAW_JTI = 128;

    static final String INSERT = "INSERT INTO used_jtis (app_id, jti, expires_at) VALUES (?, ?, ?)";
    private static final String EXPIRED =
            "SELECT app_id, jti FROM used_jtis WHERE expires_at < ? ORDER BY expires_at LIMIT ?";
    private static final String DELETE = "DELETE FROM used_jtis WHERE app_id = ? AND jti = ?";

    private final Db db;

    JdbcReplayGuard(Db db) {
        this.db = db;
    }

    @Override
    public boolean firstUse(String appId, String jti, Instant expiresAt) {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String key = key(jti);
        Db.TxState tx = db.current();
        try {
            if (tx == null) {
                boolean first;
                DurableCommits.Ticket ticket = null;
                try (Connection c = db.dataSource().getConnection()) {
                    first = insert(c, appId, key, expiresAt);
                    if (first) {
                        ticket = db.durable().committed(c);
                    }
                }
                if (first) {
                    db.durable().await(ticket);
                    db.committed();
                }
                return first;
            }
            tx.wrote = true;
            // Inside a transaction a failed statement would poison it on PostgreSQL: fence the insert.
            Connection c = tx.connection;
            Savepoint savepoint = c.setSavepoint();
            boolean first;
            try {
                first = insert(c, appId, key, expiresAt);
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                throw e;
            }
            if (first) {
                c.releaseSavepoint(savepoint);
            } else {
                c.rollback(savepoint);
            }
            return first;
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /**
     * Marks {@code key} (see {@link #key}) used on {@code c}, in its transaction if one is open. On PostgreSQL a
     * refused insert aborts that transaction: the caller rolls back (to a savepoint, or the whole transaction).
     *
     * @return true when inserted; false when the primary key (or any integrity rule) refused the row
     */
    static boolean insert(Connection c, String appId, String key, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Columns.text(ps, 1, appId);
            Columns.text(ps, 2, key);
            ps.setLong(3, expiresAt.toEpochMilli());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            // class 23 = integrity constraint violation; with non-null arguments only the primary key can refuse
            String state = e.getSQLState();
            if (state != null && state.startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    static String key(String jti) {
        String clean = jti.indexOf('\0') < 0 ? jti : jti.replace('\0', '\uFFFD');
        if (clean.length() <= MAX_RAW_JTI) {
            return clean;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        return db.purge(EXPIRED, DELETE, 2, before, limit);
    }
}
