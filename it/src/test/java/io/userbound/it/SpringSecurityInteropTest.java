package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.JwtBearerOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Spring Security's {@code JwtBearerOAuth2AuthorizedClientProvider} (spring-security-oauth2-client 7) as a
 * third-party client: the caller supplies the signed assertion, Spring posts it (with {@code client_id} in the body
 * for {@code ClientAuthenticationMethod.NONE}, {@code Upgrade: h2c} from the JDK client) and parses the reply.
 */
class SpringSecurityInteropTest extends EndToEndTest {
    static KeyAndCertificate keys;
    static TestServer.Registered reg;

    @BeforeAll
    static void register() {
        keys = SelfSignedCertificates.create("CN=spring", 30);
        reg = server.registerIntegration("Spring", keys);
    }

    private OAuth2AuthorizedClient authorize(String audience, ClientAuthenticationMethod method) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("userbound")
                .clientId(reg.consumerKey())
                .clientSecret(method == ClientAuthenticationMethod.NONE ? null : reg.consumerSecret())
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
                .tokenUri(server.baseUrl() + "/services/oauth2/token")
                .build();
        String assertion = AssertionBuilder.forKey(keys.privateKey()).issuer(reg.consumerKey())
                .subject(reg.username()).audience(audience).lifetime(Duration.ofMinutes(3)).sign();
        Jwt jwt = Jwt.withTokenValue(assertion).header("alg", "RS256").subject(reg.username())
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(180)).build();

        JwtBearerOAuth2AuthorizedClientProvider provider = new JwtBearerOAuth2AuthorizedClientProvider();
        provider.setJwtAssertionResolver(context -> jwt);
        return provider.authorize(OAuth2AuthorizationContext.withClientRegistration(registration)
                .principal(UsernamePasswordAuthenticationToken.authenticated(reg.username(), null,
                        AuthorityUtils.NO_AUTHORITIES))
                .build());
    }

    @Test
    void whenSpringJwtBearerProviderThenTokenWorksForIdentityUrl() throws Exception {
        OAuth2AuthorizedClient client = authorize(server.baseUrl(), ClientAuthenticationMethod.NONE);

        String token = client.getAccessToken().getTokenValue();
        assertThat(token).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(client.getAccessToken().getTokenType().getValue()).isEqualToIgnoringCase("Bearer");

        HttpResponse<String> userinfo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/services/oauth2/userinfo"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(200);
        Map<?, ?> body = TestServer.JSON.readValue(userinfo.body(), Map.class);
        assertThat(body.get("preferred_username")).isEqualTo(reg.username());
    }

    @Test
    void whenSpringSendsClientSecretBasicThenAccepted() {
        OAuth2AuthorizedClient client = authorize(server.baseUrl() + "/", ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

        assertThat(client.getAccessToken().getTokenValue()).isNotBlank();
    }

    @Test
    void whenSpringAssertionHasWrongAudienceThenOAuth2ErrorCarriesSalesforceStrings() {
        assertThatThrownBy(() -> authorize("https://elsewhere.example", ClientAuthenticationMethod.NONE))
                .isInstanceOfSatisfying(OAuth2AuthorizationException.class, e -> {
                    assertThat(e.getError().getErrorCode()).isEqualTo("invalid_grant");
                    assertThat(e.getError().getDescription()).isEqualTo("audience is invalid");
                });
    }
}
