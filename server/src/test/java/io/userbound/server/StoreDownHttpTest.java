package io.userbound.server;

import static io.userbound.server.TestServer.assertOAuthError;
import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the database is gone: readiness says so, and failures are server errors with a correlation id. */
class StoreDownHttpTest {
    @TempDir
    Path dir;

    @Test
    void whenDatabaseClosedThenNotReadyAndServerErrorsCarryAnErrorId() {
        try (TestServer t = new TestServer(dir)) {
            String token = t.adminToken();
            String assertion = t.assertion(t.adminUsername());
            t.server.store().close();

            HttpResponse<String> ready = t.get("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
            assertThat(t.get("/health/live", null).statusCode()).isEqualTo(200);

            JsonNode e = assertRestError(t.get("/services/data/v59.0/", token), 500, "UNKNOWN_EXCEPTION");
            assertThat(e.get("message").asText()).containsPattern("ErrorId if you contact support: [0-9a-f-]{36}");
            JsonNode o = assertOAuthError(t.postForm("/services/oauth2/token", Map.of("grant_type",
                    TestServer.JWT_BEARER, "assertion", assertion)), 500, "unknown_error");
            assertThat(o.get("error_description").asText()).isEqualTo("retry your request");
            assertThat(t.get("/services/data", null).statusCode()).isEqualTo(200);
        }
    }
}
