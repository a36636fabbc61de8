package io.userbound.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound serve}: runs the server ({@code io.userbound.server.Main}) with the given options. */
@Command(name = "serve", description = {
    "Start the Userbound server. The first start on an empty data directory creates the org, an admin user and the "
            + "CLI's connected app and key, and writes DIR/cli-profile.json for 'userbound admin'.",
    "Runs until stopped (Ctrl-C)."})
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

    @Option(names = "--login-history-retention-days", paramLabel = "N",
            description = "Days LoginHistory rows are kept before the purge job deletes them (default 180).")
    Integer loginHistoryRetentionDays;

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
        return args.toArray(String[]::new);
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        io.userbound.server.Main.main(serverArgs());
        return 0;
    }
}
