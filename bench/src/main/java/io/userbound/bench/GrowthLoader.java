package io.userbound.bench;

import static io.userbound.bench.GrowthDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.client.TokenClient;
import io.userbound.client.AssertionBuilder;
import io.userbound.protocol.SalesforceId;
import io.userbound.server.RunningServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The growth dataset's loader ({@link GrowthDataset}): the template rows made through the API, then the bulk copies over
 * plain JDBC. Bench fixture code, not a measured path.
 */
final class GrowthLoader {
    /** The rows made through the API, which the loader copies. */
    record Templates(String orgId, String userId, String permissionSetId, String jwtAppId,
            String jwtConsumerKey, Path keyFile, String ccConsumerKey, String ccConsumerSecret, String accountId,
            String loginHistoryId) {

        static Templates create(RunningServer server) throws IOException {
            RestClient admin = BenchSupport.admin(server);
            KeyAndCertificate kc = SelfSignedCertificates.create("CN=bench-growth", 30);
            Path keyDir = server.dataDir().resolve("growth-key");
            kc.writeTo(keyDir, true);
            JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", PERMISSION_SET,
                    "PermissionsApiEnabled", true));
            JsonNode jwtApp = admin.post("sobjects/ConnectedApplication", Map.of("Name", "Bench growth JWT",
                    "Certificate", PemKeys.toPem(kc.certificate())));
            JsonNode ccApp = admin.post("sobjects/ConnectedApplication", Map.of("Name", "Bench growth CC"));
            String username = Manifest.username(0);
            JsonNode user = admin.post("sobjects/User", Map.of("Username", username, "FirstName", "Growth",
                    "LastName", "User 0", "Email", username));
            admin.post("sobjects/PermissionSetAssignment", Map.of("AssigneeId", user.get("id").asText(),
                    "PermissionSetId", ps.get("id").asText()));
            for (JsonNode app : List.of(jwtApp, ccApp)) {
                admin.post("sobjects/SetupEntityAccess", Map.of("ParentId", ps.get("id").asText(),
                        "SetupEntityId", app.get("id").asText()));
            }
            admin.patch("sobjects/ConnectedApplication/" + ccApp.get("id").asText(),
                    Map.of("ClientCredentialsEnabled", true, "RunAsUserId", user.get("id").asText()));
            JsonNode account = admin.post("sobjects/Account", Map.of("Name", "Growth account 0",
                    "Industry", "Technology", "BillingCity", "Lisbon"));
            String assertion = AssertionBuilder.forKey(kc.privateKey()).issuer(jwtApp.get("consumerKey").asText())
                    .subject(username).audience(server.baseUrl()).lifetime(Duration.ofMinutes(5))
                    .jwtId(UUID.randomUUID().toString()).sign();
            new TokenClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), server.baseUrl())
                    .jwtBearer(assertion).accessToken();
            String loginId;
            try (Connection c = server.store().dataSource().getConnection();
                    PreparedStatement q = c.prepareStatement("SELECT id FROM login_history WHERE user_id = ? "
                            + "ORDER BY login_time DESC, id DESC")) {
                q.setString(1, user.get("id").asText());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    loginId = rs.getString(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return new Templates(server.bootstrapResult().orgId(), user.get("id").asText(), ps.get("id").asText(),
                    jwtApp.get("id").asText(), jwtApp.get("consumerKey").asText(),
                    keyDir.resolve(KeyAndCertificate.PRIVATE_KEY_FILE), ccApp.get("consumerKey").asText(),
                    ccApp.get("consumerSecret").asText(), account.get("id").asText(), loginId);
        }
    }

    private final Connection c;
    private final boolean postgres;
    private final Spec spec;
    private final Templates t;
    private final SplittableRandom random = new SplittableRandom(5);
    private final long now = System.currentTimeMillis();
    private long sequence;

    GrowthLoader(Connection c, boolean postgres, Spec spec, Templates t) {
        this.c = c;
        this.postgres = postgres;
        this.spec = spec;
        this.t = t;
    }

    void load() throws Exception {
        // user i's id is userIds[i]; user 0 is the template
        String[] userIds = new String[spec.users()];
        userIds[0] = t.userId;
        long userSpan = Duration.ofDays(1000).toMillis();
        copy("users", t.userId, spec.users() - 1, (i, row) -> {
            long n = i + 1;
            long created = now - userSpan + userSpan * n / spec.users();
            String id = id(t.userId, created);
            userIds[(int) n] = id;
            row.put("id", id);
            row.put("username", Manifest.username(n));
            row.put("email", Manifest.username(n));
            row.put("last_name", "User " + n);
            row.put("created_date", created);
            row.put("last_modified_date", created);
        });
        String psaTemplate = single("SELECT id FROM permission_set_assignments WHERE assignee_id = ?", t.userId);
        copy("permission_set_assignments", psaTemplate, spec.users() - 1, (i, row) -> {
            row.put("id", id(psaTemplate, now));
            row.put("assignee_id", userIds[(int) i + 1]);
        });
        int existingApps = Integer.parseInt(single("SELECT COUNT(*) FROM connected_apps WHERE org_id = ?",
                t.orgId));
        int fillers = Math.max(0, spec.apps() - existingApps);
        String[] appIds = new String[fillers + 2];
        appIds[0] = t.jwtAppId;
        appIds[1] = single("SELECT id FROM connected_apps WHERE consumer_key = ?", t.ccConsumerKey);
        copy("connected_apps", t.jwtAppId, fillers, (i, row) -> {
            String id = id(t.jwtAppId, now);
            appIds[(int) i + 2] = id;
            row.put("id", id);
            row.put("name", "Bench growth app " + i);
            row.put("name_lower", "bench growth app " + i);
            row.put("consumer_key", "3MVG9growth" + i + "x" + Long.toString(random.nextLong() & Long.MAX_VALUE,
                    36));
        });
        String certTemplate = single("SELECT id FROM app_certificates WHERE app_id = ?", t.jwtAppId);
        copy("app_certificates", certTemplate, fillers, (i, row) -> {
            row.put("id", id(certTemplate, now));
            row.put("app_id", appIds[(int) i + 2]);
        });
        String grantTemplate = single("SELECT id FROM app_access_grants WHERE app_id = ?", t.jwtAppId);
        copy("app_access_grants", grantTemplate, fillers, (i, row) -> {
            row.put("id", id(grantTemplate, now));
            row.put("app_id", appIds[(int) i + 2]);
        });
        long from = now - RETENTION_SPAN_MILLIS;
        copy("login_history", t.loginHistoryId, spec.loginHistory() - 1, (i, row) -> {
            long time = from + RETENTION_SPAN_MILLIS * i / spec.loginHistory();
            int u = random.nextInt(spec.users());
            row.put("id", id(t.loginHistoryId, time));
            row.put("user_id", userIds[u]);
            row.put("username", Manifest.username(u));
            row.put("app_id", appIds[random.nextInt(appIds.length)]);
            row.put("login_time", time);
        });
        copy("obj_account", t.accountId, spec.accounts() - 1, (i, row) -> {
            long created = now - Duration.ofDays(400).toMillis() + i * 1000L;
            row.put("id", id(t.accountId, created));
            row.put("f_name", "Growth account " + (i + 1));
            row.put("f_createddate", created);
            row.put("f_lastmodifieddate", created);
        });
    }

    /** The lower-case names of the table's generated columns. */
    private java.util.Set<String> generatedColumns(String table) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = c.getMetaData().getColumns(null, null, name, null)) {
                while (rs.next()) {
                    if ("YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))) {
                        out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }

    private String single(String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row for " + sql + " with " + param);
                }
                return rs.getString(1);
            }
        }
    }

    /**
     * An id like the server's: the template's key prefix and the time, then five base-62 digits that count the
     * ids made so far instead of random ones, so that ids of one millisecond never collide.
     */
    private String id(String template, long millis) {
        char[] id = new char[15];
        template.getChars(0, 3, id, 0);
        long m = millis;
        for (int i = 9; i >= 3; i--) {
            id[i] = BASE62[(int) (m % 62)];
            m /= 62;
        }
        long seq = sequence++;
        for (int i = 14; i >= 10; i--) {
            id[i] = BASE62[(int) (seq % 62)];
            seq /= 62;
        }
        return SalesforceId.of(new String(id)).id18();
    }

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** Sets the columns that differ in copy {@code i} (0-based); keys are lower-case column names. */
    @FunctionalInterface
    interface RowEdit {
        void apply(long i, Map<String, Object> row) throws Exception;
    }

    /** {@code n} copies of the row {@code templateId} of {@code table}, each edited by {@code edit}. */
    void copy(String table, String templateId, long n, RowEdit edit) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Object> template = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
            ps.setString(1, templateId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no template row " + templateId + " in " + table);
                }
                ResultSetMetaData md = rs.getMetaData();
                for (int k = 1; k <= md.getColumnCount(); k++) {
                    template.put(md.getColumnLabel(k).toLowerCase(Locale.ROOT), rs.getObject(k));
                }
            }
        }
        // generated columns (a shadow column such as f_name_ci, live_key) are the database's to fill
        template.keySet().removeAll(generatedColumns(table));
        List<String> columns = new ArrayList<>(template.keySet());
        if (postgres) {
            copyPostgres(table, columns, template, n, edit);
        } else {
            copyH2(table, columns, template, n, edit);
        }
        System.out.printf("  %-28s %,12d rows in %6.1f s%n", table, n, (System.nanoTime() - t0) / 1e9);
    }

    private void copyH2(String table, List<String> columns, Map<String, Object> template, long n,
            RowEdit edit) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns)
                + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)")) {
            Map<String, Object> row = new LinkedHashMap<>(template);
            for (long i = 0; i < n; i++) {
                row.putAll(template);
                edit.apply(i, row);
                for (int k = 0; k < columns.size(); k++) {
                    ps.setObject(k + 1, row.get(columns.get(k)));
                }
                ps.addBatch();
                if ((i + 1) % 1_000 == 0 || i + 1 == n) {
                    ps.executeBatch();
                }
                if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i + 1 == n) {
                    c.commit();
                }
            }
        } finally {
            c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE TABLE " + table);
        }
    }

    /**
     * {@code COPY ... FROM STDIN} in text format, 100,000 rows per statement (each its own transaction), after
     * dropping the table's secondary indexes; they are rebuilt from their own definitions afterwards.
     */
    private void copyPostgres(String table, List<String> columns, Map<String, Object> template, long n,
            RowEdit edit) throws Exception {
        List<String> indexDefs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT indexname, indexdef FROM pg_indexes WHERE "
                + "schemaname = current_schema() AND tablename = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexDefs.add(rs.getString(1) + "\t" + rs.getString(2));
                }
            }
        }
        List<String> dropped = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String def : indexDefs) {
                String name = def.substring(0, def.indexOf('\t'));
                if (isConstraintIndex(name)) {
                    continue;
                }
                s.execute("DROP INDEX " + name);
                dropped.add(def.substring(def.indexOf('\t') + 1));
            }
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        Map<String, Object> row = new LinkedHashMap<>(template);
        StringBuilder buf = new StringBuilder(1 << 20);
        long chunk = 100_000;
        for (long start = 0; start < n; start += chunk) {
            buf.setLength(0);
            long end = Math.min(n, start + chunk);
            for (long i = start; i < end; i++) {
                row.putAll(template);
                edit.apply(i, row);
                for (int k = 0; k < columns.size(); k++) {
                    if (k > 0) {
                        buf.append('\t');
                    }
                    appendCopyValue(buf, row.get(columns.get(k)));
                }
                buf.append('\n');
            }
            copy.copyIn(sql, new StringReader(buf.toString()));
        }
        try (Statement s = c.createStatement()) {
            for (String def : dropped) {
                s.execute(def);
            }
            s.execute("VACUUM ANALYZE " + table);
        }
    }

    /** Whether the index backs a constraint (primary key or unique constraint), which DROP INDEX cannot drop. */
    private boolean isConstraintIndex(String indexName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_constraint WHERE conname = ? "
                + "AND connamespace = current_schema()::regnamespace")) {
            ps.setString(1, indexName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void appendCopyValue(StringBuilder buf, Object v) {
        if (v == null) {
            buf.append("\\N");
            return;
        }
        if (v instanceof Boolean b) {
            buf.append(b ? 't' : 'f');
            return;
        }
        String s = v.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> buf.append("\\\\");
                case '\t' -> buf.append("\\t");
                case '\n' -> buf.append("\\n");
                case '\r' -> buf.append("\\r");
                default -> buf.append(ch);
            }
        }
    }
}
