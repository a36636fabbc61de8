package io.userbound.store;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.StoreException;
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
        db.write(INSERT, mutable(Params.of().lower(app.name()).text(app.id()).text(app.orgId()).text(app.name())
                .text(app.consumerKey()).text(app.consumerSecretHash()), app)
                .instant(app.createdDate()).instant(app.lastModifiedDate()).text(app.previousSecretHash())
                .instant(app.previousSecretExpires()), CONSUMER_KEY, NAME);
    }

    @Override
    public void update(ConnectedApp app) {
        int rows = db.write(UPDATE, mutable(Params.of().lower(app.name()).text(app.name()).text(app.consumerKey()), app)
                .instant(app.lastModifiedDate()).text(app.id()), CONSUMER_KEY, NAME);
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
        Params params = Params.of().text(newHash).text(previousHash).instant(previousExpires).instant(lastModified)
                .text(appId);
        if (expectedCurrentHash != null) {
            params.text(expectedCurrentHash);
        }
        int rows = db.write(expectedCurrentHash == null ? REPLACE_SECRETS_IF_NONE : REPLACE_SECRETS_IF_HASH, params);
        return rows == 1;
    }

    /** The eight columns from policy to run_as_user_id. */
    private static Params mutable(Params params, ConnectedApp app) {
        return params.text(app.policy().name()).text(Codec.joinStrings(app.scopes()))
                .text(Codec.joinStrings(app.allowedAlgorithms()))
                .duration(app.assertionMaxLifetime() == null
                        ? ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME : app.assertionMaxLifetime())
                .bool(app.jtiRequired())
                .duration(app.tokenLifetime() == null ? ConnectedApp.DEFAULT_TOKEN_LIFETIME : app.tokenLifetime())
                .bool(app.clientCredentialsEnabled()).text(app.runAsUserId());
    }

    @Override
    public boolean delete(String appId) {
        int[] counts = db.updateAll(DELETE, Columns.texts(appId));
        return counts[counts.length - 1] > 0;
    }

    @Override
    public Optional<ConnectedApp> findById(String id) {
        return db.queryOne(BY_ID, Columns.texts(id), JdbcConnectedAppStore::map);
    }

    @Override
    public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
        return db.queryOne(BY_CONSUMER_KEY, Columns.texts(consumerKey), JdbcConnectedAppStore::map);
    }

    @Override
    public Optional<ConnectedApp> findByName(String orgId, String name) {
        return db.queryOne(BY_NAME, Columns.texts(orgId, Columns.lower(name)), JdbcConnectedAppStore::map);
    }

    @Override
    public List<ConnectedApp> list(String orgId) {
        return db.queryList(LIST, Columns.texts(orgId), JdbcConnectedAppStore::map);
    }

    private static ConnectedApp map(ResultSet rs) throws SQLException {
        return new ConnectedApp(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                PermittedUsersPolicy.valueOf(rs.getString(6)), Codec.splitStrings(rs.getString(7)),
                Codec.splitStrings(rs.getString(8)), Columns.duration(rs, 9), rs.getBoolean(10), Columns.duration(rs, 11),
                rs.getBoolean(12), rs.getString(13), Columns.instant(rs, 14), Columns.instant(rs, 15), rs.getString(16),
                Columns.instant(rs, 17));
    }
}
