package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server node in its own JVM ({@link NodeMain} on the test classpath), started with {@code ProcessBuilder}. Its
 * output goes to {@code <data>/node.log}; protocol lines ({@code NODE ...}) are also queued for {@link #command}.
 */
final class Node implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final Path dataDir;
    final int port;
    /** From the start of the JVM to the first 200 of {@code /health/ready}. */
    Duration startedIn;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private Node(String name, Path dataDir, int port, Process process) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Path log = dataDir.resolve("node.log");
        Thread pump = new Thread(() -> pump(log), "node-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a node on {@code port} with {@code serverArgs} (the options of {@code userbound serve}, without
     * {@code --port} and {@code --data}) and waits until {@code /health/ready} answers 200.
     */
    static Node start(String name, Path dataDir, int port, List<String> serverArgs) {
        long began = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeMain.class.getName());
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--data");
        command.add(dataDir.toString());
        command.addAll(serverArgs);
        try {
            Files.createDirectories(dataDir);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Node node = new Node(name, dataDir, port, p);
            node.awaitReady(Duration.ofSeconds(60));
            node.startedIn = Duration.ofNanos(System.nanoTime() - began);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that is free now on the loopback interface. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** An admin client that logs in as the CLI does, with the bootstrap key of this node's data directory. */
    RestClient admin() {
        try {
            JsonNode profile = TestServer.JSON.readTree(dataDir.resolve("cli-profile.json").toFile());
            return new RestClient(JwtBearerTokenSource.builder().loginUrl(profile.get("serverUrl").asText())
                    .clientId(profile.get("consumerKey").asText()).username(profile.get("username").asText())
                    .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String first = poll(timeout);
        if (first == null || !first.equals("READY " + port)) {
            throw new IllegalStateException("node " + name + " did not start (" + first + "); see "
                    + dataDir.resolve("node.log"));
        }
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // keep polling
            }
            sleep(20);
        }
        throw new IllegalStateException("node " + name + " never became ready");
    }

    /** Sends one command line and returns the node's reply (without the {@code NODE } prefix). */
    String command(String line, Duration timeout) {
        stdin.println(line);
        String reply = poll(timeout);
        if (reply == null) {
            throw new IllegalStateException("node " + name + " did not answer '" + line + "'");
        }
        return reply;
    }

    private String poll(Duration timeout) {
        try {
            return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.GET());
    }

    HttpResponse<String> postForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the node as an operator would ({@code SIGTERM}: the server stops gracefully) and waits for the process.
     *
     * @return the process's exit code
     */
    int stop() {
        // SIGTERM through the process handle: Process.destroy() would also close the pipes, losing the node's last
        // log lines and ending its stdin
        process.toHandle().destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + name + " did not stop within 30 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills the node as a crash would ({@code SIGKILL}: no shutdown hook, nothing flushed) and waits for the process
     * to be gone.
     */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private void pump(Path log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                if (line.startsWith("NODE ")) {
                    replies.add(line.substring(5));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
