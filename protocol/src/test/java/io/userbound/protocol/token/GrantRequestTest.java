package io.userbound.protocol.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.protocol.GrantTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each message writes the form the SDK has always sent, and parsing that form gives the message back. */
class GrantRequestTest {
    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(new JwtBearerGrantRequest("h.p.s"),
                        List.of("grant_type", GrantTypes.JWT_BEARER, "assertion", "h.p.s")),
                Arguments.of(new JwtBearerGrantRequest("h.p.s", ClientAuthenticationParameters.secretPost("ck", "")),
                        List.of("grant_type", GrantTypes.JWT_BEARER, "assertion", "h.p.s", "client_id", "ck",
                                "client_secret", "")),
                Arguments.of(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.NONE),
                        List.of("grant_type", "client_credentials")),
                Arguments.of(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.secretPost("ck", "s")),
                        List.of("grant_type", "client_credentials", "client_id", "ck", "client_secret", "s")),
                Arguments.of(new ClientCredentialsGrantRequest(ClientAuthenticationParameters.privateKeyJwt("a.b.c")),
                        List.of("grant_type", "client_credentials", "client_assertion_type",
                                GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER, "client_assertion", "a.b.c")));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void whenAMessageIsWrittenThenItsFormIsInOrderAndParsesBack(GrantRequest message, List<String> expected) {
        Map<String, String> form = message.toForm();

        assertThat(form.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toList())
                .isEqualTo(expected);
        assertThat(GrantRequest.parse(form)).isEqualTo(message);
    }

    @Test
    void whenTheGrantTypeIsMissingOrUnknownThenThereIsNoMessage() {
        assertThat(GrantRequest.parse(Map.of("assertion", "x"))).isNull();
        assertThat(GrantRequest.parse(Map.of("grant_type", "password"))).isNull();
    }

    @Test
    void whenAParameterIsMissingThenItIsNullForTheGrantToRefuse() {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", GrantTypes.JWT_BEARER));

        JwtBearerGrantRequest parsed = (JwtBearerGrantRequest) GrantRequest.parse(form);

        assertThat(parsed.assertion()).isNull();
        assertThat(parsed.client()).isEqualTo(ClientAuthenticationParameters.NONE);
        assertThat(parsed.client().carriesAssertion()).isFalse();
        assertThat(ClientAuthenticationParameters.parse(Map.of("client_assertion_type", "t")).carriesAssertion())
                .isTrue();
    }

    @Test
    void whenBasicCredentialsAreEncodedThenIdAndSecretAreFormEncodedBeforeBase64() {
        // RFC 6749 section 2.3.1 / appendix B: "a b" form-encodes to "a+b", ":" to "%3A"
        String header = ClientAuthenticationParameters.basicHeader("a b", "p:w");

        assertThat(header).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("a+b:p%3Aw".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
