package io.userbound.bench;

import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.TokenClient;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Loopback load generator for token introspection (RFC 7662): starts a server (embedded H2 unless
 * {@code --db-url}), registers a connected app with a consumer secret and an integration user through the admin
 * API, issues {@code --tokens} real access tokens through the JWT bearer grant, then drives
 * {@code POST /services/oauth2/introspect} (HTTP Basic client authentication, one token per request in turn) with 1,
 * 8 and 32 concurrent keep-alive connections. Every reply is read and must say {@code "active":true}; anything else
 * counts as an error.
 *
 * <p>Each introspection checks the caller's consumer secret (HMAC-SHA256), reads the token by its hash from the
 * database (not from the bearer cache, so a revocation on any node shows at once), and reads the user and the app
 * through the configuration caches.
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.IntrospectionLoadGenerator [--tokens 2000] [--clients 1,8,32]
 * [--requests 20000,60000,80000] [--warmup 100000] [--db-url URL]}
 */
public final class IntrospectionLoadGenerator {
    static final String PATH = "/services/oauth2/introspect";
    private static final byte[] ACTIVE = "\"active\":true".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        Report report = measure(Integer.parseInt(opts.getOrDefault("tokens", "2000")),
                BenchSupport.ints(opts.getOrDefault("clients", "1,8,32")),
                BenchSupport.ints(opts.getOrDefault("requests", "20000,60000,80000")),
                Integer.parseInt(opts.getOrDefault("warmup", "100000")), opts.get("db-url"));
        System.out.println();
        System.out.println(report.markdown());
    }

    /** What one run measured. */
    public record Report(String store, int cores, int tokens, List<LoadResult> results) {

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("Store: %s, %d cores, %d distinct active tokens.%n%n", store, cores, tokens));
            out.append("| clients | requests | introspections/s | p50 ms | p99 ms | errors |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (LoadResult r : results) {
                out.append(String.format("| %d | %d | %.0f | %.2f | %.2f | %d |%n", r.clients(), r.requests(),
                        r.throughput(), r.p50Ms(), r.p99Ms(), r.errors()));
            }
            return out.toString();
        }
    }

    /**
     * @param errors replies that were not 200 with {@code "active":true}
     */
    /** Starts a server, issues the tokens, warms up, then runs each concurrency level with its request count. */
    public static Report measure(int tokens, int[] clients, int[] requests, int warmup, String dbUrl)
            throws Exception {
        if (tokens < 1) {
            throw new IllegalArgumentException("--tokens must be at least 1");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Path data = Files.createTempDirectory("userbound-bench-introspect");
        List<String> serverArgs = new ArrayList<>(List.of("--port", "0", "--data", data.toString()));
        if (dbUrl != null) {
            serverArgs.addAll(List.of("--db-url", dbUrl));
        }
        try (RunningServer server = Main.start(ServerConfig.parse(serverArgs.toArray(String[]::new)))) {
            String store = server.store().databaseProductName();
            Fixture f = Fixture.create(server);
            System.out.printf("server %s, %d cores, store %s%n", server.baseUrl(), cores, store);
            long t0 = System.nanoTime();
            byte[][] bodies = f.introspectionRequests(server, tokens);
            System.out.printf("issued %d tokens in %.1f s%n", tokens, (System.nanoTime() - t0) / 1e9);
            if (warmup > 0) {
                run(server, bodies, Math.min(8, clients[clients.length - 1]), warmup, "warmup");
            }
            List<LoadResult> results = new ArrayList<>();
            for (int i = 0; i < clients.length; i++) {
                results.add(run(server, bodies, clients[i], requests[Math.min(i, requests.length - 1)], "measure"));
            }
            return new Report(store, cores, tokens, results);
        }
    }

    private static LoadResult run(RunningServer server, byte[][] bodies, int clients, int total, String label)
            throws Exception {
        int perClient = Math.max(1, total / clients);
        return BenchSupport.drive(server.port(), clients, perClient, i -> bodies[i % bodies.length],
                (status, body) -> status == 200 && contains(body, ACTIVE), label, "introspections");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }


    /** The registered app (with its secret) and user. */
    record Fixture(String consumerKey, String consumerSecret, String username, KeyAndCertificate keys) {

        static Fixture create(RunningServer server) throws Exception {
            BenchSupport.Integration it = BenchSupport.registerIntegration(BenchSupport.admin(server),
                    "bench-introspect");
            return new Fixture(it.consumerKey(), it.consumerSecret(), it.username(), it.keys());
        }

        /** Issues {@code n} tokens through the JWT bearer grant on every core; one serialised request per token. */
        byte[][] introspectionRequests(RunningServer server, int n) throws Exception {
            String basic = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(consumerKey,
                    StandardCharsets.UTF_8) + ":" + URLEncoder.encode(consumerSecret, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            TokenClient client = new TokenClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build(), server.baseUrl());
            return BenchSupport.onEveryCore(n, i -> {
                String assertion = AssertionBuilder.forKey(keys.privateKey()).issuer(consumerKey)
                        .subject(username).audience(server.baseUrl()).lifetime(Duration.ofMinutes(5))
                        .jwtId(UUID.randomUUID().toString()).sign();
                String token = client.jwtBearer(assertion).accessToken();
                return LoopbackHttp.formPost("127.0.0.1", server.port(), PATH,
                        "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), basic);
            });
        }
    }

    private IntrospectionLoadGenerator() {
    }
}
