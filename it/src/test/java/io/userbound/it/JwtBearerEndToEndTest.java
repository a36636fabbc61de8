package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.OAuthClientException;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.client.Token;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole story over real HTTP with the project's own SDK: keys, app and user registered through the admin
 * surface, a JWT bearer login, userinfo and the identity URL, and the LoginHistory row.
 */
class JwtBearerEndToEndTest extends EndToEndTest {

    private static JwtBearerTokenSource login(TestServer.Registered reg, PrivateKey key) {
        return JwtBearerTokenSource.builder().loginUrl(server.baseUrl()).clientId(reg.consumerKey())
                .username(reg.username()).privateKey(key).build();
    }

    @Test
    void whenIntegrationUserLogsInWithJwtBearerThenIdentityUserinfoAndLoginHistoryAgree(@TempDir Path dir) {
        // keys create, with the SDK, written and read back as files
        SelfSignedCertificates.create("CN=nightly-etl", 30).writeTo(dir);
        PrivateKey key = PemKeys.readPrivateKey(dir.resolve("private-key.pem"), null);
        KeyAndCertificate keys = new KeyAndCertificate(key, PemKeys.readCertificate(dir.resolve("certificate.pem")));
        TestServer.Registered reg = server.registerIntegration("Nightly ETL", keys);

        JwtBearerTokenSource tokens = login(reg, key);
        Token token = tokens.token();
        assertThat(token.accessToken()).matches("(00D\\w{12,15})![.\\w]*");
        assertThat(token.instanceUrl()).isEqualTo(server.baseUrl());
        String orgId = server.profile.get("orgId").asText();
        assertThat(token.identityUrl()).isEqualTo(server.baseUrl() + "/id/" + orgId + "/" + reg.userId());

        RestClient api = new RestClient(tokens);
        JsonNode userinfo = api.userInfo();
        assertThat(userinfo.get("user_id").asText()).isEqualTo(reg.userId());
        assertThat(userinfo.get("organization_id").asText()).isEqualTo(orgId);
        assertThat(userinfo.get("preferred_username").asText()).isEqualTo(reg.username());
        assertThat(userinfo.get("is_salesforce_integration_user").asBoolean()).isTrue();

        JsonNode identity = api.identity();
        assertThat(identity.get("username").asText()).isEqualTo(reg.username());
        assertThat(identity.get("user_id").asText()).isEqualTo(reg.userId());
        assertThat(identity.get("id").asText()).isEqualTo(token.identityUrl());

        JsonNode history = server.admin.get("userbound/loginHistory?username=" + reg.username() + "&limit=5");
        assertThat(history.get("totalSize").asInt()).isEqualTo(1);
        JsonNode row = history.get("records").get(0);
        assertThat(row.get("Status").asText()).isEqualTo("Success");
        assertThat(row.get("UserId").asText()).isEqualTo(reg.userId());
        assertThat(row.get("Application").asText()).isEqualTo(reg.appName());
        assertThat(row.get("LoginType").asText()).isEqualTo("Remote Access 2.0");
        assertThat(row.get("LoginSubType").asText()).isEqualTo("JWT Bearer");
        assertThat(row.get("SourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(row.get("CertificateThumbprint").asText()).isEqualTo(PemKeys.thumbprint(keys.certificate()));
    }

    @Test
    void whenUserIsNotGrantedThenInvalidAppAccessAndOneFailedLoginHistoryRow() {
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=ungranted", 30);
        TestServer.Registered reg = server.registerIntegration("Ungranted", keys);
        String other = "other-" + reg.username();
        server.admin.post("sobjects/User", Map.of("Username", other, "LastName", "Other", "UserType", "integration"));

        JwtBearerTokenSource tokens = JwtBearerTokenSource.builder().loginUrl(server.baseUrl())
                .clientId(reg.consumerKey()).username(other).privateKey(keys.privateKey()).build();
        assertThatThrownBy(tokens::token)
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_app_access");
                    assertThat(e.errorDescription()).isEqualTo("user is not admin approved to access this app");
                });

        JsonNode history = server.admin.get("userbound/loginHistory?username=" + other + "&limit=5");
        assertThat(history.get("totalSize").asInt()).isEqualTo(1);
        assertThat(history.get("records").get(0).get("Status").asText()).startsWith("Failed: ");
    }

    @Test
    void whenCertificateRotatedThenBothWorkAndTheRemovedOneStopsAtOnce() {
        KeyAndCertificate first = SelfSignedCertificates.create("CN=rotation-1", 30);
        KeyAndCertificate second = SelfSignedCertificates.create("CN=rotation-2", 30);
        TestServer.Registered reg = server.registerIntegration("Rotation", first);
        server.admin.post("sobjects/ConnectedApplication/" + reg.appId() + "/certificates",
                Map.of("Certificate", PemKeys.toPem(second.certificate())));

        assertThat(login(reg, first.privateKey()).token().accessToken()).isNotBlank();
        assertThat(login(reg, second.privateKey()).token().accessToken()).isNotBlank();

        server.admin.delete("sobjects/ConnectedApplication/" + reg.appId() + "/certificates/"
                + PemKeys.thumbprint(first.certificate()));

        assertThatThrownBy(() -> login(reg, first.privateKey()).token())
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_grant");
                    assertThat(e.errorDescription()).isEqualTo("invalid assertion");
                });
        assertThat(login(reg, second.privateKey()).token().accessToken()).isNotBlank();
    }

    @Test
    void whenUserDeactivatedThenNextLoginFailsLikeAnUngrantedUser() {
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=deactivate", 30);
        TestServer.Registered reg = server.registerIntegration("Deactivate", keys);
        assertThat(login(reg, keys.privateKey()).token().accessToken()).isNotBlank();

        server.admin.patch("sobjects/User/" + reg.userId(), Map.of("IsActive", false));

        assertThatThrownBy(() -> login(reg, keys.privateKey()).token())
                .isInstanceOfSatisfying(OAuthClientException.class,
                        e -> assertThat(e.error()).isEqualTo("invalid_app_access"));
    }
}
