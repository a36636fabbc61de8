package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.PemKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code SIGTERM} to a real server process while a request is in flight (issue 11, the test the issue 5 note said was
 * missing): the client has sent the headers and half the body of a token request when the signal arrives; it sends
 * the rest half a second later and still gets its token, the process then exits, and after a restart the token works
 * (it was committed before the reply).
 */
class GracefulStopTest {
    @Test
    void whenSigtermArrivesWhileARequestIsInFlightThenTheRequestCompletesAndItsTokenSurvives() throws Exception {
        Path data = Files.createTempDirectory("userbound-graceful");
        int port = Node.freePort();
        Node node = Node.start("graceful", data, port, List.of());
        try {
            JsonNode profile = TestServer.JSON.readTree(data.resolve("cli-profile.json").toFile());
            String assertion = AssertionBuilder.forKey(PemKeys.readPrivateKey(
                    Path.of(profile.get("keyFile").asText()), null)).issuer(profile.get("consumerKey").asText())
                    .subject(profile.get("username").asText()).audience(node.url())
                    .lifetime(Duration.ofMinutes(3)).jwtId(UUID.randomUUID().toString()).sign();
            byte[] body = ("grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                    StandardCharsets.UTF_8) + "&assertion=" + assertion).getBytes(StandardCharsets.US_ASCII);
            String reply;
            int exit;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /services/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Node.sleep(300);

                final Node stopping = node;
                CompletableFuture<Integer> stopped = CompletableFuture.supplyAsync(stopping::stop);
                Node.sleep(500);
                assertThat(stopped).as("the node waits for the request in flight").isNotDone();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                reply = readAll(socket.getInputStream());
                exit = stopped.get(30, TimeUnit.SECONDS);
            }
            System.out.println("[graceful] reply " + reply.lines().findFirst().orElse("") + "; exit " + exit);
            assertThat(reply).startsWith("HTTP/1.1 200");
            String token = TestServer.JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4))
                    .get("access_token").asText();
            assertThat(Files.readString(data.resolve("node.log"))).contains("Userbound stopping")
                    .contains("Userbound stopped");

            node = Node.start("graceful", data, port, List.of());
            assertThat(node.get("/services/oauth2/userinfo", token).statusCode()).as("the token after a restart")
                    .isEqualTo(200);
        } finally {
            node.close();
        }
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }
}
