package io.userbound.store;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Connected apps: consumer keys unique across the server, names unique per org case-insensitively. */
final class JdbcConnectedAppStore implements ConnectedAppStore {
    private static final String COLUMNS = "id, org_id, name, consumer_key, consumer_secret_hash, policy, scopes, "
            + "algorithms, assertion_max_lifetime_ms, jti_required, token_lifetime_ms, client_credentials_enabled, "
            + "run_as_user_id, created_date, last_modified_date, previous_secret_hash, previous_secret_expires";
    private static final String INSERT = "INSERT INTO connected_apps (name_lower, " + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Every mutable column except the three secret columns, which only {@link #replaceSecrets} writes. */
    private static final String UPDATE = "UPDATE connected_apps SET name_lower = ?, name = ?, consumer_key = ?, "
            + "policy = ?, scopes = ?, algorithms = ?, assertion_max_lifetime_ms = ?, "
            + "jti_required = ?, token_lifetime_ms = ?, client_credentials_enabled = ?, run_as_user_id = ?, "
            + "last_modified_date = ? WHERE id = ?";
    private static final String REPLACE_SECRETS = "UPDATE connected_apps SET consumer_secret_hash = ?, "
            + "previous_secret_hash = ?, previous_secret_expires = ?, last_modified_date = ? WHERE id = ? AND ";
    private static final String REPLACE_SECRETS_IF_HASH = REPLACE_SECRETS + "consumer_secret_hash = ?";
    private static final String REPLACE_SECRETS_IF_NONE = REPLACE_SECRETS + "consumer_secret_hash IS NULL";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM connected_apps WHERE id = ?";
    private static final String BY_CONSUMER_KEY = "SELECT " + COLUMNS + " FROM connected_apps WHERE consumer_key = ?";
    private static final String BY_NAME =
            "SELECT " + COLUMNS + " FROM connected_apps WHERE org_id = ? AND name_lower = ?";
    private static final String LIST =
            "SELECT " + COLUMNS + " FROM connected_apps WHERE org_id = ? ORDER BY created_date, id";

    /** An app and what belongs to it, children first (they reference the app). */
    private static final List<String> DELETE = List.of(
            "DELETE FROM app_certificates WHERE app_id = ?",
            "DELETE FROM app_access_grants WHERE app_id = ?",
            "DELETE FROM approvals WHERE app_id = ?",
            "DELETE FROM connected_apps WHERE id = ?");

    private static final Db.Unique CONSUMER_KEY = new Db.Unique("uq_connected_apps_consumer_key", "ConsumerKey");
    private static final Db.Unique NAME = new Db.Unique("uq_connected_apps_org_name", "Name");

    private final Db db;

    JdbcConnectedAppStore(Db db) {
        this.db = db;
    }

    @Override
    public void insert(ConnectedApp app) {
        db.write(INSERT, ps -> {
            Db.text(ps, 1, Db.lower(app.name()));
            Db.text(ps, 2, app.id());
            Db.text(ps, 3, app.orgId());
            Db.text(ps, 4, app.name());
            Db.text(ps, 5, app.consumerKey());
            Db.text(ps, 6, app.consumerSecretHash());
            bindMutable(ps, 7, app);
            Db.instant(ps, 15, app.createdDate());
            Db.instant(ps, 16, app.lastModifiedDate());
            Db.text(ps, 17, app.previousSecretHash());
            Db.instant(ps, 18, app.previousSecretExpires());
        }, CONSUMER_KEY, NAME);
    }

    @Override
    public void update(ConnectedApp app) {
        int rows = db.write(UPDATE, ps -> {
            Db.text(ps, 1, Db.lower(app.name()));
            Db.text(ps, 2, app.name());
            Db.text(ps, 3, app.consumerKey());
            bindMutable(ps, 4, app);
            Db.instant(ps, 12, app.lastModifiedDate());
            Db.text(ps, 13, app.id());
        }, CONSUMER_KEY, NAME);
        if (rows == 0) {
            throw new StoreException("no connected app with id " + app.id() + " to update", null);
        }
    }

    @Override
    public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
            Instant previousExpires, Instant lastModified) {
        if ((previousHash == null) != (previousExpires == null)) {
            throw new IllegalArgumentException("previousHash and previousExpires go together");
        }
        int rows = db.write(expectedCurrentHash == null ? REPLACE_SECRETS_IF_NONE : REPLACE_SECRETS_IF_HASH, ps -> {
            Db.text(ps, 1, newHash);
            Db.text(ps, 2, previousHash);
            Db.instant(ps, 3, previousExpires);
            Db.instant(ps, 4, lastModified);
            Db.text(ps, 5, appId);
            if (expectedCurrentHash != null) {
                Db.text(ps, 6, expectedCurrentHash);
            }
        });
        return rows == 1;
    }

    /** Binds the eight columns from policy to run_as_user_id, starting at {@code i}. */
    private static void bindMutable(PreparedStatement ps, int i, ConnectedApp app) throws SQLException {
        Db.text(ps, i, app.policy().name());
        Db.text(ps, i + 1, Codec.joinStrings(app.scopes()));
        Db.text(ps, i + 2, Codec.joinStrings(app.allowedAlgorithms()));
        Db.duration(ps, i + 3, app.assertionMaxLifetime() == null
                ? ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME : app.assertionMaxLifetime());
        ps.setBoolean(i + 4, app.jtiRequired());
        Db.duration(ps, i + 5, app.tokenLifetime() == null ? ConnectedApp.DEFAULT_TOKEN_LIFETIME : app.tokenLifetime());
        ps.setBoolean(i + 6, app.clientCredentialsEnabled());
        Db.text(ps, i + 7, app.runAsUserId());
    }

    @Override
    public boolean delete(String appId) {
        int[] counts = db.updateAll(DELETE, ps -> Db.text(ps, 1, appId));
        return counts[counts.length - 1] > 0;
    }

    @Override
    public Optional<ConnectedApp> findById(String id) {
        return db.queryOne(BY_ID, ps -> Db.text(ps, 1, id), JdbcConnectedAppStore::map);
    }

    @Override
    public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
        return db.queryOne(BY_CONSUMER_KEY, ps -> Db.text(ps, 1, consumerKey), JdbcConnectedAppStore::map);
    }

    @Override
    public Optional<ConnectedApp> findByName(String orgId, String name) {
        return db.queryOne(BY_NAME, ps -> {
            Db.text(ps, 1, orgId);
            Db.text(ps, 2, Db.lower(name));
        }, JdbcConnectedAppStore::map);
    }

    @Override
    public List<ConnectedApp> list(String orgId) {
        return db.queryList(LIST, ps -> Db.text(ps, 1, orgId), JdbcConnectedAppStore::map);
    }

    private static ConnectedApp map(ResultSet rs) throws SQLException {
        return new ConnectedApp(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                PermittedUsersPolicy.valueOf(rs.getString(6)), Codec.splitStrings(rs.getString(7)),
                Codec.splitStrings(rs.getString(8)), Db.duration(rs, 9), rs.getBoolean(10), Db.duration(rs, 11),
                rs.getBoolean(12), rs.getString(13), Db.instant(rs, 14), Db.instant(rs, 15), rs.getString(16),
                Db.instant(rs, 17));
    }
}
