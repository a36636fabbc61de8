package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SelfSignedCertificates;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nimbus OAuth 2.0 SDK ({@code oauth2-oidc-sdk}) as a third-party client of the client credentials grant: its
 * {@code ClientCredentialsGrant} with {@code ClientSecretBasic}, {@code ClientSecretPost} and {@code PrivateKeyJWT}
 * (assertion {@code aud} = the token endpoint URL, {@code kid} = the certificate thumbprint), each token then used on
 * {@code /services/oauth2/userinfo} through Nimbus's {@code UserInfoRequest}.
 */
class NimbusClientCredentialsInteropTest extends EndToEndTest {
    static KeyAndCertificate keys;
    static TestServer.Registered reg;

    @BeforeAll
    static void register() {
        keys = SelfSignedCertificates.create("CN=nimbus-cc", 30);
        reg = server.registerClientCredentials("Nimbus CC", keys);
    }

    private static URI tokenEndpoint() {
        return URI.create(server.baseUrl() + "/services/oauth2/token");
    }

    private static ClientAuthentication auth(String method) throws Exception {
        ClientID id = new ClientID(reg.consumerKey());
        return switch (method) {
            case "client_secret_basic" -> new ClientSecretBasic(id, new Secret(reg.consumerSecret()));
            case "client_secret_post" -> new ClientSecretPost(id, new Secret(reg.consumerSecret()));
            case "private_key_jwt" -> new PrivateKeyJWT(id, tokenEndpoint(), JWSAlgorithm.RS256, keys.privateKey(),
                    PemKeys.thumbprint(keys.certificate()), null);
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"client_secret_basic", "client_secret_post", "private_key_jwt"})
    void whenNimbusClientCredentialsGrantThenTokenWorksForUserInfo(String method) throws Exception {
        TokenRequest request = new TokenRequest(tokenEndpoint(), auth(method), new ClientCredentialsGrant());

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
        AccessTokenResponse ok = response.toSuccessResponse();
        BearerAccessToken token = ok.getTokens().getBearerAccessToken();
        assertThat(token.getValue()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(token.getLifetime()).isEqualTo(7200);
        assertThat(ok.getCustomParameters()).containsEntry("instance_url", server.baseUrl())
                .containsKey("issued_at");
        assertThat(ok.getCustomParameters().containsKey("signature")).isEqualTo(!method.equals("private_key_jwt"));

        UserInfo userInfo = UserInfoResponse.parse(new UserInfoRequest(
                URI.create(server.baseUrl() + "/services/oauth2/userinfo"), token).toHTTPRequest().send())
                .toSuccessResponse().getUserInfo();
        assertThat(userInfo.getStringClaim("user_id")).isEqualTo(reg.userId());
        assertThat(userInfo.getPreferredUsername()).isEqualTo(reg.username());
    }

    @Test
    void whenNimbusSendsAWrongSecretThenItParsesInvalidClientWith401() throws Exception {
        TokenRequest request = new TokenRequest(tokenEndpoint(),
                new ClientSecretBasic(new ClientID(reg.consumerKey()), new Secret("0".repeat(64))),
                new ClientCredentialsGrant());

        ErrorObject error = TokenResponse.parse(request.toHTTPRequest().send()).toErrorResponse().getErrorObject();

        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getDescription()).isEqualTo("invalid client credentials");
        assertThat(error.getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void whenNimbusPrivateKeyJwtIsSignedForAnotherServerThenInvalidClientAudience() throws Exception {
        PrivateKeyJWT foreign = new PrivateKeyJWT(new ClientID(reg.consumerKey()),
                URI.create("https://login.salesforce.com/services/oauth2/token"), JWSAlgorithm.RS256,
                keys.privateKey(), null, null);

        ErrorObject error = TokenResponse.parse(new TokenRequest(tokenEndpoint(), foreign,
                new ClientCredentialsGrant()).toHTTPRequest().send()).toErrorResponse().getErrorObject();

        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getDescription()).isEqualTo("client assertion audience is invalid");
        assertThat(error.getHTTPStatusCode()).isEqualTo(401);
    }
}
