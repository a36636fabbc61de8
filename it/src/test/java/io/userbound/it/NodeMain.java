package io.userbound.it;

import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.server.ops.HousekeepingRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * One server node in its own JVM, for {@link MultiNodeTest} and {@link NodeRestartTest}: starts the real server with
 * the command-line options of {@code userbound serve} ({@link Main#start}, with {@code SIGTERM} stopping it
 * gracefully as {@code Main.main} does), prints {@code NODE READY <port>}, then answers commands on stdin:
 * {@code purge <holdMillis>} runs the purge job now, holding its lease for that long once taken, and prints
 * {@code NODE PURGE <leased> <tokens> <jtis> <loginHistory> <startMillis> <endMillis>}. End of stdin (the test
 * went away) stops the node.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        RunningServer server = Main.start(ServerConfig.parse(System.getenv(), args));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "userbound-shutdown"));
        reply("READY " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split(" ");
            if (words[0].equals("purge")) {
                long hold = Long.parseLong(words[1]);
                long[] leasedAt = {-1};
                long start = System.currentTimeMillis();
                HousekeepingRun run = server.runHousekeeping(() -> {
                    leasedAt[0] = System.currentTimeMillis();
                    sleep(hold);
                });
                long end = System.currentTimeMillis();
                reply("PURGE " + run.leased() + " " + run.expiredTokens() + " " + run.usedAssertionIds() + " "
                        + run.oldLoginHistory() + " " + (run.leased() ? leasedAt[0] : start) + " " + end);
            } else {
                reply("UNKNOWN " + line);
            }
        }
        System.exit(0);
    }

    private static synchronized void reply(String text) {
        System.out.println("NODE " + text);
        System.out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
