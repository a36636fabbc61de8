package io.userbound.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/** What the load generators share: options, percentiles, the admin login, the integration they register. */
final class BenchSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSupport() {
    }

    /** An app with a fresh certificate and secret, and an integration user granted it through a permission set. */
    record Integration(String appId, String consumerKey, String consumerSecret, String userId, String username,
            KeyAndCertificate keys, String permissionSet) {
    }

    /** Logs in as the bootstrap admin exactly as the CLI does (JWT bearer with {@code cli-profile.json}). */
    static RestClient admin(RunningServer server) {
        return admin(server.dataDir().resolve("cli-profile.json"), server.baseUrl());
    }

    /**
     * Logs in as the admin of a CLI profile ({@code <data>/cli-profile.json} of a node) against {@code loginUrl},
     * which is also the assertion's audience.
     */
    static RestClient admin(Path cliProfile, String loginUrl) {
        try {
            JsonNode profile = JSON.readTree(cliProfile.toFile());
            return new RestClient(JwtBearerTokenSource.builder()
                    .loginUrl(loginUrl)
                    .clientId(profile.get("consumerKey").asText())
                    .username(profile.get("username").asText())
                    .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers an {@link Integration} through the admin API. */
    static Integration registerIntegration(RestClient admin, String label) {
        KeyAndCertificate kc = SelfSignedCertificates.create("CN=" + label, 30);
        JsonNode app = admin.post("sobjects/ConnectedApplication",
                Map.of("Name", "Bench " + label + " " + UUID.randomUUID(), "Certificate",
                        PemKeys.toPem(kc.certificate())));
        String username = label + "-" + UUID.randomUUID() + "@bench.test";
        JsonNode user = admin.post("sobjects/User",
                Map.of("Username", username, "LastName", "Bench", "UserType", "integration"));
        String psName = "Bench_" + UUID.randomUUID().toString().replace("-", "");
        JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", psName, "PermissionsApiEnabled", true));
        admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
        admin.post("sobjects/SetupEntityAccess",
                Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
        return new Integration(app.get("id").asText(), app.get("consumerKey").asText(),
                app.get("consumerSecret").asText(), user.get("id").asText(), username, kc, psName);
    }

    /** Fills {@code out[0..n)} with {@code make(i)} on one thread per core (signing is the slow part). */
    static byte[][] onEveryCore(int n, IndexedWork make) throws Exception {
        byte[][] out = new byte[n][];
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t * n / threads;
                int to = (t + 1) * n / threads;
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        out[i] = make.apply(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** One request of a batch, by index. */
    @FunctionalInterface
    interface IndexedWork {
        byte[] apply(int index) throws Exception;
    }

    /** Whether a reply is the expected success. */
    @FunctionalInterface
    interface ReplyCheck {
        boolean ok(int status, byte[] body);
    }

    /**
     * Drives {@code clients} keep-alive connections at once, each sending {@code perClient} requests in turn
     * ({@code requestAt(client * perClient + i)}), and times every exchange.
     *
     * @param check judges each reply; null means "status 200" and the body is not kept
     */
    static LoadResult drive(int port, int clients, int perClient, IntFunction<byte[]> requestAt,
            ReplyCheck check, String label, String noun) throws Exception {
        return drive(new int[] {port}, clients, perClient, requestAt, check, label, noun);
    }

    /**
     * As {@link #drive(int, int, int, IntFunction, ReplyCheck, String, String)}, over several nodes on loopback:
     * connection {@code c} goes to {@code ports[c % ports.length]} (round robin, as a load balancer spreading
     * keep-alive connections would).
     */
    static LoadResult drive(int[] ports, int clients, int perClient, IntFunction<byte[]> requestAt,
            ReplyCheck check, String label, String noun) throws Exception {
        long[][] latencies = new long[clients][perClient];
        AtomicLong errors = new AtomicLong();
        AtomicLong clientCpuNanos = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                futures.add(pool.submit(() -> {
                    ByteArrayOutputStream body = check == null ? null : new ByteArrayOutputStream(512);
                    try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", ports[id % ports.length])) {
                        start.await();
                        long cpu0 = THREADS.getCurrentThreadCpuTime();
                        for (int i = 0; i < perClient; i++) {
                            byte[] request = requestAt.apply(id * perClient + i);
                            long t0 = System.nanoTime();
                            int status = http.exchange(request, body);
                            latencies[id][i] = System.nanoTime() - t0;
                            boolean ok = check == null ? status == 200 : check.ok(status, body.toByteArray());
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                        }
                        clientCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                    }
                    return null;
                }));
            }
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            long elapsed = System.nanoTime() - t0;
            long cpu = cpu0 < 0 ? -1 : processCpuNanos() - cpu0;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            double throughput = all.length / (elapsed / 1e9);
            LoadResult r = new LoadResult(clients, all.length, throughput, percentile(all, 0.50) / 1e6,
                    percentile(all, 0.99) / 1e6, errors.get(), cpu < 0 ? 0 : cpu / 1e3 / all.length,
                    clientCpuNanos.get() / 1e3 / all.length);
            System.out.printf("%s: %d clients, %d %s in %.2f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %d, "
                    + "CPU/request %.0f us (load generator %.0f us)%n", label, clients, all.length, noun,
                    elapsed / 1e9, throughput, r.p50Ms(), r.p99Ms(), r.errors(), r.cpuMicrosPerRequest(),
                    r.clientCpuMicrosPerRequest());
            return r;
        } finally {
            pool.shutdown();
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of this process (all threads, JIT and GC included); -1 when the platform cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The {@code q} quantile of sorted latencies (nearest rank). */
    static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    /**
     * {@code --name value} pairs. A repeated option's last value wins, except {@code --url}, whose values are joined
     * with commas ({@code --url a --url b}).
     */
    /** Writes a dataset manifest: {@code properties} into {@code file}, with a comment line naming the dataset. */
    static void writeManifest(Path file, Properties properties, String comment) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            properties.store(w, comment);
        }
    }

    /** Reads a dataset manifest that {@link #writeManifest} wrote. */
    static Properties readManifest(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            String name = args[i].substring(2);
            out.merge(name, args[i + 1], name.equals("url") ? (a, b) -> a + "," + b : (a, b) -> b);
        }
        return out;
    }

    /** A comma-separated list of whole numbers. */
    static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** Deletes everything below {@code dir}, keeping {@code dir} itself; nothing when it does not exist. */
    static void deleteContents(Path dir) throws IOException {
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
}
