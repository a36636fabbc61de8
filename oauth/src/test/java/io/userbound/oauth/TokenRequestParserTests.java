package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.token.TokenRequestParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestParserTests {
    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whenBasicIsFormEncodedThenDecoded() {
        ClientAuthentication c = TokenRequestParser.parseBasic(basic("my%20client:p%3Ass%2Bword"));

        assertThat(c.clientId()).isEqualTo("my client");
        assertThat(c.clientSecret()).isEqualTo("p:ss+word");
        assertThat(c.method()).isEqualTo(ClientAuthentication.Method.CLIENT_SECRET_BASIC);
    }

    @Test
    void whenBasicHasEmptySecretThenEmptySecret() {
        ClientAuthentication c = TokenRequestParser.parseBasic("basic   " + Base64.getEncoder()
                .encodeToString("jwt-client:".getBytes(StandardCharsets.UTF_8)));

        assertThat(c.clientId()).isEqualTo("jwt-client");
        assertThat(c.clientSecret()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "Digest x", "Basicx abc"})
    void whenSchemeIsNotBasicThenNoClientAuthentication(String header) {
        assertThat(TokenRequestParser.parseBasic(header)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic", "Basic !!!", "Basic Og==", "Basic bm9jb2xvbg==", "Basic JXp6OnNlY3JldA=="})
    void whenBasicIsMalformedThenInvalidClientWithChallenge(String header) {
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> TokenRequestParser.parseBasic(header));

        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_CREDENTIALS);
        assertThat(e.error().httpStatus()).isEqualTo(401);
        assertThat(e.basicChallenge()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded;charset=UTF-8",
            "application/x-www-form-urlencoded; charset=ISO-8859-1", " APPLICATION/X-WWW-FORM-URLENCODED "})
    void whenMediaTypeIsFormThenAccepted(String contentType) {
        assertThat(TokenRequestParser.isFormContentType(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "multipart/form-data", "text/plain",
            "application/x-www-form-urlencoded-x", ""})
    void whenMediaTypeIsNotFormThenRefused(String contentType) {
        assertThat(TokenRequestParser.isFormContentType(contentType)).isFalse();
    }
}
