package io.userbound.bench;

import io.userbound.core.model.User;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The record benchmark's fixture (issue 4): an H2 data directory with {@code users} standard users in a role
 * hierarchy, {@code Account} under a {@code Private} organization-wide default, {@code rows} accounts owned at random
 * by those users, and a few manual share rows. The server is started once in process (it bootstraps the org and
 * creates the record tables); everything else is bulk-loaded over JDBC in batches, one transaction per 10,000 rows.
 * This is the fixture, not the measured path. A directory that already holds a complete dataset of the same shape
 * ({@value #MANIFEST}) is reused as it is.
 *
 * <p>The role hierarchy has exactly 100 roles: a root, 9 regions, 45 team leads (5 per region) and one team role
 * below each lead. User 0 holds the root, users 1 to 9 the regions, users 10 to 54 the leads, users 55 to 63 the
 * team of lead 0, and the rest are spread over the other 44 teams. So lead 0 (the "1% user") sees the rows of 10
 * users, about 1% of the rows, plus what manual shares give to those users and roles. The bootstrap admin has no role
 * and sees everything through {@code ViewAllData}.
 *
 * <p>Every user holds the permission set {@value #PERMISSION_SET}: API enabled, read on {@code Account} and read on
 * every non-system field of {@code Account}. Created dates are spread evenly over {@value #SPAN_DAYS} days from
 * {@link #FIRST_DAY}, and ids sort by created date, as real ids do.
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.RecordDataset [--data DIR] [--rows 1000000] [--users 1000]
 * [--shares 20000]}
 */
public final class RecordDataset {
    static final String MANIFEST = "records-dataset.properties";
    static final String COMPACTED = "records-dataset.compacted";
    static final String PERMISSION_SET = "Bench_Records";
    static final Instant FIRST_DAY = Instant.parse("2022-01-01T00:00:00Z");
    static final int SPAN_DAYS = 1096;
    static final int BATCH = 1_000;
    static final int ROWS_PER_TRANSACTION = 10_000;
    static final int REGIONS = 9;
    static final int LEADS_PER_REGION = 5;
    static final int LEADS = REGIONS * LEADS_PER_REGION;
    static final int TEAM0_MEMBERS = 9;
    static final int FIRST_LEAD_USER = 1 + REGIONS;
    static final int FIRST_TEAM_USER = FIRST_LEAD_USER + LEADS;
    /** The fewest users the hierarchy needs: root, regions, leads, team 0 and one user in every other team. */
    static final int MIN_USERS = FIRST_TEAM_USER + TEAM0_MEMBERS + LEADS - 1;

    static final String[] ADJECTIVES = {"Acme", "Global", "United", "Pacific", "Northern", "Blue", "Summit",
        "Pioneer", "Vertex", "Silver", "Golden", "Atlas", "Evergreen", "Granite", "Harbor", "Liberty", "Quantum",
        "Redwood", "Sterling", "Titan"};
    static final String[] NOUNS = {"Dynamics", "Systems", "Logistics", "Foods", "Energy", "Health",
        "Media", "Capital", "Labs", "Motors", "Textiles", "Networks", "Partners", "Robotics", "Analytics", "Farms"};
    static final String[] SUFFIXES = {"Inc", "LLC", "Ltd", "GmbH", "SA", "Corp", "Group", "AG"};
    static final String[] CITIES = {"London", "Paris", "Berlin", "Madrid", "New York", "Chicago", "Austin",
        "Toronto", "Sydney", "Tokyo", "Singapore", "Dublin", "Lisbon", "Zurich", "Vienna", "Oslo"};
    static final String[] COUNTRIES = {"UK", "France", "Germany", "Spain", "USA", "USA", "USA", "Canada",
        "Australia", "Japan", "Singapore", "Ireland", "Portugal", "Switzerland", "Austria", "Norway"};
    static final String[] TYPES = {"Prospect", "Customer - Direct", "Customer - Channel",
        "Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other"};
    static final String[] INDUSTRIES = {"Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals",
        "Communications", "Construction", "Consulting", "Education", "Electronics", "Energy", "Finance",
        "Healthcare", "Insurance", "Manufacturing", "Media", "Retail", "Technology", "Transportation", "Utilities"};
    static final String[] RATINGS = {"Hot", "Warm", "Cold"};

    private RecordDataset() {
    }

    /** The shape of a dataset. */
    public record Spec(int users, int rows, int shares) {
        public static final Spec FULL = new Spec(1_000, 1_000_000, 20_000);

        public Spec {
            if (users < MIN_USERS) {
                throw new IllegalArgumentException("--users must be at least " + MIN_USERS);
            }
            if (rows < 1 || shares < 0 || shares > rows) {
                throw new IllegalArgumentException("--rows must be positive and --shares within 0..rows");
            }
        }
    }

    /**
     * A complete dataset, as its manifest records it.
     *
     * @param onePercentUserId lead 0: sees the rows of itself and its team of {@value #TEAM0_MEMBERS}
     * @param teamRoleId the team role below lead 0
     * @param loadSeconds how long the load took when it was made
     */
    public record Manifest(Path dataDir, Spec spec, String orgId, String permissionSetId, String onePercentUserId,
            String onePercentUsername, String teamRoleId, double loadSeconds) {

        void write() throws IOException {
            Properties p = new Properties();
            p.setProperty("users", Integer.toString(spec.users));
            p.setProperty("rows", Integer.toString(spec.rows));
            p.setProperty("shares", Integer.toString(spec.shares));
            p.setProperty("orgId", orgId);
            p.setProperty("permissionSetId", permissionSetId);
            p.setProperty("onePercentUserId", onePercentUserId);
            p.setProperty("onePercentUsername", onePercentUsername);
            p.setProperty("teamRoleId", teamRoleId);
            p.setProperty("loadSeconds", String.format(Locale.ROOT, "%.1f", loadSeconds));
            BenchSupport.writeManifest(dataDir.resolve(MANIFEST), p,
                    "Userbound record benchmark dataset (bench/run-records.sh)");
        }

        static Manifest read(Path dataDir) throws IOException {
            Properties p = BenchSupport.readManifest(dataDir.resolve(MANIFEST));
            return new Manifest(dataDir, new Spec(Integer.parseInt(p.getProperty("users")),
                    Integer.parseInt(p.getProperty("rows")), Integer.parseInt(p.getProperty("shares"))),
                    p.getProperty("orgId"), p.getProperty("permissionSetId"), p.getProperty("onePercentUserId"),
                    p.getProperty("onePercentUsername"), p.getProperty("teamRoleId"),
                    Double.parseDouble(p.getProperty("loadSeconds")));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        Manifest m = prepare(dataDir(opts), spec(opts));
        System.out.printf("dataset ready in %s: %d users, %d Account rows, %d shares (loaded in %.1f s)%n",
                m.dataDir(), m.spec().users(), m.spec().rows(), m.spec().shares(), m.loadSeconds());
    }

    static Spec spec(Map<String, String> opts) {
        return new Spec(Integer.parseInt(opts.getOrDefault("users", "1000")),
                Integer.parseInt(opts.getOrDefault("rows", "1000000")),
                Integer.parseInt(opts.getOrDefault("shares", "20000")));
    }

    static Path dataDir(Map<String, String> opts) {
        return Path.of(opts.getOrDefault("data", System.getProperty("java.io.tmpdir") + "/userbound-bench-records-"
                + opts.getOrDefault("rows", "1000000")));
    }

    /** Reuses the directory when it holds a complete dataset of this shape; otherwise empties it and loads one. */
    public static Manifest prepare(Path dataDir, Spec spec) throws Exception {
        if (Files.exists(dataDir.resolve(MANIFEST))) {
            Manifest m = Manifest.read(dataDir);
            if (m.spec().equals(spec)) {
                if (!Files.exists(dataDir.resolve(COMPACTED))) {
                    compact(dataDir);
                }
                return m;
            }
            System.out.printf("%s holds a dataset of another shape (%s); loading a new one%n", dataDir, m.spec());
        }
        BenchSupport.deleteContents(dataDir);
        Files.createDirectories(dataDir);
        long t0 = System.nanoTime();
        Manifest m;
        try (RunningServer server = Main.start(ServerConfig.parse(new String[] {"--port", "0", "--data",
                dataDir.toString()}))) {
            m = new RecordLoader(server, spec).load(t0);
        }
        compact(dataDir);
        m.write();
        return Manifest.read(dataDir);
    }

    /**
     * Rewrites the H2 file compactly ({@code SHUTDOWN COMPACT}) with the server stopped. Without it, H2's background
     * writer spends the first minutes of a benchmark rewriting the sparse chunks the bulk load left behind.
     */
    static void compact(Path dataDir) throws SQLException, IOException {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(JdbcStore.h2Url(dataDir)); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        Files.writeString(dataDir.resolve(COMPACTED), "compacted\n");
        System.out.printf("SHUTDOWN COMPACT: %.1f s, file now %,d MB%n", (System.nanoTime() - t0) / 1e9,
                Files.size(dataDir.resolve("userbound.mv.db")) >> 20);
    }


    /** The first day of the created-date span, for building query windows. */
    static ZonedDateTime day(int offset) {
        return FIRST_DAY.atZone(ZoneOffset.UTC).plusDays(offset);
    }
}
