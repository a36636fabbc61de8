package io.userbound.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.client.TokenClient;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.model.User;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RowAccess;
import io.userbound.records.query.QueryPlan;
import io.userbound.records.query.QueryPlanner;
import io.userbound.records.soql.SoqlParser;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Loopback load generator for the record API (issue 4). Makes or reuses a {@link RecordDataset}, starts the server on
 * it, registers a connected app granted to the dataset's permission set, logs in two users through the JWT bearer
 * grant (the "1% user", a team lead who sees about 1% of the accounts, and the bootstrap admin, who has
 * {@code ViewAllData}), and then, for each user, drives at 1, 8 and 32 concurrent keep-alive connections:
 * <ul>
 *   <li>{@code GET /services/data/v66.0/sobjects/Account/{id}} for random ids the user can see (every reply must be
 *       200);</li>
 *   <li>the selective SOQL query {@link #selectiveQuery(int)}: a three-day window of {@code CreatedDate} (an indexed
 *       field) plus the sharing predicate, {@code LIMIT 200} (every reply must be 200 and hold {@code records});</li>
 *   <li>the case-insensitive equality {@link #nameQuery(String)} (issue 14, item 5): {@code Name = } the upper-cased
 *       name of a random account the user can see, a different one per request (every reply must be 200 with
 *       {@code "totalSize":1}), beside its floor, {@code GET /health/live} at the same connections.</li>
 * </ul>
 * Before the timed phases it prints H2's plan of both queries' SQL for both users ({@code EXPLAIN}).
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.RecordLoadGenerator [--data DIR] [--rows 1000000]
 * [--users 1000] [--shares 20000] [--clients 1,8,32] [--requests 20000,60000,80000] [--queries 5000,20000,20000]
 * [--warmup 60000]}
 */
public final class RecordLoadGenerator {
    /** The targets of issue 4 on the 2-core benchmark machine with H2. */
    public static final int READS_TARGET = 8_000;
    public static final double QUERY_P99_TARGET_MS = 20.0;
    static final String VERSION = "v66.0";
    /** Days after {@link RecordDataset#FIRST_DAY} where the query window starts; it spans three days. */
    static final int WINDOW_START_DAY = 425;
    static final int WINDOW_DAYS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] RECORDS = "\"records\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE_ROW = "\"totalSize\":1,".getBytes(StandardCharsets.US_ASCII);
    /** How many different names the equality query cycles through per user. */
    static final int NAMES = 2_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        Report report = measure(RecordDataset.dataDir(opts), RecordDataset.spec(opts),
                BenchSupport.ints(opts.getOrDefault("clients", "1,8,32")),
                BenchSupport.ints(opts.getOrDefault("requests", "20000,60000,80000")),
                BenchSupport.ints(opts.getOrDefault("queries", "5000,20000,20000")),
                Integer.parseInt(opts.getOrDefault("warmup", "60000")));
        System.out.println();
        System.out.println(report.markdown());
    }

    /** The SOQL of the selective query: accounts created in a three-day window, at most 200. */
    static String selectiveQuery(int startDay) {
        DateTimeFormatter f = DateTimeFormatter.ISO_INSTANT;
        return "SELECT Id, Name, AccountNumber, Industry, BillingCity, OwnerId FROM Account WHERE CreatedDate >= "
                + f.format(RecordDataset.day(startDay)) + " AND CreatedDate < "
                + f.format(RecordDataset.day(startDay + WINDOW_DAYS)) + " LIMIT 200";
    }

    /** The SOQL of the case-insensitive equality: one account by its name, in another case than stored. */
    static String nameQuery(String storedName) {
        return "SELECT Id, Name, OwnerId FROM Account WHERE Name = '" + storedName.toUpperCase(java.util.Locale.ROOT)
                + "'";
    }

    /** One user's figures; {@code floors} and {@code nameQueries} are per level, as the others. */
    public record UserResult(String user, int visibleRows, int windowRows, List<LoadResult> reads,
            List<LoadResult> queries, List<LoadResult> floors, List<LoadResult> nameQueries) {
    }

    /** What one run measured. */
    public record Report(String store, int cores, RecordDataset.Manifest dataset, String query,
            Map<String, String> plans, List<UserResult> users) {

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("Store: %s, %d cores. Dataset: %,d users, %,d Account rows (Private), %,d "
                    + "manual shares.%nQuery: `%s`%n%n", store, cores, dataset.spec().users(), dataset.spec().rows(),
                    dataset.spec().shares(), query));
            for (UserResult u : users) {
                out.append(String.format("%s: sees %,d rows (by ownership), %,d in the query window%n%n", u.user,
                        u.visibleRows, u.windowRows));
                out.append("| clients | reads | reads/s | p50 ms | p99 ms | errors | queries | queries/s | p50 ms "
                        + "| p99 ms | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
                for (int i = 0; i < u.reads.size(); i++) {
                    LoadResult r = u.reads.get(i);
                    LoadResult q = u.queries.get(i);
                    out.append(String.format("| %d | %d | %.0f | %.2f | %.2f | %d | %d | %.0f | %.2f | %.2f | %d |%n",
                            r.clients(), r.requests(), r.throughput(), r.p50Ms(), r.p99Ms(), r.errors(),
                            q.requests(), q.throughput(), q.p50Ms(), q.p99Ms(), q.errors()));
                }
                out.append('\n');
                out.append("Name equality in another case (floor H: GET /health/live in the same run)\n\n"
                        + "| clients | floor H/s | queries/s | of H | p50 ms | p99 ms | errors |\n"
                        + "|---|---|---|---|---|---|---|\n");
                for (int i = 0; i < u.nameQueries.size(); i++) {
                    LoadResult h = u.floors.get(i);
                    LoadResult q = u.nameQueries.get(i);
                    out.append(String.format("| %d | %.0f | %.0f | %.2f | %.2f | %.2f | %d |%n", q.clients(),
                            h.throughput(), q.throughput(), q.throughput() / h.throughput(), q.p50Ms(), q.p99Ms(),
                            h.errors() + q.errors()));
                }
                out.append('\n');
            }
            plans.forEach((user, plan) -> out.append("Plan for ").append(user).append(":\n```\n").append(plan)
                    .append("\n```\n"));
            return out.toString();
        }
    }

    /** Prepares the dataset, starts the server on it and runs both users at each concurrency level. */
    public static Report measure(Path dataDir, RecordDataset.Spec spec, int[] clients, int[] reads, int[] queries,
            int warmup) throws Exception {
        RecordDataset.Manifest dataset = RecordDataset.prepare(dataDir, spec);
        int cores = Runtime.getRuntime().availableProcessors();
        try (RunningServer server = Main.start(ServerConfig.parse(new String[] {"--port", "0", "--data",
                dataDir.toString()}))) {
            String store = server.store().databaseProductName();
            System.out.printf("server %s, %d cores, store %s%n", server.baseUrl(), cores, store);
            Login login = Login.create(server, dataset);
            String query = selectiveQuery(WINDOW_START_DAY);
            String adminId = server.bootstrapResult().adminUserId();
            List<Subject> subjects = List.of(
                    new Subject("1% user (" + dataset.onePercentUsername() + ")", dataset.onePercentUserId(),
                            login.token(dataset.onePercentUsername(), false),
                            ownedIds(server.store(), "t.f_ownerid IN (SELECT u.id FROM users u WHERE u.id = ? OR "
                                    + "u.role_id = ?)", List.of(dataset.onePercentUserId(), dataset.teamRoleId()))),
                    new Subject("ViewAllData user (" + server.bootstrapResult().adminUsername() + ")", adminId,
                            login.token(server.bootstrapResult().adminUsername(), true),
                            ownedIds(server.store(), "1 = 1", List.of())));
            Map<String, String> plans = new java.util.LinkedHashMap<>();
            Map<String, List<byte[]>> nameRequests = new java.util.HashMap<>();
            for (Subject s : subjects) {
                plans.put(s.label, explain(server, s.userId, query));
                System.out.printf("plan for %s:%n%s%n", s.label, plans.get(s.label));
                List<String> names = names(server.store(), s.ids, NAMES);
                plans.put(s.label + ", name equality", explain(server, s.userId, nameQuery(names.get(0))));
                System.out.printf("plan for %s, name equality:%n%s%n", s.label,
                        plans.get(s.label + ", name equality"));
                List<byte[]> requests = new ArrayList<>();
                for (String name : names) {
                    requests.add(LoopbackHttp.get("127.0.0.1", server.port(), "/services/data/" + VERSION
                            + "/query?q=" + URLEncoder.encode(nameQuery(name), StandardCharsets.UTF_8), s.bearer()));
                }
                nameRequests.put(s.label, requests);
            }
            byte[] live = LoopbackHttp.get("127.0.0.1", server.port(), "/health/live", subjects.get(0).bearer());
            byte[][] queryRequests = new byte[subjects.size()][];
            for (int k = 0; k < subjects.size(); k++) {
                queryRequests[k] = LoopbackHttp.get("127.0.0.1", server.port(), "/services/data/" + VERSION
                        + "/query?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), subjects.get(k).bearer());
            }
            if (warmup > 0) {
                for (int k = 0; k < subjects.size(); k++) {
                    runReads(server, subjects.get(k), 8, warmup / 2, "warmup reads");
                    runQueries(server, queryRequests[k], 8, Math.max(8, warmup / 20), "warmup queries");
                    runNameQueries(server, nameRequests.get(subjects.get(k).label), 8, Math.max(8, warmup / 20),
                            "warmup name queries");
                }
            }
            List<UserResult> results = new ArrayList<>();
            for (int k = 0; k < subjects.size(); k++) {
                Subject s = subjects.get(k);
                List<LoadResult> r = new ArrayList<>();
                List<LoadResult> q = new ArrayList<>();
                List<LoadResult> h = new ArrayList<>();
                List<LoadResult> n = new ArrayList<>();
                for (int i = 0; i < clients.length; i++) {
                    int count = queries[Math.min(i, queries.length - 1)];
                    r.add(runReads(server, s, clients[i], reads[Math.min(i, reads.length - 1)], s.label + " reads"));
                    q.add(runQueries(server, queryRequests[k], clients[i], count, s.label + " query"));
                    h.add(BenchSupport.drive(server.port(), clients[i], Math.max(1, count / clients[i]), x -> live,
                            null, "floor", "GET /health/live"));
                    n.add(runNameQueries(server, nameRequests.get(s.label), clients[i], count,
                            s.label + " name equality"));
                }
                results.add(new UserResult(s.label, s.ids.size(), windowRows(server, s.userId, query), r, q, h, n));
            }
            return new Report(store, cores, dataset, query, plans, results);
        }
    }

    /** A logged-in user and the ids it may read. */
    private record Subject(String label, String userId, String token, List<String> ids) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    private static LoadResult runReads(RunningServer server, Subject s, int clients, int total, String label)
            throws Exception {
        int perClient = Math.max(1, total / clients);
        Random random = new Random(clients * 31L + total);
        byte[][] requests = new byte[clients * perClient][];
        String bearer = s.bearer();
        for (int i = 0; i < requests.length; i++) {
            requests[i] = LoopbackHttp.get("127.0.0.1", server.port(), "/services/data/" + VERSION
                    + "/sobjects/Account/" + s.ids.get(random.nextInt(s.ids.size())), bearer);
        }
        return BenchSupport.drive(server.port(), clients, perClient, i -> requests[i], null, label, "reads");
    }

    private static LoadResult runQueries(RunningServer server, byte[] request, int clients, int total, String label)
            throws Exception {
        int perClient = Math.max(1, total / clients);
        return BenchSupport.drive(server.port(), clients, perClient, i -> request,
                (status, body) -> status == 200 && indexOf(body, RECORDS) >= 0, label, "queries");
    }

    private static LoadResult runNameQueries(RunningServer server, List<byte[]> requests, int clients, int total,
            String label) throws Exception {
        int perClient = Math.max(1, total / clients);
        return BenchSupport.drive(server.port(), clients, perClient,
                i -> requests.get(Math.floorMod(i * 7919, requests.size())),
                (status, body) -> status == 200 && indexOf(body, ONE_ROW) >= 0, label, "queries");
    }

    /** The stored names of up to {@code n} of these accounts, picked at random (seeded). */
    static List<String> names(JdbcStore store, List<String> ids, int n) throws SQLException {
        List<String> picked = new ArrayList<>(ids);
        java.util.Collections.shuffle(picked, new Random(42));
        picked = picked.subList(0, Math.min(n, picked.size()));
        List<String> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT f_name FROM obj_account WHERE id = ?")) {
            for (String id : picked) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Ids of the accounts matching an ownership condition on {@code t}. */
    static List<String> ownedIds(JdbcStore store, String condition, List<String> params) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT t.id FROM obj_account t WHERE " + condition)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
            }
        }
        return all;
    }

    /** The records module's own plan of the query for this user, as SQL, with H2's EXPLAIN of it. */
    static String explain(RunningServer server, String userId, String soql) throws SQLException {
        QueryPlan plan = plan(server, userId, soql);
        StringBuilder sql = new StringBuilder("EXPLAIN SELECT t.id");
        for (QueryPlan.Column c : plan.columns()) {
            sql.append(", ").append(c.field().sql(c.alias()));
        }
        sql.append(" FROM ").append(plan.from()).append(" WHERE ").append(plan.where()).append(" ORDER BY ")
                .append(plan.orderBy()).append(" OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        List<Object> params = new ArrayList<>(plan.fromParams());
        params.addAll(plan.whereParams());
        params.add(0);
        params.add(201);
        try (Connection c = server.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    out.append(rs.getString(1));
                }
                return out.toString();
            }
        }
    }

    /** How many rows the user's query matches without its LIMIT (COUNT() of the same SOQL). */
    static int windowRows(RunningServer server, String userId, String soql) throws SQLException {
        QueryPlan plan = plan(server, userId, soql);
        List<Object> params = new ArrayList<>(plan.fromParams());
        params.addAll(plan.whereParams());
        try (Connection c = server.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + plan.from() + " WHERE "
                        + plan.where())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static QueryPlan plan(RunningServer server, String userId, String soql) {
        JdbcStore store = server.store();
        User user = store.users().findById(userId).orElseThrow();
        ObjectCatalog catalog = new ObjectCatalog(store.metadata(), Clock.systemUTC(), 0);
        AccessSnapshots snapshots = new AccessSnapshots(new EffectivePermissions(store.profiles(),
                store.permissionSets()), store.permissionSets(), store.access(), store.roles(), Clock.systemUTC(), 0);
        RecordContext ctx = new RecordContext(user.orgId(), user.id(), null, snapshots.load(user), 66);
        return new QueryPlanner(catalog, new RowAccess(catalog), Clock.systemUTC()).plan(ctx,
                SoqlParser.parse(soql), false);
    }

    /** Mints access tokens through the JWT bearer grant for an app granted to the dataset's permission set. */
    private record Login(String consumerKey, KeyAndCertificate keys, String cliConsumerKey, java.security.PrivateKey
            cliKey, String audience, TokenClient client) {

        static Login create(RunningServer server, RecordDataset.Manifest dataset) throws IOException {
            RestClient admin = BenchSupport.admin(server);
            KeyAndCertificate kc = SelfSignedCertificates.create("CN=bench-records", 30);
            JsonNode app = admin.post("sobjects/ConnectedApplication", Map.of("Name", "Bench records "
                    + UUID.randomUUID(), "Certificate", PemKeys.toPem(kc.certificate())));
            admin.post("sobjects/SetupEntityAccess", Map.of("ParentId", dataset.permissionSetId(), "SetupEntityId",
                    app.get("id").asText()));
            JsonNode profile = JSON.readTree(server.dataDir().resolve("cli-profile.json").toFile());
            return new Login(app.get("consumerKey").asText(), kc, profile.get("consumerKey").asText(),
                    PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null), server.baseUrl(),
                    new TokenClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                            server.baseUrl()));
        }

        /** The bootstrap admin logs in through the CLI's app, as the CLI does; the others through the bench app. */
        String token(String username, boolean admin) {
            String assertion = AssertionBuilder.forKey(admin ? cliKey : keys.privateKey())
                    .issuer(admin ? cliConsumerKey : consumerKey).subject(username).audience(audience)
                    .lifetime(Duration.ofMinutes(5)).jwtId(UUID.randomUUID().toString()).sign();
            return client.jwtBearer(assertion).accessToken();
        }
    }

    private RecordLoadGenerator() {
    }
}
