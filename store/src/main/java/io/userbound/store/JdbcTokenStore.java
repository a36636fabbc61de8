package io.userbound.store;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Issued access tokens, kept only as hashes: read by their time-ordered id, purged through the expiry index. */
final class JdbcTokenStore implements TokenStore {
    private static final String COLUMNS =
            "id, token_hash, org_id, user_id, app_id, scopes, issued_at, expires_at, revoked_at, grant_type";
    static final String INSERT = "INSERT INTO access_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM access_tokens WHERE id = ?";
    private static final String REVOKE =
            "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
    /** A range of {@code ix_access_tokens_app_user} (V7). */
    private static final String REVOKE_FOR_USER = "UPDATE access_tokens SET revoked_at = ? "
            + "WHERE app_id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?";
    /** As {@link #REVOKE_FOR_USER}, for the tokens of one grant and those whose grant is not known (before V7). */
    private static final String REVOKE_FOR_USER_GRANT = REVOKE_FOR_USER
            + " AND (grant_type = ? OR grant_type IS NULL)";
    private static final String REVOKE_FOR_APP = "UPDATE access_tokens SET revoked_at = ? "
            + "WHERE app_id = ? AND revoked_at IS NULL AND expires_at > ?";
    /** The oldest expired ids, at most {@code limit}: an index-only scan of (expires_at, id). */
    private static final String EXPIRED =
            "SELECT id FROM access_tokens WHERE expires_at < ? ORDER BY expires_at, id LIMIT ?";
    private static final String DELETE = "DELETE FROM access_tokens WHERE id = ?";

    private static final Db.Unique ID = new Db.Unique("pk_access_tokens", "Id");

    private final Db db;

    JdbcTokenStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(AccessTokenRecord token) {
        db.write(INSERT, ps -> bindInsert(ps, token), ID);
    }

    /** Binds {@link #INSERT}. */
    static void bindInsert(PreparedStatement ps, AccessTokenRecord token) throws SQLException {
        Columns.text(ps, 1, token.id());
        Columns.text(ps, 2, token.tokenHash());
        Columns.text(ps, 3, token.orgId());
        Columns.text(ps, 4, token.userId());
        Columns.text(ps, 5, token.appId());
        Columns.text(ps, 6, Codec.joinStrings(token.scopes()));
        Columns.instant(ps, 7, token.issuedAt());
        Columns.instant(ps, 8, token.expiresAt());
        Columns.instant(ps, 9, token.revokedAt());
        Columns.text(ps, 10, token.grantType());
    }

    @Override
    public Optional<AccessTokenRecord> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcTokenStore::map);
    }

    @Override
    public boolean revoke(String id, Instant when) {
        return db.update(REVOKE, Params.of().instant(when).text(id)) > 0;
    }

    @Override
    public int revokeForUser(String appId, String userId, String grantType, Instant when) {
        Params params = Params.of().instant(when).text(appId).text(userId).instant(when);
        if (grantType != null) {
            params.text(grantType);
        }
        return db.update(grantType == null ? REVOKE_FOR_USER : REVOKE_FOR_USER_GRANT, params);
    }

    @Override
    public int revokeForApp(String appId, Instant when) {
        return db.update(REVOKE_FOR_APP, Params.of().instant(when).text(appId).instant(when));
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        return db.purge(EXPIRED, DELETE, 1, before, limit);
    }

    private static AccessTokenRecord map(ResultSet rs) throws SQLException {
        return new AccessTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Codec.splitStrings(rs.getString(6)), Columns.instant(rs, 7), Columns.instant(rs, 8),
                Columns.instant(rs, 9), rs.getString(10));
    }
}
