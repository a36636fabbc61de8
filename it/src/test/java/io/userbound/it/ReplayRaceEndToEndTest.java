package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The same assertion (same {@code jti}) submitted by many connections at the same instant, over real HTTP against
 * the real store: exactly one wins, every other gets the replay refusal, and each request leaves one LoginHistory row.
 */
class ReplayRaceEndToEndTest extends EndToEndTest {

    @Test
    void whenOneAssertionIsSentSixteenTimesAtOnceThenExactlyOneTokenIsIssued() throws Exception {
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=race", 30);
        TestServer.Registered reg = server.registerIntegration("Race", keys);
        String assertion = AssertionBuilder.forKey(keys.privateKey()).issuer(reg.consumerKey())
                .subject(reg.username()).audience(server.baseUrl()).lifetime(Duration.ofMinutes(3))
                .jwtId("race-" + reg.userId()).sign();
        String body = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int n = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }));
        }
        go.countDown();
        int won = 0;
        int replayed = 0;
        for (Future<HttpResponse<String>> f : replies) {
            HttpResponse<String> r = f.get();
            JsonNode json = TestServer.JSON.readTree(r.body());
            if (r.statusCode() == 200) {
                won++;
                assertThat(json.get("access_token").asText()).isNotBlank();
            } else {
                replayed++;
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(json.get("error").asText()).isEqualTo("invalid_grant");
                assertThat(json.get("error_description").asText()).isEqualTo("assertion has already been used");
            }
        }
        pool.shutdown();

        assertThat(won).isEqualTo(1);
        assertThat(replayed).isEqualTo(n - 1);
        JsonNode history = server.admin.get("userbound/loginHistory?username=" + reg.username() + "&limit=50");
        assertThat(history.get("totalSize").asInt()).isEqualTo(n);
        long successes = 0;
        for (JsonNode row : history.get("records")) {
            if (row.get("Status").asText().equals("Success")) {
                successes++;
            } else {
                assertThat(row.get("Status").asText()).isEqualTo("Failed: Assertion replayed");
            }
        }
        assertThat(successes).isEqualTo(1);
    }
}
