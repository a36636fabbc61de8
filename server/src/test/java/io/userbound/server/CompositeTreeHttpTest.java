package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST composite/tree/{T}} (issue 14, item 3; {@code sf data import tree}): nested records by relationship
 * name, reference ids in the reply, at most 200 records, and all or nothing.
 */
class CompositeTreeHttpTest extends OneServerTest {

    @BeforeAll
    static void setUp() {
        t.expect("POST", V + "userbound/objects", token, map("Name", "Ticket__c", "Label", "Ticket"), 201);
        t.expect("POST", V + "userbound/objects/Ticket__c/fields", token, map("Name", "Account__c", "Type", "lookup",
                "ReferenceTo", "Account"), 201);
    }

    static Map<String, Object> rec(String type, String ref, Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("attributes", map("type", type, "referenceId", ref));
        m.putAll(map(kv));
        return m;
    }

    static int count(String soql) {
        return t.expect("GET", V + "query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), token, null, 200)
                .get("totalSize").asInt();
    }

    @Test
    void whenATreeIsPostedThenParentsAndChildrenAreCreatedAndLinkedWithTheirReferenceIds() {
        String name = "Tree " + UUID.randomUUID();
        JsonNode reply = t.expect("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Account", "acme", "Name", name, "Contacts", map("records", List.of(
                        rec("Contact", "ann", "LastName", name + " Ann"),
                        rec("Contact", "bob", "LastName", name + " Bob"))),
                        "Tickets__r", map("records", List.of(rec("Ticket__c", "t1", "Name", name + " ticket")))),
                rec("Account", "globex", "Name", name + " 2"))), 201);

        assertThat(reply.get("hasErrors").asBoolean()).isFalse();
        assertThat(reply.get("results").findValuesAsText("referenceId")).containsExactly("acme", "ann", "bob", "t1",
                "globex");
        String acme = reply.get("results").get(0).get("id").asText();
        assertThat(count("SELECT COUNT() FROM Contact WHERE AccountId = '" + acme + "'")).isEqualTo(2);
        assertThat(count("SELECT COUNT() FROM Ticket__c WHERE Account__c = '" + acme + "'")).isOne();
        JsonNode describe = t.expect("GET", V + "sobjects/Account/describe", token, null, 200);
        List<String> relationships = new ArrayList<>();
        describe.get("childRelationships").forEach(r -> relationships.add(r.get("relationshipName").asText()));
        assertThat(relationships).contains("Contacts", "Opportunities", "Tickets__r");
    }

    @Test
    void whenOneRecordFailsThenNothingIsCreatedAndItsReferenceIdNamesTheError() {
        String name = "Broken tree " + UUID.randomUUID();
        JsonNode reply = t.expect("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Account", "ok", "Name", name, "Contacts", map("records", List.of(
                        rec("Contact", "bad", "LastName", name, "Email", "not-an-email")))))), 400);

        assertThat(reply.get("hasErrors").asBoolean()).isTrue();
        assertThat(reply.get("results").get(0).get("referenceId").asText()).isEqualTo("bad");
        assertThat(reply.get("results").get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isZero();
    }

    @Test
    void whenTwoLookupsShareTheRelationshipNameThenTheTreeIsRefusedRatherThanGuessing() {
        t.expect("POST", V + "userbound/objects", token, map("Name", "Deal__c", "Label", "Deal"), 201);
        for (String lookup : List.of("Buyer__c", "Seller__c")) {
            t.expect("POST", V + "userbound/objects/Deal__c/fields", token, map("Name", lookup, "Type", "lookup",
                    "ReferenceTo", "Account"), 201);
        }
        String name = "Ambiguous " + UUID.randomUUID();

        JsonNode error = assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Account", "a", "Name", name, "Deals__r", map("records", List.of(rec("Deal__c", "d", "Name",
                        name))))))), 400, "INVALID_FIELD");

        assertThat(error.get("message").asText()).contains("Deal__c.Buyer__c", "Deal__c.Seller__c");
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isZero();
    }

    @Test
    void whenTheTreeIsMalformedThenItIsRefusedBeforeAnyWrite() {
        String name = "Malformed " + UUID.randomUUID();
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(rec("Account", "a" + i, "Name", name));
        }
        assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", many)), 400,
                "INVALID_OPERATION");
        assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Account", "x", "Name", name), rec("Account", "x", "Name", name)))), 400, "INVALID_OPERATION");
        assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Contact", "c", "LastName", name)))), 400, "INVALID_TYPE");
        assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", List.of(
                rec("Account", "p", "Name", name, "Nope", map("records", List.of(rec("Contact", "c", "LastName",
                        name))))))), 400, "INVALID_FIELD");
        assertRestError(t.json("POST", V + "composite/tree/Account", token, map("records", "none")), 400,
                "JSON_PARSER_ERROR");
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isZero();
    }
}
