package io.userbound.bench;

import io.userbound.core.SettableClock;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.access.FieldAccess;
import io.userbound.records.access.ObjectAccess;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

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
    private static final int REGIONS = 9;
    private static final int LEADS_PER_REGION = 5;
    private static final int LEADS = REGIONS * LEADS_PER_REGION;
    private static final int TEAM0_MEMBERS = 9;
    private static final int FIRST_LEAD_USER = 1 + REGIONS;
    private static final int FIRST_TEAM_USER = FIRST_LEAD_USER + LEADS;
    /** The fewest users the hierarchy needs: root, regions, leads, team 0 and one user in every other team. */
    static final int MIN_USERS = FIRST_TEAM_USER + TEAM0_MEMBERS + LEADS - 1;

    private static final String[] ADJECTIVES = {"Acme", "Global", "United", "Pacific", "Northern", "Blue", "Summit",
        "Pioneer", "Vertex", "Silver", "Golden", "Atlas", "Evergreen", "Granite", "Harbor", "Liberty", "Quantum",
        "Redwood", "Sterling", "Titan"};
    private static final String[] NOUNS = {"Dynamics", "Systems", "Logistics", "Foods", "Energy", "Health",
        "Media", "Capital", "Labs", "Motors", "Textiles", "Networks", "Partners", "Robotics", "Analytics", "Farms"};
    private static final String[] SUFFIXES = {"Inc", "LLC", "Ltd", "GmbH", "SA", "Corp", "Group", "AG"};
    private static final String[] CITIES = {"London", "Paris", "Berlin", "Madrid", "New York", "Chicago", "Austin",
        "Toronto", "Sydney", "Tokyo", "Singapore", "Dublin", "Lisbon", "Zurich", "Vienna", "Oslo"};
    private static final String[] COUNTRIES = {"UK", "France", "Germany", "Spain", "USA", "USA", "USA", "Canada",
        "Australia", "Japan", "Singapore", "Ireland", "Portugal", "Switzerland", "Austria", "Norway"};
    private static final String[] TYPES = {"Prospect", "Customer - Direct", "Customer - Channel",
        "Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other"};
    private static final String[] INDUSTRIES = {"Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals",
        "Communications", "Construction", "Consulting", "Education", "Electronics", "Energy", "Finance",
        "Healthcare", "Insurance", "Manufacturing", "Media", "Retail", "Technology", "Transportation", "Utilities"};
    private static final String[] RATINGS = {"Hot", "Warm", "Cold"};

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
        deleteContents(dataDir);
        Files.createDirectories(dataDir);
        long t0 = System.nanoTime();
        Manifest m;
        try (RunningServer server = Main.start(ServerConfig.parse(new String[] {"--port", "0", "--data",
                dataDir.toString()}))) {
            m = new Loader(server, spec).load(t0);
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

    private static void deleteContents(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** One load into a freshly bootstrapped server's store. */
    private static final class Loader {
        private final RunningServer server;
        private final JdbcStore store;
        private final Spec spec;
        private final String orgId;
        private final Instant now = Instant.now();
        private final RandomIdGenerator ids = new RandomIdGenerator(Clock.systemUTC());
        private final Random random = new Random(4);

        Loader(RunningServer server, Spec spec) {
            this.server = server;
            this.store = server.store();
            this.spec = spec;
            this.orgId = server.bootstrapResult().orgId();
        }

        Manifest load(long t0) throws Exception {
            ObjectDefinition account = StandardObjects.account();
            store.metadata().insertObject(new ObjectRow(ids.next(KeyPrefix.CUSTOM_OBJECT), orgId, account.name(),
                    account.label(), account.pluralLabel(), account.keyPrefix(), false, SharingModel.PRIVATE,
                    account.table(), now, now));
            String psId = permissionSet(account);
            List<String> roleIds = store.transactions().inTransaction(this::roles);
            List<String> userIds = store.transactions().inTransaction(() -> users(psId, roleIds));
            long t1 = System.nanoTime();
            System.out.printf("metadata, %d roles, %d users: %.1f s%n", roleIds.size(), userIds.size(),
                    (t1 - t0) / 1e9);
            String[] accountIds = accounts(account, userIds);
            long t2 = System.nanoTime();
            System.out.printf("%d Account rows: %.1f s (%.0f rows/s)%n", spec.rows, (t2 - t1) / 1e9,
                    spec.rows / ((t2 - t1) / 1e9));
            shares(accountIds, userIds, roleIds);
            analyze();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d shares and ANALYZE: %.1f s; total %.1f s%n", spec.shares,
                    (System.nanoTime() - t2) / 1e9, seconds);
            int lead0 = FIRST_LEAD_USER;
            return new Manifest(server.dataDir(), spec, orgId, psId, userIds.get(lead0), username(lead0),
                    roleIds.get(1 + REGIONS + LEADS), seconds);
        }

        /** API enabled, read on Account and on each of its non-system fields. */
        private String permissionSet(ObjectDefinition account) {
            String psId = ids.next(KeyPrefix.PERMISSION_SET);
            store.permissionSets().insert(new PermissionSet(psId, orgId, PERMISSION_SET, "Bench records",
                    EnumSet.of(SystemPermission.API_ENABLED), now));
            store.access().saveObjectPermission(new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS), orgId,
                    psId, account.key(), new ObjectAccess(true, false, false, false, false, false)));
            for (FieldDefinition f : account.fields()) {
                if (f.kind() == FieldDefinition.Kind.DATA) {
                    store.access().saveFieldPermission(new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS),
                            orgId, psId, account.key(), f.key(), FieldAccess.READ));
                }
            }
            return psId;
        }

        /** Root, regions, leads, then the team below each lead: ids in that order. */
        private List<String> roles() {
            List<String> out = new ArrayList<>();
            String root = role("CEO", null);
            out.add(root);
            for (int r = 0; r < REGIONS; r++) {
                out.add(role("Region " + r, root));
            }
            for (int l = 0; l < LEADS; l++) {
                out.add(role("Lead " + l, out.get(1 + l / LEADS_PER_REGION)));
            }
            for (int l = 0; l < LEADS; l++) {
                out.add(role("Team " + l, out.get(1 + REGIONS + l)));
            }
            return out;
        }

        private String role(String name, String parent) {
            String id = ids.next(KeyPrefix.USER_ROLE);
            store.roles().insert(new Role(id, orgId, name, parent, now));
            return id;
        }

        private List<String> users(String psId, List<String> roleIds) {
            String profileId = store.profiles().findByName(orgId, Profile.STANDARD_USER).orElseThrow().id();
            List<String> out = new ArrayList<>();
            int firstTeamRole = 1 + REGIONS + LEADS;
            for (int i = 0; i < spec.users; i++) {
                String id = ids.next(KeyPrefix.USER);
                store.users().insert(new User(id, orgId, username(i), "Bench", "User " + i, username(i),
                        UserType.STANDARD, true, profileId, now, now));
                store.permissionSets().assign(new PermissionSetAssignment(
                        ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT), orgId, id, psId, now));
                int role;
                if (i == 0) {
                    role = 0;
                } else if (i < FIRST_LEAD_USER) {
                    role = i;
                } else if (i < FIRST_TEAM_USER) {
                    role = 1 + REGIONS + (i - FIRST_LEAD_USER);
                } else if (i < FIRST_TEAM_USER + TEAM0_MEMBERS) {
                    role = firstTeamRole;
                } else {
                    role = firstTeamRole + 1 + (i - FIRST_TEAM_USER - TEAM0_MEMBERS) % (LEADS - 1);
                }
                store.roles().setRole(id, roleIds.get(role));
                out.add(id);
            }
            return out;
        }

        private static String username(int i) {
            return "records-user-" + i + "@bench.test";
        }

        /** Batched inserts, one transaction per {@value #ROWS_PER_TRANSACTION} rows; ids sort by created date. */
        private String[] accounts(ObjectDefinition account, List<String> userIds) throws SQLException {
            List<FieldDefinition> columns = new ArrayList<>();
            for (FieldDefinition f : account.fields()) {
                if (f.kind() != FieldDefinition.Kind.CALCULATED && !f.name().equals("SystemModstamp")) {
                    columns.add(f);
                }
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(account.table()).append(" (org_id");
            for (FieldDefinition f : columns) {
                sql.append(", ").append(f.column());
            }
            sql.append(") VALUES (?").append(", ?".repeat(columns.size())).append(')');
            String[] out = new String[spec.rows];
            long stepMillis = SPAN_DAYS * 86_400_000L / spec.rows;
            SettableClock clock = new SettableClock(Instant.EPOCH);
            RandomIdGenerator rowIds = new RandomIdGenerator(clock);
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < spec.rows; i++) {
                        long created = FIRST_DAY.toEpochMilli() + i * stepMillis + random.nextInt((int) Math.max(1,
                                stepMillis));
                        clock.set(Instant.ofEpochMilli(created));
                        String id = rowIds.next(account.keyPrefix());
                        out[i] = id;
                        String owner = userIds.get(random.nextInt(userIds.size()));
                        ps.setString(1, orgId);
                        for (int k = 0; k < columns.size(); k++) {
                            bind(ps, k + 2, columns.get(k), i, id, owner, created);
                        }
                        ps.addBatch();
                        if ((i + 1) % BATCH == 0 || i + 1 == spec.rows) {
                            ps.executeBatch();
                        }
                        if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i + 1 == spec.rows) {
                            c.commit();
                        }
                        if ((i + 1) % 100_000 == 0) {
                            System.out.printf("  %,d rows%n", i + 1);
                        }
                    }
                }
            }
            return out;
        }

        private void bind(PreparedStatement ps, int index, FieldDefinition f, int row, String id, String owner,
                long created) throws SQLException {
            int pick = random.nextInt(1 << 20);
            Object value = switch (f.name()) {
                case "Id" -> id;
                case "OwnerId", "CreatedById", "LastModifiedById" -> owner;
                case "IsDeleted" -> Boolean.FALSE;
                case "CreatedDate" -> created;
                case "LastModifiedDate" -> created + pick * 1000L;
                case "Name" -> ADJECTIVES[pick % ADJECTIVES.length] + " " + NOUNS[(pick >> 5) % NOUNS.length] + " "
                        + SUFFIXES[(pick >> 9) % SUFFIXES.length] + " " + row;
                case "AccountNumber" -> String.format(Locale.ROOT, "AC-%08d", row);
                case "Site" -> (pick & 1) == 0 ? "Headquarters" : "Branch " + (pick % 50);
                case "Type" -> TYPES[pick % TYPES.length];
                case "Industry" -> INDUSTRIES[(pick >> 3) % INDUSTRIES.length];
                case "Rating" -> RATINGS[pick % RATINGS.length];
                case "AnnualRevenue" -> BigDecimal.valueOf(100_000L + (long) pick * 977);
                case "NumberOfEmployees" -> BigDecimal.valueOf(1 + pick % 50_000);
                case "Phone" -> String.format(Locale.ROOT, "+1 555 %07d", pick % 10_000_000);
                case "Website" -> "https://www.example-" + row + ".com";
                case "BillingCity" -> CITIES[(pick >> 4) % CITIES.length];
                case "BillingCountry" -> COUNTRIES[(pick >> 4) % CITIES.length];
                case "Description" -> (pick & 7) == 0 ? "Key account since " + (2000 + pick % 24) : null;
                default -> null;
            };
            if (value == null) {
                ps.setNull(index, Types.NULL);
            } else {
                ps.setObject(index, value);
            }
        }

        /** Manual shares (Read or Edit) of random accounts to random users (90%) and roles (10%). */
        private void shares(String[] accountIds, List<String> userIds, List<String> roleIds) throws SQLException {
            Set<String> seen = new HashSet<>();
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO record_shares (id, org_id, "
                        + "object_name_lower, parent_id, user_or_group_id, access_level, row_cause, "
                        + "last_modified_by_id, last_modified_date) VALUES (?, ?, 'account', ?, ?, ?, 'Manual', ?, ?)"
                )) {
                    int n = 0;
                    while (n < spec.shares) {
                        String parent = accountIds[random.nextInt(accountIds.length)];
                        String principal = random.nextInt(10) == 0 ? roleIds.get(random.nextInt(roleIds.size()))
                                : userIds.get(random.nextInt(userIds.size()));
                        if (!seen.add(parent + principal)) {
                            continue;
                        }
                        ps.setString(1, ids.next("00r"));
                        ps.setString(2, orgId);
                        ps.setString(3, parent);
                        ps.setString(4, principal);
                        ps.setString(5, random.nextBoolean() ? "Read" : "Edit");
                        ps.setString(6, server.bootstrapResult().adminUserId());
                        ps.setLong(7, now.toEpochMilli());
                        ps.addBatch();
                        n++;
                        if (n % BATCH == 0 || n == spec.shares) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                }
            }
        }

        /** Fresh selectivity figures for H2's optimizer. */
        private void analyze() throws SQLException {
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }

    /** The first day of the created-date span, for building query windows. */
    static ZonedDateTime day(int offset) {
        return FIRST_DAY.atZone(ZoneOffset.UTC).plusDays(offset);
    }
}
