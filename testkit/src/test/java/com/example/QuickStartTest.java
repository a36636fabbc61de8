package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.RestClient;
import io.userbound.testkit.Userbound;
import java.util.Map;
import org.junit.jupiter.api.Test;

@Userbound
class QuickStartTest {
    @Test
    void theIntegrationUserCreatesAnAccountAndFindsItWithSoql(RestClient api) {
        String id = api.post("sobjects/Account", Map.of("Name", "Acme")).get("id").asText();

        JsonNode result = api.get("query?q=SELECT+Id,Name+FROM+Account+WHERE+Name='Acme'");

        assertThat(result.get("totalSize").asInt()).isEqualTo(1);
        assertThat(result.get("records").get(0).get("Id").asText()).isEqualTo(id);
    }
}
