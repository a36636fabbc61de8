package io.userbound.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.RestClient;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loopback load generator for record writes (issue 11: what durability costs). An integration user creates Accounts
 * ({@code POST sobjects/Account}, 201) and then updates them ({@code PATCH sobjects/Account/{id}}, 204) at 1, 8 and
 * 32 keep-alive connections; {@code Bench_Amount__c} is tracked, so every write also writes its field history row in
 * the same transaction. The HTTP floor, {@code GET /health/live} at the same connections, is measured in the same run
 * just before, and each write figure is reported as a ratio of it.
 *
 * <p>In-process by default (embedded H2 in a temporary directory, or {@code --db-url}); with {@code --url URL
 * --profile DATA/cli-profile.json} it drives a node that is already running (so that two builds can be compared side
 * by side, each in its own JVM).
 *
 * <p>Usage: {@code java -cp ... io.userbound.bench.RecordWriteLoadGenerator [--clients 1,8,32]
 * [--requests 4000,16000,24000] [--warmup 8000] [--db-url URL] [--url URL --profile FILE]}
 */
public final class RecordWriteLoadGenerator {
    static final String API = "/services/data/v66.0/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordWriteLoadGenerator() {
    }

    /** One concurrency level: the floor and the two kinds of write. */
    public record Level(LoadResult floor, LoadResult creates, LoadResult updates) {
    }

    public record Report(String target, List<Level> levels) {
        public String markdown() {
            StringBuilder out = new StringBuilder(String.format("Record writes on %s (tracked field: every write "
                    + "also writes a field history row). Floor H: GET /health/live in the same run.%n%n", target));
            out.append("| clients | floor H/s | creates/s | of H | create p99 ms | updates/s | of H | update p99 ms "
                    + "| errors |\n|---|---|---|---|---|---|---|---|---|\n");
            for (Level l : levels) {
                out.append(String.format("| %d | %.0f | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %d |%n",
                        l.creates().clients(), l.floor().throughput(), l.creates().throughput(),
                        l.creates().throughput() / l.floor().throughput(), l.creates().p99Ms(),
                        l.updates().throughput(), l.updates().throughput() / l.floor().throughput(),
                        l.updates().p99Ms(), l.floor().errors() + l.creates().errors() + l.updates().errors()));
            }
            return out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args);
        int[] clients = BenchSupport.ints(opts.getOrDefault("clients", "1,8,32"));
        int[] requests = BenchSupport.ints(opts.getOrDefault("requests", "4000,16000,24000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "8000"));
        Report report;
        if (opts.containsKey("url")) {
            if (!opts.containsKey("profile")) {
                throw new IllegalArgumentException("--url needs --profile <data>/cli-profile.json of the node");
            }
            String url = opts.get("url");
            Path profile = Path.of(opts.get("profile"));
            String publicUrl = JSON.readTree(profile.toFile()).get("serverUrl").asText();
            report = measure(BenchSupport.admin(profile, publicUrl), publicUrl, URI.create(url).getPort(), url,
                    clients, requests, warmup);
        } else {
            Path data = Files.createTempDirectory("userbound-bench-writes");
            List<String> serverArgs = new ArrayList<>(List.of("--port", "0", "--data", data.toString()));
            if (opts.containsKey("db-url")) {
                serverArgs.addAll(List.of("--db-url", opts.get("db-url")));
            }
            try (RunningServer server = Main.start(ServerConfig.parse(serverArgs.toArray(String[]::new)))) {
                report = measure(BenchSupport.admin(server), server.baseUrl(), server.port(),
                        "an in-process server (" + server.store().databaseProductName() + ")", clients, requests,
                        warmup);
            }
        }
        System.out.println();
        System.out.println(report.markdown());
    }

    /**
     * Sets up the field, the user and the app through {@code admin}, logs the user in, warms up with {@code warmup}
     * creates, then runs each level: floor, creates, updates of the records just created.
     */
    public static Report measure(RestClient admin, String publicUrl, int port, String target, int[] clients,
            int[] requests, int warmup) throws Exception {
        BenchSupport.Integration i = BenchSupport.registerIntegration(admin, "writes");
        admin.post("userbound/objects/Account/fields", Map.of("Name", "Bench_Amount__c", "Type", "number"));
        admin.patch("userbound/objects/Account/fields/Bench_Amount__c", Map.of("TrackHistory", true));
        String ps = i.permissionSet();
        admin.put("userbound/permissionSets/" + ps + "/objectPermissions/Account", Map.of("PermissionsRead", true,
                "PermissionsCreate", true, "PermissionsEdit", true));
        admin.put("userbound/permissionSets/" + ps + "/fieldPermissions/Account/Bench_Amount__c",
                Map.of("PermissionsRead", true, "PermissionsEdit", true));
        String token = JwtBearerTokenSource.builder().loginUrl(publicUrl).clientId(i.consumerKey())
                .username(i.username()).privateKey(i.keys().privateKey()).build().token().accessToken();
        String auth = "Bearer " + token;

        creates(port, 8, warmup / 8, auth, "warm-up");
        List<Level> levels = new ArrayList<>();
        for (int k = 0; k < clients.length; k++) {
            int c = clients[k];
            int per = Math.max(1, requests[k] / c);
            byte[] live = LoopbackHttp.get("127.0.0.1", port, "/health/live", auth);
            LoadResult floor = BenchSupport.drive(port, c, per, n -> live, null, "floor", "GET /health/live");
            List<String> ids = new ArrayList<>();
            LoadResult created = creates(port, c, per, auth, "creates", ids);
            LoadResult updated = BenchSupport.drive(port, c, per, n -> LoopbackHttp.json("PATCH", "127.0.0.1", port,
                    API + "sobjects/Account/" + ids.get(n), "{\"Bench_Amount__c\":" + (1_000_000 + n) + "}", auth),
                    (status, body) -> status == 204, "updates", "PATCH sobjects/Account");
            levels.add(new Level(floor, created, updated));
        }
        return new Report(target, levels);
    }

    private static LoadResult creates(int port, int clients, int per, String auth, String label) throws Exception {
        return creates(port, clients, per, auth, label, null);
    }

    /** Creates {@code clients * per} Accounts; their ids, in request order, go to {@code ids} when not null. */
    private static LoadResult creates(int port, int clients, int per, String auth, String label, List<String> ids)
            throws Exception {
        String[] made = new String[clients * per];
        byte[][] requests = new byte[clients * per][];
        for (int n = 0; n < requests.length; n++) {
            requests[n] = LoopbackHttp.json("POST", "127.0.0.1", port, API + "sobjects/Account",
                    "{\"Name\":\"bench-" + n + "\",\"Bench_Amount__c\":" + n + "}", auth);
        }
        int[] next = {0};
        LoadResult r = BenchSupport.drive(port, clients, per, n -> requests[n], (status, body) -> {
            if (status != 201) {
                return false;
            }
            if (ids != null) {
                String text = new String(body, StandardCharsets.UTF_8);
                int at = text.indexOf("\"id\":\"") + 6;
                synchronized (made) {
                    made[next[0]++] = text.substring(at, at + 18);
                }
            }
            return true;
        }, label, "POST sobjects/Account");
        if (ids != null) {
            for (String id : made) {
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return r;
    }
}
