package io.userbound.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback load generator for the JWT bearer grant: starts a server (embedded H2 unless {@code --db-url}), registers
 * an app and an integration user through the admin API, pre-signs one unique assertion per request (RS256, unique
 * {@code jti}, so every request writes its replay, token and LoginHistory rows), then drives
 * {@code POST /services/oauth2/token} with 1, 8 and 32 concurrent keep-alive connections. In the same run it measures
 * the JDK's raw RS256 verification rate on all cores, the yardstick of the target.
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.GrantLoadGenerator [--clients 1,8,32] [--requests 6000,40000,48000]
 * [--warmup 8000] [--db-url URL]}
 */
public final class GrantLoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Report report = measure(ints(opts.getOrDefault("clients", "1,8,32")),
                ints(opts.getOrDefault("requests", "6000,40000,48000")),
                Integer.parseInt(opts.getOrDefault("warmup", "8000")), opts.get("db-url"),
                Duration.ofSeconds(Long.parseLong(opts.getOrDefault("verify-seconds", "5"))));
        System.out.println();
        System.out.println(report.markdown());
    }

    /** What one run measured. */
    public record Report(String store, int cores, double rawVerifyPerSecond, List<Result> results,
            long loginHistoryRows, long tokenRows, long jtiRows) {

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("Store: %s. Raw RS256 verifications/s on %d cores (JDK, one thread per core): "
                    + "%.0f%n%n", store, cores, rawVerifyPerSecond));
            out.append("| clients | requests | grants/s | p50 ms | p99 ms | errors | of raw RS256 verify |\n");
            out.append("|---|---|---|---|---|---|---|\n");
            for (Result r : results) {
                out.append(String.format("| %d | %d | %.0f | %.2f | %.2f | %d | %.0f%% |%n", r.clients(),
                        r.requests(), r.throughput(), r.p50Ms(), r.p99Ms(), r.errors(),
                        100.0 * r.throughput() / rawVerifyPerSecond));
            }
            out.append(String.format("%nRows written during the run: LoginHistory %d, access tokens %d, used jti %d%n",
                    loginHistoryRows, tokenRows, jtiRows));
            return out.toString();
        }
    }

    /**
     * Starts a server, measures the raw RS256 rate, warms up, then runs each concurrency level with its request
     * count. Every assertion carries a unique {@code jti}.
     */
    public static Report measure(int[] clients, int[] requests, int warmup, String dbUrl, Duration verifyFor)
            throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path data = Files.createTempDirectory("userbound-bench");
        List<String> serverArgs = new ArrayList<>(List.of("--port", "0", "--data", data.toString()));
        if (dbUrl != null) {
            serverArgs.addAll(List.of("--db-url", dbUrl));
        }
        try (RunningServer server = Main.start(ServerConfig.parse(serverArgs.toArray(String[]::new)))) {
            Fixture f = Fixture.create(server);
            String store = server.store().databaseProductName();
            System.out.printf("server %s, %d cores, store %s%n", server.baseUrl(), cores, store);
            long[] before = rowCounts(server);

            double rawVerify = rawRs256VerifyRate(cores, verifyFor);
            System.out.printf("raw RS256 verify (JDK, %d threads): %.0f/s%n", cores, rawVerify);

            if (warmup > 0) {
                run(server, f, Math.min(8, clients[clients.length - 1]), warmup, "warmup");
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < clients.length; i++) {
                results.add(run(server, f, clients[i], requests[Math.min(i, requests.length - 1)], "measure"));
            }
            long[] after = rowCounts(server);
            return new Report(store, cores, rawVerify, results, after[0] - before[0], after[1] - before[1],
                    after[2] - before[2]);
        }
    }

    public record Result(int clients, int requests, double throughput, double p50Ms, double p99Ms, long errors) {
    }

    private static Result run(RunningServer server, Fixture f, int clients, int total, String label)
            throws Exception {
        int perClient = Math.max(1, total / clients);
        byte[][] requests = f.presign(clients * perClient);
        int port = server.port();
        long[][] latencies = new long[clients][perClient];
        AtomicLong errors = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            futures.add(pool.submit(() -> {
                try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", port)) {
                    start.await();
                    for (int i = 0; i < perClient; i++) {
                        long t0 = System.nanoTime();
                        int status = http.exchange(requests[id * perClient + i]);
                        latencies[id][i] = System.nanoTime() - t0;
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> fu : futures) {
            fu.get();
        }
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double throughput = all.length / (elapsed / 1e9);
        Result r = new Result(clients, all.length, throughput, pct(all, 0.50) / 1e6, pct(all, 0.99) / 1e6,
                errors.get());
        System.out.printf("%s: %d clients, %d grants in %.2f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                label, clients, all.length, elapsed / 1e9, throughput, r.p50Ms, r.p99Ms, r.errors);
        return r;
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The JDK's raw SHA256withRSA (2048-bit) verification rate with one thread per core. */
    static double rawRs256VerifyRate(int threads, Duration duration) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] data = new byte[600];
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(kp.getPrivate());
        s.update(data);
        byte[] sig = s.sign();
        AtomicLong count = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + duration.toNanos();
        long warmEnd = System.nanoTime() + Math.min(duration.toNanos() / 4, Duration.ofSeconds(1).toNanos());
        List<Future<?>> fs = new ArrayList<>();
        long[] startedAt = new long[1];
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < warmEnd) {
                    verify(kp, data, sig);
                }
                while (System.nanoTime() < end) {
                    verify(kp, data, sig);
                    n++;
                }
                count.addAndGet(n);
                return null;
            }));
        }
        startedAt[0] = warmEnd;
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return count.get() / ((end - startedAt[0]) / 1e9);
    }

    private static void verify(KeyPair kp, byte[] data, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(kp.getPublic());
        v.update(data);
        if (!v.verify(sig)) {
            throw new IllegalStateException("verify failed");
        }
    }

    private static long[] rowCounts(RunningServer server) throws Exception {
        try (Connection c = server.store().dataSource().getConnection(); Statement st = c.createStatement()) {
            long[] out = new long[3];
            String[] tables = {"login_history", "access_tokens", "used_jtis"};
            for (int i = 0; i < tables.length; i++) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + tables[i])) {
                    rs.next();
                    out[i] = rs.getLong(1);
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            System.out.println("row count unavailable: " + e.getMessage());
            return new long[] {-1, -1, -1};
        }
    }

    /** The registered app and user, and a way to pre-sign request bodies. */
    record Fixture(String host, int port, String audience, String consumerKey, String username,
            java.security.PrivateKey key) {

        static Fixture create(RunningServer server) throws Exception {
            JsonNode profile = JSON.readTree(server.dataDir().resolve("cli-profile.json").toFile());
            RestClient admin = new RestClient(JwtBearerTokenSource.builder()
                    .loginUrl(server.baseUrl())
                    .clientId(profile.get("consumerKey").asText())
                    .username(profile.get("username").asText())
                    .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null))
                    .build());
            KeyAndCertificate kc = SelfSignedCertificates.create("CN=bench", 30);
            JsonNode app = admin.post("sobjects/ConnectedApplication",
                    Map.of("Name", "Bench " + UUID.randomUUID(), "Certificate", PemKeys.toPem(kc.certificate())));
            String username = "bench-" + UUID.randomUUID() + "@bench.test";
            JsonNode user = admin.post("sobjects/User",
                    Map.of("Username", username, "LastName", "Bench", "UserType", "integration"));
            JsonNode ps = admin.post("sobjects/PermissionSet",
                    Map.of("Name", "Bench_" + UUID.randomUUID().toString().replace("-", ""),
                            "PermissionsApiEnabled", true));
            admin.post("sobjects/PermissionSetAssignment",
                    Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
            admin.post("sobjects/SetupEntityAccess",
                    Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
            return new Fixture("127.0.0.1", server.port(), server.baseUrl(), app.get("consumerKey").asText(),
                    username, kc.privateKey());
        }

        /** Signs {@code n} unique assertions on every core and serialises each as a token request. */
        byte[][] presign(int n) throws Exception {
            byte[][] out = new byte[n][];
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t * n / threads;
                int to = (t + 1) * n / threads;
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        String assertion = AssertionBuilder.forKey(key).issuer(consumerKey).subject(username)
                                .audience(audience).lifetime(Duration.ofMinutes(9))
                                .jwtId(UUID.randomUUID().toString()).sign();
                        String body = "grant_type=" + URLEncoder.encode(
                                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                                + "&assertion=" + assertion;
                        out[i] = LoopbackHttp.formPost(host, port, "/services/oauth2/token", body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            return out;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private GrantLoadGenerator() {
    }
}
