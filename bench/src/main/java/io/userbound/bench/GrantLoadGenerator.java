package io.userbound.bench;

import io.userbound.client.AssertionBuilder;
import io.userbound.client.RestClient;
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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback load generator for the token grants: starts a server (embedded H2 unless {@code --db-url}), registers an
 * app and an integration user through the admin API, then drives {@code POST /services/oauth2/token} with 1, 8 and 32
 * concurrent keep-alive connections.
 * <ul>
 *   <li>{@code --grant jwt_bearer} (default): pre-signs one unique assertion per request (RS256, unique {@code jti},
 *       so every request writes its replay, token and LoginHistory rows). In the same run it measures the JDK's raw
 *       RS256 verification rate on all cores, the yardstick of that target.</li>
 *   <li>{@code --grant client_credentials}: the app runs as the integration user; every request carries
 *       {@code client_id} and {@code client_secret} in the body ({@code client_secret_post}), so each one checks the
 *       keyed secret hash, resolves the run-as user and writes its token and LoginHistory rows. Nothing to pre-sign.
 *       The target is {@value #CLIENT_CREDENTIALS_TARGET} grants/s.</li>
 * </ul>
 *
 * <p>With {@code --url} (repeatable) it starts nothing and drives nodes that are already running, round robin over
 * their connections (see {@link Nodes}); {@code bench/run-pg-grants.sh} runs one and two nodes on PostgreSQL so.
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.GrantLoadGenerator [--grant jwt_bearer|client_credentials]
 * [--clients 1,8,32] [--requests N,N,N] [--warmup N] [--db-url URL]
 * [--url http://127.0.0.1:P1 --url http://127.0.0.1:P2 --profile DATA/cli-profile.json]}. Defaults: JWT bearer
 * {@code --requests 6000,40000,48000 --warmup 8000}; client credentials {@code --requests 20000,100000,300000
 * --warmup 100000}.
 */
public final class GrantLoadGenerator {
    /** The client credentials target: grants per second on the benchmark machine. */
    public static final int CLIENT_CREDENTIALS_TARGET = 10_000;

    /** The grant a run drives. */
    public enum Grant {
        JWT_BEARER("jwt_bearer"), CLIENT_CREDENTIALS("client_credentials");

        private final String option;

        Grant(String option) {
            this.option = option;
        }

        static Grant parse(String value) {
            for (Grant g : values()) {
                if (g.option.equals(value)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("--grant must be jwt_bearer or client_credentials, was " + value);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        Grant grant = Grant.parse(opts.getOrDefault("grant", "jwt_bearer"));
        int[] clients = BenchSupport.ints(opts.getOrDefault("clients", "1,8,32"));
        // Client credentials requests cost nothing to prepare, so its defaults run long enough for steady state: the JIT
        // needs about 100,000 grants (with 8,000 the 1-connection level measured 2,000/s, after 100,000 it measures
        // 4,900/s). JWT bearer assertions are pre-signed at about 1 ms of CPU each, so its defaults stay smaller.
        boolean cc = grant == Grant.CLIENT_CREDENTIALS;
        int[] requests = BenchSupport.ints(opts.getOrDefault("requests",
                cc ? "20000,100000,300000" : "6000,40000,48000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", cc ? "100000" : "8000"));
        Duration verifyFor = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("verify-seconds", "5")));
        Report report;
        if (opts.containsKey("url")) {
            if (!opts.containsKey("profile")) {
                throw new IllegalArgumentException("--url needs --profile <data>/cli-profile.json of a node");
            }
            Nodes nodes = new Nodes(Arrays.stream(opts.get("url").split(",")).map(String::trim).toList(),
                    Path.of(opts.get("profile")), opts.get("db-url"));
            report = measure(grant, nodes, clients, requests, warmup, verifyFor);
        } else {
            report = measure(grant, clients, requests, warmup, opts.get("db-url"), verifyFor);
        }
        System.out.println();
        System.out.println(report.markdown());
    }

    /**
     * Nodes that are already running, all serving one database, driven round robin: connection {@code c} goes to
     * {@code urls[c % urls.size()]}. The nodes share one public base URL (their {@code --base-url}, as behind a load
     * balancer), which the CLI profile names as {@code serverUrl}: the admin logs in there and assertions carry it as
     * their audience.
     *
     * @param urls the nodes' own {@code http://127.0.0.1:PORT} addresses; at least one
     * @param cliProfile {@code <data>/cli-profile.json} of one node (the admin login)
     * @param dbUrl the JDBC URL of the shared database, for counting the rows a run wrote; null: not counted
     */
    public record Nodes(List<String> urls, Path cliProfile, String dbUrl) {
        public Nodes {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one --url");
            }
            urls = List.copyOf(urls);
        }

        int[] ports() {
            return urls.stream().mapToInt(u -> java.net.URI.create(u).getPort()).toArray();
        }

        String publicUrl() throws java.io.IOException {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(cliProfile.toFile()).get("serverUrl")
                    .asText();
        }
    }

    /**
     * What one run measured.
     *
     * @param rawVerifyPerSecond the JDK's raw RS256 rate; 0 when not measured (client credentials runs)
     */
    public record Report(Grant grant, String store, int cores, double rawVerifyPerSecond, List<LoadResult> results,
            long loginHistoryRows, long tokenRows, long jtiRows) {

        public String markdown() {
            StringBuilder out = new StringBuilder();
            if (grant == Grant.JWT_BEARER) {
                out.append(String.format("Grant: JWT bearer. Store: %s. Raw RS256 verifications/s on %d cores (JDK, "
                        + "one thread per core): %.0f%n%n", store, cores, rawVerifyPerSecond));
                out.append("| clients | requests | grants/s | p50 ms | p99 ms | errors | of raw RS256 verify "
                        + "| CPU us/grant | of which load generator |\n");
            } else {
                out.append(String.format("Grant: client credentials (client_secret_post). Store: %s. %d cores. "
                        + "Target: %,d grants/s.%n%n", store, cores, CLIENT_CREDENTIALS_TARGET));
                out.append("| clients | requests | grants/s | p50 ms | p99 ms | errors | of target "
                        + "| CPU us/grant | of which load generator |\n");
            }
            out.append("|---|---|---|---|---|---|---|---|---|\n");
            double yardstick = grant == Grant.JWT_BEARER ? rawVerifyPerSecond : CLIENT_CREDENTIALS_TARGET;
            for (LoadResult r : results) {
                out.append(String.format("| %d | %d | %.0f | %.2f | %.2f | %d | %.0f%% | %.0f | %.0f |%n",
                        r.clients(), r.requests(), r.throughput(), r.p50Ms(), r.p99Ms(), r.errors(),
                        100.0 * r.throughput() / yardstick, r.cpuMicrosPerRequest(), r.clientCpuMicrosPerRequest()));
            }
            out.append(String.format("%nRows written during the run: LoginHistory %d, access tokens %d, used jti %d%n",
                    loginHistoryRows, tokenRows, jtiRows));
            return out.toString();
        }
    }

    /** A JWT bearer run: {@link #measure(Grant, int[], int[], int, String, Duration)}. */
    public static Report measure(int[] clients, int[] requests, int warmup, String dbUrl, Duration verifyFor)
            throws Exception {
        return measure(Grant.JWT_BEARER, clients, requests, warmup, dbUrl, verifyFor);
    }

    /**
     * Starts a server, measures the raw RS256 rate (JWT bearer runs only), warms up, then runs each concurrency level
     * with its request count. Every JWT assertion carries a unique {@code jti}.
     */
    public static Report measure(Grant grant, int[] clients, int[] requests, int warmup, String dbUrl,
            Duration verifyFor) throws Exception {
        Path data = Files.createTempDirectory("userbound-bench");
        List<String> serverArgs = new ArrayList<>(List.of("--port", "0", "--data", data.toString()));
        if (dbUrl != null) {
            serverArgs.addAll(List.of("--db-url", dbUrl));
        }
        try (RunningServer server = Main.start(ServerConfig.parse(serverArgs.toArray(String[]::new)))) {
            Fixture f = Fixture.create(BenchSupport.admin(server), server.baseUrl(), server.port(), grant);
            String store = server.store().databaseProductName();
            System.out.printf("server %s, store %s, grant %s%n", server.baseUrl(), store, grant);
            return measure(grant, f, new int[] {server.port()}, store, () -> rowCounts(server.store().dataSource()),
                    clients, requests, warmup, verifyFor);
        }
    }

    /** As {@link #measure(Grant, int[], int[], int, String, Duration)}, over nodes that are already running. */
    public static Report measure(Grant grant, Nodes nodes, int[] clients, int[] requests, int warmup,
            Duration verifyFor) throws Exception {
        String publicUrl = nodes.publicUrl();
        Fixture f = Fixture.create(BenchSupport.admin(nodes.cliProfile(), publicUrl), publicUrl, nodes.ports()[0],
                grant);
        String store = nodes.urls().size() + " node(s) " + String.join(", ", nodes.urls())
                + (nodes.dbUrl() == null ? "" : ", " + redact(nodes.dbUrl()));
        System.out.printf("nodes %s (public URL %s), grant %s%n", nodes.urls(), publicUrl, grant);
        RowCounter counter = nodes.dbUrl() == null ? () -> new long[] {-1, -1, -1} : () -> {
            try (Connection c = DriverManager.getConnection(nodes.dbUrl())) {
                return rowCounts(c);
            }
        };
        return measure(grant, f, nodes.ports(), store, counter, clients, requests, warmup, verifyFor);
    }

    private static Report measure(Grant grant, Fixture f, int[] ports, String store, RowCounter counter,
            int[] clients, int[] requests, int warmup, Duration verifyFor) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        long[] before = counter.counts();
        double rawVerify = 0;
        if (grant == Grant.JWT_BEARER) {
            rawVerify = rawRs256VerifyRate(cores, verifyFor);
            System.out.printf("raw RS256 verify (JDK, %d threads): %.0f/s%n", cores, rawVerify);
        }
        if (warmup > 0) {
            run(ports, f, Math.max(Math.min(8, clients[clients.length - 1]), ports.length), warmup, "warmup");
        }
        List<LoadResult> results = new ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            results.add(run(ports, f, clients[i], requests[Math.min(i, requests.length - 1)], "measure"));
        }
        long[] after = counter.counts();
        return new Report(grant, store, cores, rawVerify, results, diff(after[0], before[0]),
                diff(after[1], before[1]), diff(after[2], before[2]));
    }

    private static long diff(long after, long before) {
        return after < 0 || before < 0 ? -1 : after - before;
    }

    /** A JDBC URL without its password parameter, for reports. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @FunctionalInterface
    private interface RowCounter {
        long[] counts() throws Exception;
    }

    private static LoadResult run(int[] ports, Fixture f, int clients, int total, String label)
            throws Exception {
        int perClient = Math.max(1, total / clients);
        byte[][] requests = f.requests(clients * perClient);
        return BenchSupport.drive(ports, clients, perClient, i -> requests[i], null, label, "grants");
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

    private static long[] rowCounts(javax.sql.DataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            return rowCounts(c);
        }
    }

    /** Rows in LoginHistory, access tokens and used jti; -1 each when they cannot be counted. */
    private static long[] rowCounts(Connection c) {
        try (Statement st = c.createStatement()) {
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

    /** The registered app and user, and a way to build (for JWT bearer: pre-sign) request bodies. */
    record Fixture(Grant grant, String host, int port, String audience, String consumerKey, String consumerSecret,
            String username, java.security.PrivateKey key) {

        /**
         * @param audience the server's public base URL (the assertions' {@code aud})
         * @param port the port written into the serialised requests' {@code Host} header
         */
        static Fixture create(RestClient admin, String audience, int port, Grant grant) throws Exception {
            BenchSupport.Integration it = BenchSupport.registerIntegration(admin, "bench");
            if (grant == Grant.CLIENT_CREDENTIALS) {
                admin.patch("sobjects/ConnectedApplication/" + it.appId(),
                        Map.of("ClientCredentialsEnabled", true, "RunAsUserId", it.userId()));
            }
            return new Fixture(grant, "127.0.0.1", port, audience, it.consumerKey(),
                    it.consumerSecret(), it.username(), it.keys().privateKey());
        }

        /** {@code n} serialised token requests: pre-signed JWT bearer ones, or the one client credentials body. */
        byte[][] requests(int n) throws Exception {
            if (grant == Grant.JWT_BEARER) {
                return presign(n);
            }
            String body = "grant_type=client_credentials&client_id=" + URLEncoder.encode(consumerKey,
                    StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(consumerSecret,
                    StandardCharsets.UTF_8);
            byte[] request = LoopbackHttp.formPost(host, port, "/services/oauth2/token", body);
            byte[][] out = new byte[n][];
            Arrays.fill(out, request);
            return out;
        }

        /** Signs {@code n} unique assertions on every core and serialises each as a token request. */
        byte[][] presign(int n) throws Exception {
            String grantType = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                    StandardCharsets.UTF_8);
            return BenchSupport.onEveryCore(n, i -> {
                String assertion = AssertionBuilder.forKey(key).issuer(consumerKey).subject(username)
                        .audience(audience).lifetime(Duration.ofMinutes(9)).jwtId(UUID.randomUUID().toString())
                        .sign();
                return LoopbackHttp.formPost(host, port, "/services/oauth2/token", grantType + "&assertion="
                        + assertion);
            });
        }
    }

    private GrantLoadGenerator() {
    }
}
