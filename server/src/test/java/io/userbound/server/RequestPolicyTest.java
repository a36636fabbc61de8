package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.server.auth.PolicyGate;
import io.userbound.server.auth.RequestPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route declares who may call it; one that does not is never served. */
class RequestPolicyTest {
    @TempDir
    Path dir;

    @Test
    void whenARouteDeclaresNoPolicyThenTheServerDoesNotStart() {
        assertThatThrownBy(() -> Main.start(ServerConfig.defaults().withPort(0).withDataDir(dir), routes ->
                routes.get("/test/undeclared", ctx -> ctx.result("served"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /test/undeclared");
    }

    @Test
    void whenARouteDeclaresAPolicyThenTheGateEnforcesIt() throws Exception {
        try (RunningServer server = Main.start(ServerConfig.defaults().withPort(0).withDataDir(dir), routes -> {
            routes.get("/test/anyone", ctx -> ctx.result("served"), RequestPolicy.ANONYMOUS);
            routes.get("/test/token", ctx -> ctx.result(PolicyGate.caller(ctx).userId()), RequestPolicy.TOKEN);
        })) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anyone = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/test/anyone")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anyone.statusCode()).isEqualTo(200);
            assertThat(anyone.body()).isEqualTo("served");
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/test/token")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(401);
            assertThat(token.body()).contains("INVALID_SESSION_ID").doesNotContain("served");
        }
    }
}
