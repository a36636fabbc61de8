package io.userbound.store;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.port.CertificateStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * App certificates. {@link #markUsed} is coalesced: every assertion would otherwise update the same row, so a
 * certificate's last-used time is written at most once per {@link #MARK_USED_GRANULARITY_MILLIS} by this process,
 * and the UPDATE only ever moves the time forward (so it takes no row lock when another node already wrote it).
 */
final class JdbcCertificateStore implements CertificateStore {
    /** Resolution of the last-used time: uses closer than this to the last written one are not written again. */
    static final long MARK_USED_GRANULARITY_MILLIS = 1_000;
    private static final int MAX_TRACKED = 10_000;

    private static final String COLUMNS =
            "id, app_id, thumbprint, subject, not_before, not_after, active, last_used_at, pem, created_date";
    private static final String INSERT =
            "INSERT INTO app_certificates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM app_certificates WHERE id = ?";
    private static final String ACTIVE_FOR_APP = "SELECT " + COLUMNS
            + " FROM app_certificates WHERE app_id = ? AND active = TRUE ORDER BY created_date, id";
    private static final String LIST_FOR_APP =
            "SELECT " + COLUMNS + " FROM app_certificates WHERE app_id = ? ORDER BY created_date, id";
    private static final String REMOVE = "DELETE FROM app_certificates WHERE app_id = ? AND thumbprint = ?";
    private static final String MARK_USED = "UPDATE app_certificates SET last_used_at = ? "
            + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)";

    private static final Db.Unique THUMBPRINT = new Db.Unique("uq_app_certificates_app_thumbprint", "Thumbprint");

    private final Db db;
    /** certificate id -> last-used millis this process wrote. */
    private final ConcurrentHashMap<String, Long> lastWritten = new ConcurrentHashMap<>();

    JdbcCertificateStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(AppCertificate c) {
        db.write(INSERT, Params.of()
                .text(c.id()).text(c.appId()).lower(c.thumbprint()).text(c.subject()).instant(c.notBefore())
                .instant(c.notAfter()).bool(c.active()).instant(c.lastUsedAt()).text(c.pem())
                .instant(c.createdDate()), THUMBPRINT);
    }

    @Override
    public Optional<AppCertificate> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcCertificateStore::map);
    }

    @Override
    public List<AppCertificate> activeForApp(String appId) {
        return db.queryList(ACTIVE_FOR_APP, Columns.texts(appId), JdbcCertificateStore::map);
    }

    @Override
    public List<AppCertificate> listForApp(String appId) {
        return db.queryList(LIST_FOR_APP, Columns.texts(appId), JdbcCertificateStore::map);
    }

    @Override
    public boolean remove(String appId, String thumbprint) {
        return db.update(REMOVE, Columns.texts(appId, Columns.lower(thumbprint))) > 0;
    }

    @Override
    public void markUsed(String certificateId, Instant when) {
        long millis = when.toEpochMilli();
        Long previous = lastWritten.get(certificateId);
        if (previous != null && millis < previous + MARK_USED_GRANULARITY_MILLIS) {
            return;
        }
        if (lastWritten.size() >= MAX_TRACKED) {
            lastWritten.clear();
        }
        lastWritten.put(certificateId, millis);
        try {
            db.update(MARK_USED, Params.of()
                    .number(millis).text(certificateId).number(millis - MARK_USED_GRANULARITY_MILLIS));
        } catch (RuntimeException e) {
            lastWritten.remove(certificateId, millis);
            throw e;
        }
    }

    private static AppCertificate map(ResultSet rs) throws SQLException {
        return new AppCertificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Columns.instant(rs, 5), Columns.instant(rs, 6), rs.getBoolean(7), Columns.instant(rs, 8), rs.getString(9),
                Columns.instant(rs, 10));
    }
}
