package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonErrorHandlerTest {
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(503, null, "temporarily_unavailable", "the server is stopping; send the request again"),
                Arguments.of(400, "Ambiguous URI path separator", "invalid_request",
                        "bad request: Ambiguous URI path separator"),
                Arguments.of(431, "", "invalid_request", "bad request"),
                Arguments.of(500, "boom", "server_error", "an unexpected error occurred"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenJettyRefusesAnOAuthRequestThenTheOAuthErrorObject(int status, String reason, String error,
            String description) throws Exception {
        JsonNode body = Json.MAPPER.readTree(JsonErrorHandler.oauthBody(status, reason));

        assertThat(body.isObject()).isTrue();
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo(description);
        assertThat(body.size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {503, 400, 431, 500})
    void whenJettyRefusesAnyOtherRequestThenTheRestErrorArray(int status) throws Exception {
        JsonNode body = Json.MAPPER.readTree(JsonErrorHandler.body(status, "reason"));

        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).has("errorCode")).isTrue();
        assertThat(body.get(0).has("message")).isTrue();
    }
}
