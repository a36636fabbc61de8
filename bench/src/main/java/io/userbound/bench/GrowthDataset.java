package io.userbound.bench;

import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The growth benchmark's fixture (issue 5): one org with {@code users} standard users, {@code apps} connected apps,
 * {@code loginHistory} LoginHistory rows and {@code accounts} Account rows, on PostgreSQL (one schema per dataset) or
 * on the H2 database of the data directory.
 *
 * <p>How it is made: a server is started once in process on the empty database (it migrates and bootstraps the org);
 * through the admin API the loader creates the permission set {@value #PERMISSION_SET} (API enabled), the JWT bearer
 * app {@code Bench growth JWT} (a fresh certificate, admin-approved, granted to the permission set), the client
 * credentials app {@code Bench growth CC} (run as user 0), user 0 ({@code growth-0@bench.test}, Standard User,
 * assigned the permission set) and one Account; one real JWT bearer grant writes a LoginHistory row. The server is
 * stopped and every other row is a copy of one of those template rows, bulk-loaded over plain JDBC: PostgreSQL
 * {@code COPY} through the driver's {@code CopyManager} (the table's secondary indexes dropped first and rebuilt with
 * their own definitions afterwards, then {@code VACUUM ANALYZE}), or batched H2 inserts, 10,000 rows per
 * transaction. This is the fixture, not the measured path.
 *
 * <ul>
 *   <li>users {@code growth-<i>@bench.test}, each assigned the permission set (so {@code PermissionSetAssignment}
 *       has as many rows as users);</li>
 *   <li>apps: the CLI app, the two bench apps and copies of the JWT app (own name, consumer key and certificate row,
 *       granted to the permission set);</li>
 *   <li>LoginHistory: users and apps at random, login times spread evenly over the last 170 days (inside the 180-day
 *       retention) in id order;</li>
 *   <li>Accounts: owned by the admin; Account is Public Read/Write, so every user may read every one.</li>
 * </ul>
 *
 * <p>A data directory whose manifest ({@value #MANIFEST}) names the same shape and database is reused as it is.
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.GrowthDataset [--users 1000] [--apps 10000]
 * [--login-history 10*users] [--accounts 10000] [--pg-schema NAME | --h2] [--data DIR]}
 */
public final class GrowthDataset {
    static final String MANIFEST = "growth-dataset.properties";
    static final String PERMISSION_SET = "Bench_Growth";
    static final String PG_BASE_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final int ROWS_PER_TRANSACTION = 10_000;
    static final long RETENTION_SPAN_MILLIS = Duration.ofDays(170).toMillis();

    private GrowthDataset() {
    }

    /** The shape of a dataset. */
    public record Spec(int users, int apps, long loginHistory, int accounts) {
        public Spec {
            if (users < 1 || apps < 3 || loginHistory < 1 || accounts < 1) {
                throw new IllegalArgumentException("need at least 1 user, 3 apps, 1 LoginHistory row, 1 account");
            }
        }
    }

    /**
     * A complete dataset, as its manifest records it.
     *
     * @param pgSchema the PostgreSQL schema; null for the H2 database of {@code dataDir}
     * @param keyFile the JWT bearer app's private key
     */
    public record Manifest(Path dataDir, Spec spec, String pgSchema, String orgId, String jwtConsumerKey,
            Path keyFile, String ccConsumerKey, String ccConsumerSecret, double loadSeconds) {

        /** The JDBC URL the server and the loader use. */
        public String dbUrl() {
            return GrowthDataset.dbUrl(dataDir, pgSchema);
        }

        /** The username of user {@code i}. */
        public static String username(long i) {
            return "growth-" + i + "@bench.test";
        }

        void write() throws IOException {
            Properties p = new Properties();
            p.setProperty("users", Integer.toString(spec.users));
            p.setProperty("apps", Integer.toString(spec.apps));
            p.setProperty("loginHistory", Long.toString(spec.loginHistory));
            p.setProperty("accounts", Integer.toString(spec.accounts));
            p.setProperty("pgSchema", pgSchema == null ? "" : pgSchema);
            p.setProperty("orgId", orgId);
            p.setProperty("jwtConsumerKey", jwtConsumerKey);
            p.setProperty("keyFile", keyFile.toString());
            p.setProperty("ccConsumerKey", ccConsumerKey);
            p.setProperty("ccConsumerSecret", ccConsumerSecret);
            p.setProperty("loadSeconds", String.format(Locale.ROOT, "%.1f", loadSeconds));
            BenchSupport.writeManifest(dataDir.resolve(MANIFEST), p,
                    "Userbound growth benchmark dataset (bench/run-growth.sh)");
        }

        static Manifest read(Path dataDir) throws IOException {
            Properties p = BenchSupport.readManifest(dataDir.resolve(MANIFEST));
            String schema = p.getProperty("pgSchema");
            return new Manifest(dataDir, new Spec(Integer.parseInt(p.getProperty("users")),
                    Integer.parseInt(p.getProperty("apps")), Long.parseLong(p.getProperty("loginHistory")),
                    Integer.parseInt(p.getProperty("accounts"))), schema.isEmpty() ? null : schema,
                    p.getProperty("orgId"), p.getProperty("jwtConsumerKey"), Path.of(p.getProperty("keyFile")),
                    p.getProperty("ccConsumerKey"), p.getProperty("ccConsumerSecret"),
                    Double.parseDouble(p.getProperty("loadSeconds")));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        Manifest m = prepare(dataDir(opts), spec(opts), pgSchema(opts));
        System.out.printf("dataset ready in %s (%s): %,d users, %,d apps, %,d LoginHistory rows, %,d accounts "
                + "(loaded in %.1f s)%n", m.dataDir(), m.pgSchema() == null ? "H2" : "PostgreSQL schema "
                + m.pgSchema(), m.spec().users(), m.spec().apps(), m.spec().loginHistory(), m.spec().accounts(),
                m.loadSeconds());
    }

    static Spec spec(Map<String, String> opts) {
        int users = Integer.parseInt(opts.getOrDefault("users", "1000"));
        return new Spec(users, Integer.parseInt(opts.getOrDefault("apps", "10000")),
                Long.parseLong(opts.getOrDefault("login-history", Long.toString(10L * users))),
                Integer.parseInt(opts.getOrDefault("accounts", "10000")));
    }

    /** {@code --pg-schema NAME}, or {@code growth_<users>} unless {@code --h2 true}. */
    static String pgSchema(Map<String, String> opts) {
        if (Boolean.parseBoolean(opts.getOrDefault("h2", "false"))) {
            return null;
        }
        String schema = opts.getOrDefault("pg-schema", "growth_" + opts.getOrDefault("users", "1000"));
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--pg-schema must be a lower-case SQL identifier, was " + schema);
        }
        return schema;
    }

    static Path dataDir(Map<String, String> opts) {
        String db = Boolean.parseBoolean(opts.getOrDefault("h2", "false")) ? "h2" : "pg";
        return Path.of(opts.getOrDefault("data", System.getProperty("java.io.tmpdir") + "/userbound-bench-growth-"
                + db + "-" + opts.getOrDefault("users", "1000")));
    }

    static String dbUrl(Path dataDir, String pgSchema) {
        return pgSchema == null ? JdbcStore.h2Url(dataDir) : PG_BASE_URL + "&currentSchema=" + pgSchema;
    }

    /** Reuses the directory when it holds a complete dataset of this shape; otherwise makes a new one. */
    public static Manifest prepare(Path dataDir, Spec spec, String pgSchema) throws Exception {
        if (Files.exists(dataDir.resolve(MANIFEST))) {
            Manifest m = Manifest.read(dataDir);
            if (m.spec().equals(spec) && java.util.Objects.equals(m.pgSchema(), pgSchema)
                    && (pgSchema == null || schemaExists(pgSchema))) {
                return m;
            }
            System.out.printf("%s holds another dataset (%s, %s); loading a new one%n", dataDir, m.spec(),
                    m.pgSchema());
        }
        BenchSupport.deleteContents(dataDir);
        Files.createDirectories(dataDir);
        if (pgSchema != null) {
            try (Connection c = DriverManager.getConnection(PG_BASE_URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
                s.execute("CREATE SCHEMA " + pgSchema);
            }
        }
        long t0 = System.nanoTime();
        GrowthLoader.Templates t;
        try (RunningServer server = Main.start(ServerConfig.parse("--port", "0", "--data", dataDir.toString(),
                "--db-url", dbUrl(dataDir, pgSchema)))) {
            t = GrowthLoader.Templates.create(server);
        }
        System.out.printf("templates through the API: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (Connection c = DriverManager.getConnection(dbUrl(dataDir, pgSchema))) {
            new GrowthLoader(c, pgSchema != null, spec, t).load();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Manifest m = new Manifest(dataDir, spec, pgSchema, t.orgId(), t.jwtConsumerKey(), t.keyFile(), t.ccConsumerKey(),
                t.ccConsumerSecret(), seconds);
        m.write();
        System.out.printf("dataset loaded in %.1f s%n", seconds);
        return Manifest.read(dataDir);
    }

    private static boolean schemaExists(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_BASE_URL);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables "
                        + "WHERE table_schema = ? AND table_name = 'login_history'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

}
