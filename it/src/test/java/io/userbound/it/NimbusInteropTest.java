package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionDetails;
import com.nimbusds.oauth2.sdk.assertions.jwt.JWTAssertionFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SelfSignedCertificates;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.util.Date;
import java.util.List;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nimbus OAuth 2.0 SDK ({@code oauth2-oidc-sdk}) as a third-party client: its {@code JWTBearerGrant} with an assertion
 * from {@code JWTAssertionFactory} (header {@code {alg, kid}}, {@code exp = now + 5 min}, a {@code jti}, no {@code iat}),
 * then its {@code UserInfoRequest} with the token.
 */
class NimbusInteropTest extends EndToEndTest {
    static KeyAndCertificate keys;
    static TestServer.Registered reg;

    @BeforeAll
    static void register() {
        keys = SelfSignedCertificates.create("CN=nimbus", 30);
        reg = server.registerIntegration("Nimbus", keys);
    }

    private SignedJWT assertion(String audience) throws Exception {
        JWTAssertionDetails details = new JWTAssertionDetails(new Issuer(reg.consumerKey()),
                new Subject(reg.username()), List.of(new Audience(audience)),
                new Date(System.currentTimeMillis() + 300_000), null, null, new JWTID(), null);
        return JWTAssertionFactory.create(details, JWSAlgorithm.RS256, (RSAPrivateKey) keys.privateKey(),
                PemKeys.thumbprint(keys.certificate()), null);
    }

    @Test
    void whenNimbusJwtBearerGrantThenTokenWorksForUserInfo() throws Exception {
        URI tokenEndpoint = URI.create(server.baseUrl() + "/services/oauth2/token");
        TokenRequest request = new TokenRequest(tokenEndpoint, new JWTBearerGrant(assertion(server.baseUrl())));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
        AccessTokenResponse ok = response.toSuccessResponse();
        BearerAccessToken token = ok.getTokens().getBearerAccessToken();
        assertThat(token.getValue()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(ok.getCustomParameters()).containsEntry("instance_url", server.baseUrl());

        HTTPResponse userInfoHttp = new UserInfoRequest(URI.create(server.baseUrl() + "/services/oauth2/userinfo"),
                token).toHTTPRequest().send();
        UserInfo userInfo = UserInfoResponse.parse(userInfoHttp).toSuccessResponse().getUserInfo();
        assertThat(userInfo.getPreferredUsername()).isEqualTo(reg.username());
        assertThat(userInfo.getStringClaim("user_id")).isEqualTo(reg.userId());

        HTTPRequest identity = new HTTPRequest(HTTPRequest.Method.GET,
                URI.create(ok.getCustomParameters().get("id").toString()));
        identity.setAuthorization(token.toAuthorizationHeader());
        JSONObject id = identity.send().getBodyAsJSONObject();
        assertThat(id.get("username")).isEqualTo(reg.username());
    }

    @Test
    void whenNimbusAssertionHasTokenEndpointAudienceThenAccepted() throws Exception {
        URI tokenEndpoint = URI.create(server.baseUrl() + "/services/oauth2/token");
        TokenRequest request = new TokenRequest(tokenEndpoint,
                new JWTBearerGrant(assertion(tokenEndpoint.toString())));

        assertThat(TokenResponse.parse(request.toHTTPRequest().send()).indicatesSuccess()).isTrue();
    }

    @Test
    void whenNimbusAssertionHasForeignAudienceThenInvalidGrantAudienceIsInvalid() throws Exception {
        URI tokenEndpoint = URI.create(server.baseUrl() + "/services/oauth2/token");
        TokenRequest request = new TokenRequest(tokenEndpoint,
                new JWTBearerGrant(assertion("https://elsewhere.example")));

        TokenErrorResponse error = TokenResponse.parse(request.toHTTPRequest().send()).toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(error.getErrorObject().getDescription()).isEqualTo("audience is invalid");
        assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(400);
    }
}
