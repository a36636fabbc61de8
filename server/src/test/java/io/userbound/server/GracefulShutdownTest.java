package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.server.auth.RequestPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the server while a request is in flight: the request still completes with 200 (and can still use the
 * database), {@code /health/ready} answers 503 while the server stops, and stopping ends once the request is done.
 * The slow request is a route the test adds, held on a latch.
 */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void whenStoppedWithARequestInFlightThenItCompletesAndReadyAnswers503MeanwhileAndStopWaitsForIt()
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<RunningServer> ref = new AtomicReference<>();
        RunningServer server = Main.start(ServerConfig.defaults().withPort(0).withDataDir(dir), routes ->
                routes.get("/test/slow", ctx -> {
                    entered.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    // the database is still open while requests drain
                    String admin = ref.get().store().users().findByUsername("admin@userbound.local")
                            .orElseThrow().username();
                    ctx.status(200).result("done for " + admin);
                }, RequestPolicy.ANONYMOUS));
        ref.set(server);
        try {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/test/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            long stopStarted = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            List<String> readyWhileStopping = new ArrayList<>();
            List<String> tokenWhileStopping = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline) {
                try {
                    readyWhileStopping.add(Integer.toString(get(server, "/health/ready").statusCode()));
                } catch (IOException refused) {
                    readyWhileStopping.add("refused");
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                            + "/services/oauth2/token")).timeout(Duration.ofSeconds(2))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    tokenWhileStopping.add(r.statusCode() + " " + r.body());
                } catch (IOException refused) {
                    tokenWhileStopping.add("refused");
                }
                Thread.sleep(50);
            }
            System.out.println("[graceful] ready " + readyWhileStopping + " token " + tokenWhileStopping);
            // an OAuth client is answered in the OAuth shape (RFC 6749 section 5.2) even by the stopping server
            assertThat(tokenWhileStopping).as("token endpoint replies while stopping").allSatisfy(reply ->
                    assertThat(reply).matches("refused|4\\d\\d \\{.*\"error\":.*\\}"
                            + "|503 \\{.*\"error\":\"temporarily_unavailable\".*\\}"));
            assertThat(stopping).as("stop waits for the request in flight").isNotDone();

            release.countDown();
            HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
            stopping.get(10, TimeUnit.SECONDS);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStarted);

            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(finished.body()).isEqualTo("done for admin@userbound.local");
            // close() runs on another thread: polls answered before it begins may still say 200; from the first
            // 503 (or refused connection) on, the node must never say ready again. A kept-alive connection gets one
            // 503 and is closed; on a loaded machine close() can shut the idle connection before the first poll, so
            // every poll is refused, which a load balancer reads as "not ready" too.
            int firstStopping = readyWhileStopping.indexOf("503");
            if (firstStopping < 0) {
                firstStopping = readyWhileStopping.indexOf("refused");
            }
            assertThat(firstStopping).as("ready answered 503 or refused while stopping: %s", readyWhileStopping)
                    .isGreaterThanOrEqualTo(0);
            assertThat(readyWhileStopping.subList(firstStopping, readyWhileStopping.size()))
                    .as("never ready again once stopping").doesNotContain("200");
            assertThat(stopMillis).as("well inside the stop timeout").isLessThan(HttpApi.STOP_TIMEOUT_MILLIS);
            assertThat(server.store().isReady()).as("the database is closed once stopped").isFalse();
        } finally {
            release.countDown();
            server.close();
        }
    }

    private HttpResponse<String> get(RunningServer server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
