package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collection read, {@code GET composite/sobjects/{T}?ids=...&fields=...} and its {@code POST} form with
 * {@code {"ids", "fields"}} (jsforce {@code retrieve([ids])}): the records in the order asked, null where an id names
 * no record of the type. Access rules are the read's own; {@code AuthorizationBypassTest} takes this path as another
 * user.
 */
class CollectionRetrieveHttpTest extends OneServerTest {
    static String first;
    static String second;

    @BeforeAll
    static void setUp() {
        first = t.expect("POST", V + "sobjects/Account", token, map("Name", "First", "Phone", "1"), 201).get("id")
                .asText();
        second = t.expect("POST", V + "sobjects/Account", token, map("Name", "Second", "Phone", "2"), 201).get("id")
                .asText();
    }

    @Test
    void whenIdsAreReadAsACollectionThenEachComesInOrderAndAnUnknownOneIsNull() {
        String contactId = t.expect("POST", V + "sobjects/Contact", token, map("LastName", "Not an account"), 201)
                .get("id").asText();
        String unknown = "001" + "0".repeat(12);
        JsonNode got = t.expect("GET", V + "composite/sobjects/Account?ids=" + second + "," + unknown + ","
                + first.toLowerCase() + "x," + contactId + "," + first + "&fields=Name,Phone", token, null, 200);

        assertThat(got).hasSize(5);
        assertThat(got.get(0).get("Name").asText()).isEqualTo("Second");
        assertThat(got.get(0).get("Id").asText()).isEqualTo(second);
        assertThat(got.get(0).get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(got.get(1).isNull()).as("an unknown id").isTrue();
        assertThat(got.get(2).isNull()).as("a malformed id").isTrue();
        assertThat(got.get(3).isNull()).as("an id of another type").isTrue();
        assertThat(got.get(4).get("Phone").asText()).isEqualTo("1");
        assertThat(got.get(4).has("Industry")).as("only the fields asked for").isFalse();
    }

    @Test
    void whenThePostFormIsUsedThenItAnswersAsTheGet() {
        JsonNode got = t.expect("POST", V + "composite/sobjects/Account", token,
                map("ids", List.of(first, second), "fields", List.of("Id", "Name")), 200);

        assertThat(got).extracting(r -> r.get("Name").asText()).containsExactly("First", "Second");
    }

    @Test
    void whenIdsOrFieldsAreMissingOrTooManyThenTheCallIsRefused() {
        assertRestError(t.get(V + "composite/sobjects/Account?ids=" + first, token), 400, "MISSING_ARGUMENT");
        assertRestError(t.get(V + "composite/sobjects/Account?fields=Name", token), 400, "MISSING_ARGUMENT");
        assertRestError(t.json("POST", V + "composite/sobjects/Account", token,
                map("ids", Collections.nCopies(2_001, first), "fields", List.of("Name"))), 400, "INVALID_OPERATION");
        assertRestError(t.json("POST", V + "composite/sobjects/Account", token, map("ids", first, "fields",
                List.of("Name"))), 400, "JSON_PARSER_ERROR");
        assertRestError(t.get(V + "composite/sobjects/Account?ids=" + first + "&fields=Nope__c", token), 400,
                "INVALID_FIELD");
        assertRestError(t.get(V + "composite/sobjects/Nope__c?ids=" + first + "&fields=Name", token), 404,
                "NOT_FOUND");
    }
}
