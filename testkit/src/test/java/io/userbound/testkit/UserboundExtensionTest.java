package io.userbound.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.RestClient;
import io.userbound.client.TokenClient;
import io.userbound.protocol.TokenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each thing the extension gives a test works: the server, the admin, the integration user and its SDK clients. */
class UserboundExtensionTest {
    @RegisterExtension
    static final UserboundExtension userbound = UserboundExtension.builder().build();

    static UserboundServer startedBeforeAll;

    @BeforeAll
    static void before(UserboundServer server) {
        startedBeforeAll = server;
    }

    @Test
    void whenAskedInBeforeAllAndInATestThenBothGetTheOnePerClassServer(UserboundServer server) {
        assertThat(server).isSameAs(startedBeforeAll).isSameAs(userbound.server());
    }

    @Test
    void whenTheBaseUrlIsCalledThenTheServerOnALoopbackPortAnswers(UserboundServer server) throws Exception {
        assertThat(server.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
        HttpResponse<String> discovery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                server.baseUrl() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains(server.baseUrl() + "/services/oauth2/token");
        assertThat(server.runningServer().store().databaseProductName()).isEqualTo("H2");
    }

    @Test
    void whenTheAdminCallsTheApiThenItRunsAsTheBootstrappedAdmin(Admin admin) {
        JsonNode me = admin.rest().userInfo();

        assertThat(me.get("preferred_username").asText()).isEqualTo(admin.username());
        JsonNode cliApp = admin.rest().get("sobjects/ConnectedApplication/ConsumerKey/" + admin.consumerKey());
        assertThat(cliApp.get("ConsumerKey").asText()).isEqualTo(admin.consumerKey());
    }

    @Test
    void whenTheIntegrationUserIsGivenThenItsAppHoldsItsCertificate(IntegrationUser user, Admin admin) {
        JsonNode app = admin.rest().get("sobjects/ConnectedApplication/" + user.appId());

        assertThat(app.get("ConsumerKey").asText()).isEqualTo(user.consumerKey());
        assertThat(app.get("Certificates").get(0).get("Thumbprint").asText())
                .isEqualToIgnoringCase(user.keys().thumbprint());
        JsonNode u = admin.rest().get("sobjects/User/" + user.userId());
        assertThat(u.get("Username").asText()).isEqualTo(user.username());
        assertThat(u.get("UserType").asText()).isEqualTo("CloudIntegrationUser");
    }

    @Test
    void whenTheIntegrationUserLogsInWithJwtBearerThenTheTokenRunsAsThatUser(IntegrationUser user,
            TokenClient tokens) {
        TokenResponse token = tokens.jwtBearer(user.assertion());

        assertThat(token.accessToken()).isNotBlank();
        assertThat(token.userId()).isEqualTo(user.userId());
        assertThat(token.instanceUrl()).isEqualTo(userbound.server().baseUrl());
    }

    @Test
    void whenTheIntegrationUserCreatesARecordThenSoqlFindsItOwnedByThatUser(RestClient api, IntegrationUser user) {
        String id = api.post("sobjects/Account", Map.of("Name", "Testkit Corp")).get("id").asText();

        JsonNode result = api.get("query?q=SELECT+Id,Name,OwnerId+FROM+Account+WHERE+Id='" + id + "'");

        assertThat(result.get("totalSize").asInt()).isEqualTo(1);
        assertThat(result.get("records").get(0).get("Name").asText()).isEqualTo("Testkit Corp");
        assertThat(result.get("records").get(0).get("OwnerId").asText()).isEqualTo(user.userId());
        assertThat(api.userInfo().get("preferred_username").asText()).isEqualTo(user.username());
    }

    @Test
    void whenAnotherIntegrationUserIsMadeThenItHasItsOwnAppAndCanLogIn(UserboundServer server) {
        IntegrationUser other = server.newIntegration("Second App");

        assertThat(other.consumerKey()).isNotEqualTo(server.integration().consumerKey());
        assertThat(other.appName()).startsWith("Second App ");
        assertThat(other.rest().userInfo().get("preferred_username").asText()).isEqualTo(other.username());
    }
}
