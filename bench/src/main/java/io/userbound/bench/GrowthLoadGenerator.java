package io.userbound.bench;

import io.userbound.client.AssertionBuilder;
import io.userbound.client.PemKeys;
import io.userbound.client.TokenClient;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The growth curve (issue 5): on a {@link GrowthDataset}, starts a server in process and measures, at one concurrency
 * level, the JWT bearer grant, the client credentials grant and {@code GET /services/data/v66.0/sobjects/Account/{id}},
 * so that datasets of different sizes can be compared figure by figure.
 *
 * <ul>
 *   <li>JWT bearer: pre-signed assertions (unique {@code jti}) for {@value #SUBJECTS} users spread evenly over the
 *       dataset (user {@code i * users / SUBJECTS}), in turn: the working set is the same at every size, only the
 *       tables grow. Each grant looks up the user by username, its permission sets and the app's grant, and writes
 *       its replay, token and LoginHistory rows.</li>
 *   <li>Client credentials ({@code client_secret_post}): the app runs as user 0.</li>
 *   <li>Account reads: {@value #READERS} of those users log in once; each read is a random one of the dataset's
 *       accounts with a random one of their tokens.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.GrowthLoadGenerator [dataset options of GrowthDataset]
 * [--clients 8] [--grants 20000] [--reads 40000] [--warmup 20000]}
 */
public final class GrowthLoadGenerator {
    static final String VERSION = "v66.0";
    static final int SUBJECTS = 1_000;
    static final int READERS = 100;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        GrowthDataset.Manifest m = GrowthDataset.prepare(GrowthDataset.dataDir(opts), GrowthDataset.spec(opts),
                GrowthDataset.pgSchema(opts));
        Report report = measure(m, Integer.parseInt(opts.getOrDefault("clients", "8")),
                Integer.parseInt(opts.getOrDefault("grants", "20000")),
                Integer.parseInt(opts.getOrDefault("reads", "40000")),
                Integer.parseInt(opts.getOrDefault("warmup", "20000")));
        System.out.println();
        System.out.println(report.markdown());
    }

    /** What one run measured on one dataset. */
    public record Report(String store, GrowthDataset.Manifest dataset, LoadResult jwtBearer,
            LoadResult clientCredentials, LoadResult accountReads) {

        /** The table header of {@link #row()}. */
        public static String header() {
            return "| store | users | apps | LoginHistory | clients | JWT grants/s | p50 ms | p99 ms | CC grants/s "
                    + "| p50 ms | p99 ms | Account reads/s | p50 ms | p99 ms | errors |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        }

        /** One table row. */
        public String row() {
            GrowthDataset.Spec s = dataset.spec();
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f "
                    + "| %.0f | %.2f | %.2f | %d |", store, s.users(), s.apps(), s.loginHistory(),
                    jwtBearer.clients(), jwtBearer.throughput(), jwtBearer.p50Ms(), jwtBearer.p99Ms(),
                    clientCredentials.throughput(), clientCredentials.p50Ms(), clientCredentials.p99Ms(),
                    accountReads.throughput(), accountReads.p50Ms(), accountReads.p99Ms(),
                    jwtBearer.errors() + clientCredentials.errors() + accountReads.errors());
        }

        public String markdown() {
            return header() + "\n" + row() + "\n";
        }
    }

    /** Starts a server on the dataset, warms up, then measures the three figures at {@code clients} connections. */
    public static Report measure(GrowthDataset.Manifest m, int clients, int grants, int reads, int warmup)
            throws Exception {
        try (RunningServer server = Main.start(ServerConfig.parse("--port", "0", "--data", m.dataDir().toString(),
                "--db-url", m.dbUrl()))) {
            String store = server.store().databaseProductName();
            System.out.printf("server %s, store %s, dataset %s%n", server.baseUrl(), store, m.spec());
            int port = server.port();
            PrivateKey key = PemKeys.readPrivateKey(m.keyFile(), null);
            List<String> subjects = subjects(m.spec().users());
            List<String> tokens = tokens(server, m, key, subjects.subList(0, Math.min(READERS, subjects.size())));
            List<String> accountIds = accountIds(server);
            byte[] ccRequest = LoopbackHttp.formPost("127.0.0.1", port, "/services/oauth2/token",
                    "grant_type=client_credentials&client_id=" + URLEncoder.encode(m.ccConsumerKey(),
                            StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(m.ccConsumerSecret(),
                            StandardCharsets.UTF_8));
            if (warmup > 0) {
                jwt(server, m, key, subjects, Math.min(clients, 8), warmup / 2, "warmup JWT bearer");
                fixed(port, ccRequest, Math.min(clients, 8), warmup / 4, "warmup client credentials");
                reads(port, tokens, accountIds, Math.min(clients, 8), warmup, "warmup Account reads");
            }
            LoadResult jwt = jwt(server, m, key, subjects, clients, grants, "JWT bearer");
            LoadResult cc = fixed(port, ccRequest, clients, grants, "client credentials");
            LoadResult read = reads(port, tokens, accountIds, clients, reads, "Account reads");
            return new Report(store, m, jwt, cc, read);
        }
    }

    /** The usernames of {@value #SUBJECTS} users spread evenly over the dataset (all of them when fewer). */
    static List<String> subjects(int users) {
        int n = Math.min(SUBJECTS, users);
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(GrowthDataset.Manifest.username((long) k * users / n));
        }
        return out;
    }

    private static LoadResult jwt(RunningServer server, GrowthDataset.Manifest m, PrivateKey key,
            List<String> subjects, int clients, int total, String label) throws Exception {
        int perClient = Math.max(1, total / clients);
        String grantType = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8);
        byte[][] requests = BenchSupport.onEveryCore(clients * perClient, i -> {
            String assertion = AssertionBuilder.forKey(key).issuer(m.jwtConsumerKey())
                    .subject(subjects.get(i % subjects.size())).audience(server.baseUrl())
                    .lifetime(Duration.ofMinutes(9)).jwtId(UUID.randomUUID().toString()).sign();
            return LoopbackHttp.formPost("127.0.0.1", server.port(), "/services/oauth2/token", grantType
                    + "&assertion=" + assertion);
        });
        return BenchSupport.drive(server.port(), clients, perClient, i -> requests[i], null, label, "grants");
    }

    private static LoadResult fixed(int port, byte[] request, int clients, int total, String label)
            throws Exception {
        return BenchSupport.drive(port, clients, Math.max(1, total / clients), i -> request, null, label, "grants");
    }

    private static LoadResult reads(int port, List<String> tokens, List<String> accountIds, int clients, int total,
            String label) throws Exception {
        int perClient = Math.max(1, total / clients);
        Random random = new Random(total * 31L + clients);
        byte[][] requests = new byte[clients * perClient][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = LoopbackHttp.get("127.0.0.1", port, "/services/data/" + VERSION + "/sobjects/Account/"
                    + accountIds.get(random.nextInt(accountIds.size())), "Bearer "
                    + tokens.get(random.nextInt(tokens.size())));
        }
        return BenchSupport.drive(port, clients, perClient, i -> requests[i], null, label, "reads");
    }

    /** One access token per user, through the JWT bearer grant. */
    private static List<String> tokens(RunningServer server, GrowthDataset.Manifest m, PrivateKey key,
            List<String> users) {
        TokenClient client = new TokenClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                server.baseUrl());
        List<String> out = new ArrayList<>();
        for (String u : users) {
            out.add(client.jwtBearer(AssertionBuilder.forKey(key).issuer(m.jwtConsumerKey()).subject(u)
                    .audience(server.baseUrl()).lifetime(Duration.ofMinutes(5)).jwtId(UUID.randomUUID().toString())
                    .sign()).accessToken());
        }
        return out;
    }

    private static List<String> accountIds(RunningServer server) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.store().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM obj_account")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private GrowthLoadGenerator() {
    }
}
