package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records by external id over real HTTP, in Salesforce's wire shapes ({@code salesforce-compat.md} section 12.2):
 * the upsert's 201 / 200 / 204 by API version, 300 with the matching URLs, 404 for a field that is no external id,
 * reads and deletes by value, the upsert collection with {@code created} per record, and the admin flags that make a
 * field an external id. The access rules are in {@code records.ExternalIdRecordsTest}.
 */
class ExternalIdHttpTest extends OneServerTest {
    private static final AtomicInteger OBJECTS = new AtomicInteger();

    String object;
    String base;

    /** A fresh custom object with a case-insensitive external id Code__c, a unique number Num__c, and Note__c. */
    @BeforeEach
    void object() {
        object = "Item" + OBJECTS.incrementAndGet() + "__c";
        t.expect("POST", "/services/data/v66.0/userbound/objects", token, map("Name", object, "Label", "Item"), 201);
        field(map("Name", "Code__c", "Type", "text", "ExternalId", true));
        field(map("Name", "Num__c", "Type", "number", "ExternalId", true, "Unique", true));
        field(map("Name", "Note__c", "Type", "text"));
        base = "/services/data/v66.0/sobjects/" + object + "/";
    }

    void field(Map<String, Object> body) {
        t.expect("POST", "/services/data/v66.0/userbound/objects/" + object + "/fields", token, body, 201);
    }

    HttpResponse<String> send(String method, String path, Object body) {
        return method.equals("GET") ? t.get(path, token) : t.json(method, path, token, body);
    }

    @Test
    void whenNothingMatchesThenUpsertCreatesWith201AndTheValue() {
        HttpResponse<String> r = send("PATCH", base + "Code__c/ab-1", map("Name", "n", "Note__c", "first"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("errors")).isEmpty();
        assertThat(body.get("created").asBoolean()).isTrue();
        JsonNode record = t.expect("GET", base + body.get("id").asText(), token, null, 200);
        assertThat(record.get("Code__c").asText()).isEqualTo("ab-1");
        assertThat(record.get("Note__c").asText()).isEqualTo("first");
    }

    @Test
    void whenOneRecordMatchesInAnyCaseThenUpsertUpdatesItWith200AndCreatedFalse() {
        String id = json(send("PATCH", base + "Code__c/AB-2", map("Name", "n", "Note__c", "first"))).get("id").asText();

        HttpResponse<String> r = send("PATCH", base + "Code__c/ab-2", map("Name", "n", "Note__c", "second"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("id").asText()).isEqualTo(id);
        assertThat(json(r).get("created").asBoolean()).isFalse();
        JsonNode record = t.expect("GET", base + id, token, null, 200);
        assertThat(record.get("Note__c").asText()).isEqualTo("second");
        assertThat(record.get("Code__c").asText()).as("the stored value keeps its case").isEqualTo("AB-2");
    }

    @ParameterizedTest(name = "v{0}: created {1}, updated {2}")
    @CsvSource({"45.0, 201, 204", "46.0, 201, 200", "66.0, 201, 200"})
    void whenTheVersionIsBefore46ThenAnUpdatingUpsertAnswers204(String version, int created, int updated) {
        String path = "/services/data/v" + version + "/sobjects/" + object + "/Code__c/v-" + version;
        HttpResponse<String> first = send("PATCH", path, map("Name", "n", "Note__c", "a"));
        HttpResponse<String> second = send("PATCH", path, map("Name", "n", "Note__c", "b"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(created);
        assertThat(json(first).has("created")).isEqualTo(!version.equals("45.0"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(updated);
        assertThat(second.body().isEmpty()).isEqualTo(updated == 204);
    }

    @Test
    void whenSeveralRecordsMatchThenUpsertGetAndDeleteAnswer300WithTheirUrls() {
        String a = json(send("POST", base, map("Name", "n", "Code__c", "twin", "Note__c", "a"))).get("id").asText();
        String b = json(send("POST", base, map("Name", "n", "Code__c", "TWIN", "Note__c", "b"))).get("id").asText();

        for (String method : List.of("PATCH", "GET", "DELETE")) {
            HttpResponse<String> r = send(method, base + "Code__c/Twin", method.equals("PATCH")
                    ? map("Name", "n", "Note__c", "c") : null);
            assertThat(r.statusCode()).as(method + " " + r.body()).isEqualTo(300);
            assertThat(json(r).isArray()).isTrue();
            assertThat(json(r)).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                    "/services/data/v66.0/sobjects/" + object + "/" + a,
                    "/services/data/v66.0/sobjects/" + object + "/" + b);
        }
        assertThat(t.expect("GET", base + a, token, null, 200).get("Note__c").asText()).isEqualTo("a");
        t.expect("GET", base + b, token, null, 200);
    }

    @ParameterizedTest
    @CsvSource({"Nope__c", "Note__c", "Name", "OwnerId"})
    void whenTheFieldIsUnknownOrNoExternalIdThenEveryMethodIs404(String field) {
        for (String method : List.of("PATCH", "GET", "DELETE")) {
            JsonNode error = assertRestError(send(method, base + field + "/x", method.equals("PATCH")
                    ? map("Name", "n", "Note__c", "c") : null), 404, "NOT_FOUND");
            assertThat(error.get("message").asText()).isEqualTo(
                    "Provided external ID field does not exist or is not accessible: " + field);
        }
        assertThat(t.expect("GET", "/services/data/v66.0/query?q=SELECT+Id+FROM+" + object, token, null, 200)
                .get("totalSize").asInt()).as("nothing was written").isZero();
    }

    @Test
    void whenReadAndDeletedByValueThenTheRecordIsServedThenGone() {
        String id = json(send("PATCH", base + "Num__c/42", map("Name", "n", "Note__c", "n"))).get("id").asText();

        JsonNode read = t.expect("GET", base + "Num__c/42.0?fields=Note__c", token, null, 200);
        assertThat(read.get("Id").asText()).isEqualTo(id);
        assertThat(read.get("Note__c").asText()).isEqualTo("n");
        assertThat(read.get("attributes").get("url").asText()).endsWith("/sobjects/" + object + "/" + id);

        t.expect("DELETE", base + "Num__c/42", token, null, 204);
        assertRestError(send("GET", base + "Num__c/42", null), 404, "NOT_FOUND");
        assertRestError(send("GET", base + id, null), 404, "NOT_FOUND");
        assertThat(json(send("PATCH", base + "Num__c/42", map("Name", "again"))).get("created").asBoolean())
                .as("a deleted record no longer holds its value").isTrue();
    }

    @Test
    void whenTheBodyRepeatsTheExternalIdThenOnlyTheSameValueIsAccepted() {
        assertThat(send("PATCH", base + "Code__c/same", map("Name", "n", "Code__c", "SAME", "Note__c", "x")).statusCode())
                .isEqualTo(201);
        JsonNode error = assertRestError(send("PATCH", base + "Code__c/same", map("Code__c", "other")), 400,
                "INVALID_FIELD");
        assertThat(error.get("message").asText()).contains("Code__c", "other", "same");
    }

    @Test
    void whenUpsertedByIdThenTheRecordIsUpdatedAndAnUnknownIdIsNotFound() {
        String id = json(send("POST", base, map("Name", "n", "Note__c", "a"))).get("id").asText();

        assertThat(send("PATCH", base + "Id/" + id, map("Name", "n", "Note__c", "b")).statusCode()).isEqualTo(200);
        assertThat(t.expect("GET", base + "Id/" + id, token, null, 200).get("Note__c").asText()).isEqualTo("b");
        assertRestError(send("PATCH", base + "Id/" + id.substring(0, 3) + "000000000000", map("Name", "n", "Note__c", "c")),
                404, "NOT_FOUND");
    }

    @Test
    void whenACollectionIsUpsertedThenEachRecordSaysWhetherItWasCreated() {
        String existing = json(send("PATCH", base + "Code__c/c-1", map("Name", "n", "Note__c", "old"))).get("id").asText();
        Map<String, Object> body = map("allOrNone", false, "records", List.of(
                map("attributes", map("type", object), "Name", "n", "Code__c", "C-1", "Note__c", "new"),
                map("attributes", map("type", object), "Name", "n", "Code__c", "c-2", "Note__c", "made"),
                map("attributes", map("type", object), "Note__c", "no key"),
                map("attributes", map("type", object), "Name", "n", "Code__c", "c-3", "Nope__c", "bad")));

        JsonNode reply = t.expect("PATCH", "/services/data/v66.0/composite/sobjects/" + object + "/Code__c", token,
                body, 200);

        assertThat(reply).hasSize(4);
        assertThat(reply.get(0).get("id").asText()).isEqualTo(existing);
        assertThat(reply.get(0).get("created").asBoolean()).isFalse();
        assertThat(reply.get(1).get("success").asBoolean()).isTrue();
        assertThat(reply.get(1).get("created").asBoolean()).isTrue();
        assertThat(reply.get(2).get("success").asBoolean()).isFalse();
        assertThat(reply.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("MISSING_ARGUMENT");
        assertThat(reply.get(3).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(t.expect("GET", base + existing, token, null, 200).get("Note__c").asText()).isEqualTo("new");
        assertRestError(send("GET", base + "Code__c/c-3", null), 404, "NOT_FOUND");
    }

    @Test
    void whenANumberExternalIdIsOutOfRangeThenItIsRefusedWithoutWork() {
        for (String huge : List.of("1e2147483647", "1e3000000", "-9e999999999")) {
            assertRestError(send("PATCH", base + "Num__c/" + huge, map("Name", "n")), 400,
                    "NUMBER_OUTSIDE_VALID_RANGE");
            assertRestError(send("GET", base + "Num__c/" + huge, null), 404, "NOT_FOUND");
        }
    }

    @Test
    void whenACollectionElementIsOfAnotherTypeThenItIsRefused() {
        JsonNode reply = t.expect("PATCH", "/services/data/v66.0/composite/sobjects/" + object + "/Code__c", token,
                map("records", List.of(map("attributes", map("type", "Account"), "Name", "n", "Code__c", "t-1"))),
                200);

        assertThat(reply.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_TYPE");
        assertRestError(send("GET", base + "Code__c/t-1", null), 404, "NOT_FOUND");
    }

    @Test
    void whenAnAllOrNoneCollectionHasAFailureThenNothingIsUpserted() {
        String existing = json(send("PATCH", base + "Code__c/d-1", map("Name", "n", "Note__c", "old"))).get("id").asText();
        Map<String, Object> body = map("allOrNone", true, "records", List.of(
                map("Name", "n", "Code__c", "d-1", "Note__c", "new"), map("Name", "n", "Code__c", "d-2", "Note__c", "made"),
                map("Name", "n", "Code__c", "d-3", "Nope__c", "bad")));

        JsonNode reply = t.expect("PATCH", "/services/data/v66.0/composite/sobjects/" + object + "/Code__c", token,
                body, 200);

        assertThat(reply).extracting(r -> r.get("errors").get(0).get("statusCode").asText())
                .containsExactly("ALL_OR_NONE_OPERATION_ROLLED_BACK", "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "INVALID_FIELD");
        assertThat(t.expect("GET", base + existing, token, null, 200).get("Note__c").asText()).isEqualTo("old");
        assertRestError(send("GET", base + "Code__c/d-2", null), 404, "NOT_FOUND");
    }

    @Test
    void whenTheCollectionNamesNoExternalIdThenTheCallIs404() {
        assertRestError(send("PATCH", "/services/data/v66.0/composite/sobjects/" + object + "/Note__c",
                map("records", List.of(map("Name", "n", "Note__c", "x")))), 404, "NOT_FOUND");
    }

    @Test
    void whenDescribedThenTheExternalIdsSaySo() {
        JsonNode fields = t.expect("GET", base + "describe", token, null, 200).get("fields");
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        fields.forEach(f -> byName.put(f.get("name").asText(), f));

        assertThat(byName.get("Code__c").get("externalId").asBoolean()).isTrue();
        assertThat(byName.get("Code__c").get("idLookup").asBoolean()).isTrue();
        assertThat(byName.get("Code__c").get("unique").asBoolean()).isFalse();
        assertThat(byName.get("Num__c").get("unique").asBoolean()).isTrue();
        assertThat(byName.get("Note__c").get("externalId").asBoolean()).isFalse();
    }

    @Test
    void whenAUniqueTextFieldIsNotCaseSensitiveThenACaseVariantIsADuplicate() {
        field(map("Name", "Key__c", "Type", "text", "Unique", true));
        field(map("Name", "Exact__c", "Type", "text", "Unique", true, "CaseSensitive", true));
        t.expect("POST", base, token, map("Name", "n", "Key__c", "Acme", "Exact__c", "Acme"), 201);

        assertRestError(send("POST", base, map("Name", "n", "Key__c", "ACME")), 400, "DUPLICATE_VALUE");
        t.expect("POST", base, token, map("Name", "n", "Key__c", "other", "Exact__c", "ACME"), 201);
        assertRestError(send("POST", base, map("Name", "n", "Key__c", "third", "Exact__c", "Acme")), 400, "DUPLICATE_VALUE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "checkbox|ExternalId|true|only text, email and number fields can be external ids",
        "text|CaseSensitive|true|only a unique text or email field can be case-sensitive"})
    void whenAFlagDoesNotFitTheTypeThenTheFieldIsRefused(String type, String flag, boolean value, String message) {
        HttpResponse<String> r = send("POST", "/services/data/v66.0/userbound/objects/" + object + "/fields",
                map("Name", "Bad__c", "Type", type, flag, value));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(message);
    }
}
