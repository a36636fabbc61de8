package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * Spring Security's {@code ClientCredentialsOAuth2AuthorizedClientProvider} (spring-security-oauth2-client 7) as a
 * third-party client of the client credentials grant, with {@code client_secret_basic} (Spring's default) and
 * {@code client_secret_post}; each token is then used on {@code /services/oauth2/userinfo}.
 */
class SpringClientCredentialsInteropTest extends EndToEndTest {
    static KeyAndCertificate keys;
    static TestServer.Registered reg;

    @BeforeAll
    static void register() {
        keys = SelfSignedCertificates.create("CN=spring-cc", 30);
        reg = server.registerClientCredentials("Spring CC", keys);
    }

    private static OAuth2AuthorizedClient authorize(ClientAuthenticationMethod method, String secret) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("userbound-cc")
                .clientId(reg.consumerKey())
                .clientSecret(secret)
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(server.baseUrl() + "/services/oauth2/token")
                .build();
        return new ClientCredentialsOAuth2AuthorizedClientProvider().authorize(
                OAuth2AuthorizationContext.withClientRegistration(registration)
                        .principal(UsernamePasswordAuthenticationToken.authenticated("integration", null,
                                AuthorityUtils.NO_AUTHORITIES))
                        .build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
    void whenSpringClientCredentialsProviderThenTokenWorksForUserInfo(String method) throws Exception {
        OAuth2AuthorizedClient client = authorize(new ClientAuthenticationMethod(method), reg.consumerSecret());

        String token = client.getAccessToken().getTokenValue();
        assertThat(token).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(client.getAccessToken().getTokenType().getValue()).isEqualToIgnoringCase("Bearer");
        assertThat(client.getAccessToken().getExpiresAt()).isAfter(client.getAccessToken().getIssuedAt());

        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/services/oauth2/userinfo"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        Map<?, ?> body = TestServer.JSON.readValue(userinfo.body(), Map.class);
        assertThat(body.get("user_id")).isEqualTo(reg.userId());
        assertThat(body.get("preferred_username")).isEqualTo(reg.username());
    }

    /**
     * A wrong secret is 401 {@code invalid_client} (RFC 6749 section 5.2, {@code salesforce-compat.md} rule 1). Spring
     * parses OAuth error bodies of 400 replies only: a 401 reaches the caller as {@code invalid_token_response} whose
     * description carries the status and our body, so the exact strings are still there for a human to read.
     */
    @Test
    void whenSpringSendsAWrongSecretThenTheRefusalCarriesTheStatusAndTheExactStrings() {
        assertThatThrownBy(() -> authorize(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "0".repeat(64)))
                .isInstanceOfSatisfying(OAuth2AuthorizationException.class, e -> {
                    assertThat(e.getError().getErrorCode()).isEqualTo("invalid_token_response");
                    assertThat(e.getError().getDescription()).contains("401")
                            .contains("invalid_client").contains("invalid client credentials");
                });
    }

    @Test
    void whenSpringUsesAClientOfNoAppThenInvalidClientIdIsParsedFromThe400() {
        ClientRegistration registration = ClientRegistration.withRegistrationId("nobody")
                .clientId("3MVG9nobody").clientSecret("x")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(server.baseUrl() + "/services/oauth2/token").build();

        assertThatThrownBy(() -> new ClientCredentialsOAuth2AuthorizedClientProvider().authorize(
                OAuth2AuthorizationContext.withClientRegistration(registration)
                        .principal(UsernamePasswordAuthenticationToken.authenticated("integration", null,
                                AuthorityUtils.NO_AUTHORITIES)).build()))
                .isInstanceOfSatisfying(OAuth2AuthorizationException.class, e -> {
                    assertThat(e.getError().getErrorCode()).isEqualTo("invalid_client_id");
                    assertThat(e.getError().getDescription()).isEqualTo("client identifier invalid");
                });
    }
}
