package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST composite} and {@code POST composite/batch} (issue 14, item 3): subrequests in order, references between
 * them, per-subrequest statuses and bodies, and {@code allOrNone} that really rolls back. The access rules are the
 * single calls' own; {@code AuthorizationBypassTest} takes these paths as another user.
 */
class CompositeHttpTest extends OneServerTest {

    static Map<String, Object> sub(String method, String url, String referenceId, Object body) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(map("method", method, "url", url, "referenceId",
                referenceId));
        if (body != null) {
            m.put("body", body);
        }
        return m;
    }

    static JsonNode composite(boolean allOrNone, Object... subrequests) {
        return t.expect("POST", V + "composite", token, map("allOrNone", allOrNone, "compositeRequest",
                List.of(subrequests)), 200).get("compositeResponse");
    }

    static int count(String soql) {
        return t.expect("GET", V + "query?q=" + java.net.URLEncoder.encode(soql, java.nio.charset.StandardCharsets.UTF_8),
                token, null, 200).get("totalSize").asInt();
    }

    @Test
    void whenSubrequestsReferToEarlierOnesThenEachRunsWithTheirValuesAndAnswersItsOwnStatus() {
        String name = "Composite " + UUID.randomUUID();
        JsonNode replies = composite(false,
                sub("POST", V + "sobjects/Account", "NewAccount", map("Name", name)),
                sub("POST", V + "sobjects/Contact", "NewContact", map("LastName", "Ref", "AccountId",
                        "@{NewAccount.id}")),
                sub("GET", V + "sobjects/Account/@{NewAccount.id}?fields=Name", "ReadBack", null),
                sub("GET", V + "query?q=SELECT+Id,AccountId+FROM+Contact+WHERE+AccountId='@{NewAccount.id}'",
                        "Children", null),
                sub("PATCH", V + "sobjects/Account/@{Children.records[0].AccountId}", "Rename",
                        map("Name", "@{ReadBack.Name} renamed")));

        assertThat(replies.findValuesAsText("referenceId")).containsExactly("NewAccount", "NewContact", "ReadBack",
                "Children", "Rename");
        assertThat(replies.findValues("httpStatusCode")).extracting(JsonNode::asInt)
                .containsExactly(201, 201, 200, 200, 204);
        String accountId = replies.get(0).get("body").get("id").asText();
        assertThat(replies.get(0).get("httpHeaders").get("Location").asText())
                .isEqualTo("/services/data/v66.0/sobjects/Account/" + accountId);
        assertThat(replies.get(2).get("body").get("Name").asText()).isEqualTo(name);
        assertThat(replies.get(3).get("body").get("totalSize").asInt()).isEqualTo(1);
        assertThat(replies.get(4).get("body").isNull()).isTrue();
        assertThat(t.expect("GET", V + "sobjects/Account/" + accountId, token, null, 200).get("Name").asText())
                .isEqualTo(name + " renamed");
    }

    @Test
    void whenAllOrNoneAndOneSubrequestFailsThenEverythingIsRolledBackAndTheOthersSayProcessingHalted() {
        String name = "Rolled back " + UUID.randomUUID();
        JsonNode replies = composite(true,
                sub("POST", V + "sobjects/Account", "First", map("Name", name)),
                sub("POST", V + "sobjects/Contact", "Second", map("LastName", name, "AccountId", "@{First.id}")),
                sub("POST", V + "sobjects/Contact", "Broken", map("Nope__c", "x")),
                sub("POST", V + "sobjects/Account", "NeverRun", map("Name", name)));

        assertThat(replies.findValues("httpStatusCode")).extracting(JsonNode::asInt)
                .containsExactly(400, 400, 400, 400);
        assertThat(replies.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        for (int i : new int[] {0, 1, 3}) {
            assertThat(replies.get(i).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        }
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isZero();
        assertThat(count("SELECT COUNT() FROM Contact WHERE LastName = '" + name + "'")).isZero();
    }

    @Test
    void whenNotAllOrNoneThenAFailureStopsOnlyTheSubrequestsThatReferToIt() {
        String name = "Partial " + UUID.randomUUID();
        JsonNode replies = composite(false,
                sub("POST", V + "sobjects/Account", "Broken", map("Nope__c", "x")),
                sub("POST", V + "sobjects/Contact", "Dependent", map("LastName", name, "AccountId", "@{Broken.id}")),
                sub("POST", V + "sobjects/Account", "Independent", map("Name", name)),
                sub("GET", V + "sobjects/Account/@{Independent.nope}", "BadPath", null),
                sub("GET", V + "tooling/query?q=SELECT+Id+FROM+ApexClass", "Unserved", null),
                sub("POST", V + "sobjects/Account/@{Independent.id}", "WrongMethod", map("Name", "x")),
                sub("GET", V + "query?q=SELECT+Id+FROM+Account+WHERE+Name='%zz'", "BadEscape", null),
                sub("GET", "/services/data/v9.0/sobjects/Account/@{Independent.id}", "OldVersion", null));

        assertThat(replies.findValues("httpStatusCode")).extracting(JsonNode::asInt)
                .containsExactly(400, 400, 201, 400, 404, 405, 400, 404);
        assertThat(replies.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(replies.get(1).get("body").get(0).get("message").asText()).contains("Broken.id");
        assertThat(replies.get(3).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isOne();
        assertThat(count("SELECT COUNT() FROM Contact WHERE LastName = '" + name + "'")).isZero();
    }

    @Test
    void whenTheRequestIsMalformedThenItIsRefusedWholeAndNothingRuns() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            many.add(sub("GET", V + "limits", "r" + i, null));
        }
        assertRestError(t.json("POST", V + "composite", token, map("compositeRequest", many)), 400,
                "INVALID_OPERATION");
        assertRestError(t.json("POST", V + "composite", token, map("compositeRequest", List.of(
                sub("POST", V + "sobjects/Account", "same", map("Name", "dup-ref")),
                sub("POST", V + "sobjects/Account", "same", map("Name", "dup-ref"))))), 400, "INVALID_OPERATION");
        assertRestError(t.json("POST", V + "composite", token, map("compositeRequest", List.of(), "x", 1)), 400,
                "JSON_PARSER_ERROR");
        assertRestError(t.json("POST", V + "composite", token, map("compositeRequest", List.of(
                map("method", "FETCH", "url", V + "limits", "referenceId", "a")))), 400, "JSON_PARSER_ERROR");
        assertRestError(t.json("POST", V + "composite", token, map("allOrNone", "yes", "compositeRequest",
                List.of(sub("GET", V + "limits", "a", null)))), 400, "JSON_PARSER_ERROR");
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = 'dup-ref'")).isZero();
    }

    @Test
    void whenABatchRunsThenEachSubrequestAnswersOnItsOwnAndHaltOnErrorStopsTheRest() {
        String name = "Batch " + UUID.randomUUID();
        JsonNode all = t.expect("POST", V + "composite/batch", token, map("batchRequests", List.of(
                map("method", "POST", "url", "v66.0/sobjects/Account", "richInput", map("Name", name)),
                map("method", "GET", "url", "v66.0/sobjects/Account/001000000000000AAA"),
                map("method", "GET", "url", "v66.0/query?q=SELECT+COUNT()+FROM+Account+WHERE+Name='"
                        + name.replace(" ", "+") + "'"))), 200);
        JsonNode halted = t.expect("POST", V + "composite/batch", token, map("haltOnError", true, "batchRequests",
                List.of(map("method", "GET", "url", "v66.0/sobjects/Account/001000000000000AAA"),
                        map("method", "POST", "url", "v66.0/sobjects/Account", "richInput", map("Name", name)))),
                200);

        assertThat(all.get("hasErrors").asBoolean()).isTrue();
        assertThat(all.get("results").findValues("statusCode")).extracting(JsonNode::asInt)
                .containsExactly(201, 404, 200);
        assertThat(all.get("results").get(2).get("result").get("totalSize").asInt()).isOne();
        assertThat(halted.get("results").findValues("statusCode")).extracting(JsonNode::asInt)
                .containsExactly(404, 412);
        assertThat(count("SELECT COUNT() FROM Account WHERE Name = '" + name + "'")).isOne();
    }
}
