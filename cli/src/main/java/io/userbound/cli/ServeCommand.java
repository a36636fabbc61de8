package io.userbound.cli;

import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound serve}: runs the server ({@code io.userbound.server.Main}) with the given options. */
@Command(name = "serve", description = {
    "Start the Userbound server. The first start on an empty data directory creates the org, an admin user and the "
            + "CLI's connected app and key, and writes DIR/cli-profile.json for 'userbound admin'.",
    "Runs until stopped (Ctrl-C). With --check it starts, proves itself, and stops."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default 8080; 0 picks a free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./data).")
    String data;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Public base URL (default http://127.0.0.1:<port>).")
    String baseUrl;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "Database (default: H2 in the data directory).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASS", description = "Database password.")
    String dbPassword;

    @Option(names = "--audience", paramLabel = "URL",
            description = "Extra accepted assertion audience, such as https://login.salesforce.com (repeatable).")
    List<String> audiences = new ArrayList<>();

    @Option(names = "--admin-username", paramLabel = "U",
            description = "Admin username for a new data directory (default admin@userbound.local).")
    String adminUsername;

    @Option(names = "--secret-pepper-file", paramLabel = "PATH", description = {
        "Consumer-secret pepper file, the same for every node of one database "
                + "(default: $USERBOUND_SECRET_PEPPER_FILE, else DIR/secret-pepper)."})
    String secretPepperFile;

    @Option(names = "--check", description = {"Start, check that the server works, and stop: the database answers and "
            + "takes writes (/health/ready), and the CLI's admin logs in with the JWT bearer flow and calls "
            + "userinfo. Prints how long the start took; exits 0 when every check passed, 1 otherwise. Without "
            + "--data it runs on a throwaway data directory, deleted afterwards (with --data it checks that "
            + "directory, and starts the server on it: bootstrap and migrations included). The launcher runs it once "
            + "after a build to record the class-data-sharing archive that makes later starts fast."})
    boolean check;

    @Option(names = "--login-history-retention-days", paramLabel = "N",
            description = "Days LoginHistory rows are kept before the purge job deletes them (default 180).")
    Integer loginHistoryRetentionDays;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "A connection that sends nothing this long is closed; a read blocked this long gets 408 "
                    + "(default 30).")
    String idleTimeout;

    @Option(names = "--header-timeout", paramLabel = "SECONDS",
            description = "A request's line and headers must arrive in full within this time from their first byte, "
                    + "or the connection is closed (default 15).")
    String headerTimeout;

    @Option(names = "--body-timeout", paramLabel = "SECONDS",
            description = "A request body must arrive in full within this time, or the request gets 408 (default 60).")
    String bodyTimeout;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections in all; beyond it new ones wait to be accepted (default 10000; 0: no "
                    + "limit).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open connections from one IP address; one beyond it is closed at once (default 256; 0: no "
                    + "limit, for a server behind a proxy or load balancer).")
    Integer maxConnectionsPerAddress;

    /** The server's own options, in its syntax. */
    String[] serverArgs() {
        List<String> args = new ArrayList<>();
        add(args, "--port", port == null ? null : port.toString());
        add(args, "--host", host);
        add(args, "--data", data);
        add(args, "--base-url", baseUrl);
        add(args, "--db-url", dbUrl);
        add(args, "--db-user", dbUser);
        add(args, "--db-password", dbPassword);
        for (String audience : audiences) {
            add(args, "--audience", audience);
        }
        add(args, "--admin-username", adminUsername);
        add(args, "--secret-pepper-file", secretPepperFile);
        add(args, "--login-history-retention-days",
                loginHistoryRetentionDays == null ? null : loginHistoryRetentionDays.toString());
        add(args, "--idle-timeout", idleTimeout);
        add(args, "--header-timeout", headerTimeout);
        add(args, "--body-timeout", bodyTimeout);
        add(args, "--max-connections", maxConnections == null ? null : maxConnections.toString());
        add(args, "--max-connections-per-address",
                maxConnectionsPerAddress == null ? null : maxConnectionsPerAddress.toString());
        return args.toArray(String[]::new);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!check) {
            Main.main(serverArgs());
            return 0;
        }
        long began = System.nanoTime();
        Path throwaway = null;
        if (data == null) {
            throwaway = Files.createTempDirectory("userbound-check");
            data = throwaway.toString();
        }
        try {
            return check(began);
        } finally {
            if (throwaway != null) {
                deleteTree(throwaway);
            }
        }
    }

    private int check(long began) {
        ServerConfig config;
        try {
            config = ServerConfig.parse(System.getenv(), serverArgs());
        } catch (IllegalArgumentException e) {
            System.err.println("userbound: " + e.getMessage());
            return 2;
        }
        try (RunningServer server = Main.start(config)) {
            long started = (System.nanoTime() - began) / 1_000_000;
            if (!server.store().isReady()) {
                System.err.println("userbound: started in " + started + " ms, but /health/ready fails: the database "
                        + "does not answer or does not take writes");
                return 1;
            }
            CliProfile profile = CliProfile.load(server.dataDir());
            RestClient admin = new RestClient(JwtBearerTokenSource.builder().loginUrl(server.baseUrl())
                    .clientId(profile.consumerKey()).username(profile.username())
                    .privateKey(PemKeys.readPrivateKey(Path.of(profile.keyFile()), null)).build());
            String user = admin.userInfo().path("preferred_username").asText();
            System.out.println("Userbound works: started in " + started + " ms on " + server.baseUrl() + " ("
                    + server.store().databaseProductName() + "); " + user + " logged in with the JWT bearer flow");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("userbound: the check failed: " + e.getMessage());
            return 1;
        }
    }
}
