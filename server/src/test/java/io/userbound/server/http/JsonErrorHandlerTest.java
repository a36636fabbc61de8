package io.userbound.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JsonErrorHandlerTest {
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(503, null, "temporarily_unavailable", "the server is stopping; send the request again"),
                Arguments.of(400, "Ambiguous URI path separator", "invalid_request",
                        "bad request: Ambiguous URI path separator"),
                Arguments.of(431, "", "invalid_request", "request headers too large"),
                Arguments.of(414, "", "invalid_request", "request URI too long"),
                Arguments.of(408, "", "invalid_request", "request timed out"),
                Arguments.of(418, "", "invalid_request", "bad request"),
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
    @CsvSource({"503,UNKNOWN_EXCEPTION", "400,JSON_PARSER_ERROR", "408,REQUEST_TIMEOUT", "413,REQUEST_ENTITY_TOO_LARGE",
            "414,URI_TOO_LONG", "431,REQUEST_HEADER_FIELDS_TOO_LARGE", "500,UNKNOWN_EXCEPTION"})
    void whenJettyRefusesAnyOtherRequestThenTheRestErrorArrayWithAFittingCode(int status, String code)
            throws Exception {
        JsonNode body = Json.MAPPER.readTree(JsonErrorHandler.body(status, "reason"));

        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).get("errorCode").asText()).isEqualTo(code);
        assertThat(body.get(0).get("message").asText()).isNotBlank();
    }
}
