package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.protocol.GrantTypes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance URL with a trailing slash ({@code sf org login access-token} stores {@code http://host:port/}) makes
 * every path start with {@code //}; Salesforce serves it as the single-slash path, and so does Userbound, on every
 * route: the token endpoint, the record API, identity, health.
 */
class DoubledSlashHttpTest extends OneServerTest {

    @Test
    void whenTheTokenPathStartsWithTwoSlashesThenTheGrantIsServed() {
        HttpResponse<String> r = t.postForm("//services/oauth2/token",
                Map.of("grant_type", GrantTypes.JWT_BEARER, "assertion", t.assertion(t.adminUsername())));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("access_token").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"//services/data", "//services/data/v66.0", "//services/data/v66.0/sobjects",
        "//services/data/v66.0//sobjects/Account/describe", "///services///data/v66.0/limits",
        "//services/data/v66.0/query?q=SELECT+Id+FROM+Account", "//services/oauth2/userinfo", "//health/live"})
    void whenAPathHasRepeatedSlashesThenItIsServedAsTheSinglePath(String path) {
        HttpResponse<String> doubled = t.get(path, token);
        HttpResponse<String> single = t.get(path.replaceAll("/+", "/"), token);

        assertThat(doubled.statusCode()).as(doubled.body()).isEqualTo(200).isEqualTo(single.statusCode());
    }

    @Test
    void whenARecordIsWrittenAndReadThroughDoubledSlashesThenItIsTheSameRecord() {
        JsonNode created = t.expect("POST", "//services/data/v66.0/sobjects/Account", token,
                map("Name", "Doubled Slash Ltd"), 201);
        String id = created.get("id").asText();

        t.expect("PATCH", "//services/data/v66.0/sobjects/Account/" + id, token, map("Industry", "Energy"), 204);
        JsonNode read = json(t.get("//services/data/v66.0/sobjects/Account/" + id, token));

        assertThat(read.get("Name").asText()).isEqualTo("Doubled Slash Ltd");
        assertThat(read.get("Industry").asText()).isEqualTo("Energy");
    }

    @Test
    void whenThePathIsCompactedThenAuthenticationStillApplies() {
        assertRestError(t.get("//services/data/v66.0/sobjects", null), 401, "INVALID_SESSION_ID");
    }

    @Test
    void whenASlashIsEncodedThenItIsNotMerged() {
        // %2F%2FAccount is one segment that names no object, not the path to Account
        assertRestError(t.get("/services/data/v66.0/sobjects/%2F%2FAccount/describe", token), 404, "NOT_FOUND");
    }
}
