package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthSettingsTests {
    @Test
    void whenDefaultsThenDocumentedValues() {
        OAuthSettings s = OAuthSettings.defaults(URI.create("http://127.0.0.1:8080"));

        assertThat(s.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(s.clockSkew()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.extraAudiences()).isEmpty();
        assertThat(s.algorithmCeiling()).containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "ES256");
        assertThat(s.tokenEndpointUrl()).isEqualTo("http://127.0.0.1:8080/services/oauth2/token");
        assertThat(s.identityUrl("00D000000000001AAA", "005000000000001AAA"))
                .isEqualTo("http://127.0.0.1:8080/id/00D000000000001AAA/005000000000001AAA");
        assertThat(s.instanceUrl()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void whenExtrasAddedThenAcceptedAudiencesHoldBaseBothWaysTokenUrlAndExtras() {
        OAuthSettings s = OAuthSettings.defaults(URI.create("http://127.0.0.1:8080/"))
                .withExtraAudiences(Set.of("https://login.salesforce.com"));

        assertThat(s.acceptedAudiences()).containsExactlyInAnyOrder("http://127.0.0.1:8080",
                "http://127.0.0.1:8080/", "http://127.0.0.1:8080/services/oauth2/token",
                "https://login.salesforce.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS512", "XY1"})
    void whenCeilingHoldsAForbiddenAlgorithmThenRefused(String alg) {
        OAuthSettings s = OAuthSettings.defaults(URI.create("http://localhost"));

        assertThatThrownBy(() -> s.withAlgorithmCeiling(Set.of("RS256", alg)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/relative", "ftp://host", "http://host?q=1", "http://user@host"})
    void whenBaseUrlIsUnfitThenRefused(String url) {
        assertThatThrownBy(() -> OAuthSettings.defaults(URI.create(url))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenSkewIsNegativeThenRefused() {
        OAuthSettings s = OAuthSettings.defaults(URI.create("http://localhost"));

        assertThatThrownBy(() -> s.withClockSkew(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
