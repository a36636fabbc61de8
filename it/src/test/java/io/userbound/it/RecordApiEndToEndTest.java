package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.ApiException;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API-only integration user, logged in with the JWT bearer flow through the SDK, reads and writes exactly what its
 * permission set allows, and field history names that user and the app whose token made the change.
 */
class RecordApiEndToEndTest extends EndToEndTest {
    static TestServer.Registered etl;
    static RestClient asEtl;
    static String adminInvoiceId;

    @BeforeAll
    static void setUp() {
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=invoice-sync", 30);
        etl = server.registerIntegration("Invoice Sync", keys);
        RestClient admin = server.admin;
        admin.post("userbound/objects", Map.of("Name", "Invoice__c", "Label", "Invoice", "SharingModel", "private"));
        admin.post("userbound/objects/Invoice__c/fields", Map.of("Name", "Amount__c", "Type", "currency"));
        admin.post("userbound/objects/Invoice__c/fields", Map.of("Name", "Secret__c", "Type", "text"));
        admin.post("userbound/objects/Invoice__c/fields", Map.of("Name", "Audited__c", "Type", "checkbox"));
        admin.post("userbound/objects/Invoice__c/fields", Map.of("Name", "InvoiceNo__c", "Type", "text",
                "ExternalId", true, "Unique", true));
        admin.patch("userbound/objects/Invoice__c/fields/Amount__c", Map.of("TrackHistory", true));
        JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", "Invoice_Clerk"));
        admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", etl.userId(), "PermissionSetId", ps.get("id").asText()));
        admin.put("userbound/permissionSets/Invoice_Clerk/objectPermissions/Invoice__c",
                Map.of("PermissionsRead", true, "PermissionsCreate", true, "PermissionsEdit", true));
        admin.put("userbound/permissionSets/Invoice_Clerk/fieldPermissions/Invoice__c/Amount__c",
                Map.of("PermissionsRead", true, "PermissionsEdit", true));
        admin.put("userbound/permissionSets/Invoice_Clerk/fieldPermissions/Invoice__c/InvoiceNo__c",
                Map.of("PermissionsRead", true, "PermissionsEdit", true));
        admin.put("userbound/permissionSets/Invoice_Clerk/fieldPermissions/Invoice__c/Audited__c",
                Map.of("PermissionsRead", true, "PermissionsEdit", false));
        admin.put("userbound/permissionSets/Invoice_Clerk/objectPermissions/Account",
                Map.of("PermissionsRead", true));
        adminInvoiceId = admin.post("sobjects/Invoice__c", Map.of("Name", "ADMIN-1", "Amount__c", 5))
                .get("id").asText();
        asEtl = new RestClient(JwtBearerTokenSource.builder().loginUrl(server.baseUrl()).clientId(etl.consumerKey())
                .username(etl.username()).privateKey(keys.privateKey()).build());
    }

    @Test
    void whenTheIntegrationUserWritesAllowedFieldsThenTheRecordIsCreatedAndReadBack() {
        String id = asEtl.post("sobjects/Invoice__c", Map.of("Name", "INV-1", "Amount__c", 120.5)).get("id")
                .asText();

        JsonNode rec = asEtl.get("sobjects/Invoice__c/" + id);

        assertThat(rec.get("Name").asText()).isEqualTo("INV-1");
        assertThat(rec.get("Amount__c").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(rec.get("OwnerId").asText()).isEqualTo(etl.userId());
        assertThat(rec.has("Secret__c")).as("a field without read access is absent").isFalse();
        assertThat(rec.get("Audited__c").asBoolean()).isFalse();
    }

    @Test
    void whenTheIntegrationUserNamesFieldsItMayNotUseThenItIsRefusedLikeSalesforce() {
        assertThat(refusal(() -> asEtl.post("sobjects/Invoice__c", Map.of("Name", "X", "Secret__c", "s"))))
                .isEqualTo("INVALID_FIELD");
        assertThat(refusal(() -> asEtl.post("sobjects/Invoice__c", Map.of("Name", "X", "Audited__c", true))))
                .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(refusal(() -> asEtl.get("query?q=SELECT+Secret__c+FROM+Invoice__c")))
                .isEqualTo("INVALID_FIELD");
    }

    @Test
    void whenTheIntegrationUserLacksObjectPermissionsThenObjectsAreReadOnlyOrAbsent() {
        assertThat(refusal(() -> asEtl.post("sobjects/Account", Map.of("Name", "Nope"))))
                .isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
        assertThat(asEtl.get("query?q=SELECT+Id+FROM+Account").get("done").asBoolean()).isTrue();
        assertThat(refusal(() -> asEtl.get("query?q=SELECT+Id+FROM+Contact"))).isEqualTo("INVALID_TYPE");
        assertThat(refusal(() -> asEtl.get("sobjects/Contact/describe"))).isEqualTo("NOT_FOUND");
        String id = asEtl.post("sobjects/Invoice__c", Map.of("Name", "INV-DEL")).get("id").asText();
        assertThat(refusal(() -> asEtl.delete("sobjects/Invoice__c/" + id)))
                .isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
    }

    @Test
    void whenARecordIsPrivateToAnotherOwnerThenTheIntegrationUserCannotSeeIt() {
        assertThat(refusal(() -> asEtl.get("sobjects/Invoice__c/" + adminInvoiceId))).isEqualTo("NOT_FOUND");
        JsonNode all = asEtl.get("query?q=SELECT+Id+FROM+Invoice__c");
        for (JsonNode r : all.get("records")) {
            assertThat(r.get("Id").asText()).isNotEqualTo(adminInvoiceId);
        }

        Map<String, Object> share = new LinkedHashMap<>();
        share.put("ParentId", adminInvoiceId);
        share.put("UserOrGroupId", etl.userId());
        share.put("AccessLevel", "Read");
        server.admin.post("sobjects/Invoice__Share", share);

        assertThat(asEtl.get("sobjects/Invoice__c/" + adminInvoiceId).get("Name").asText()).isEqualTo("ADMIN-1");
        assertThat(refusal(() -> asEtl.patch("sobjects/Invoice__c/" + adminInvoiceId, Map.of("Amount__c", 6))))
                .isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
    }

    @Test
    void whenTheIntegrationUserChangesATrackedFieldThenHistoryNamesTheUserAndTheApp() {
        String id = asEtl.post("sobjects/Invoice__c", Map.of("Name", "INV-H", "Amount__c", 10)).get("id").asText();

        asEtl.patch("sobjects/Invoice__c/" + id, Map.of("Amount__c", 12.25));

        JsonNode history = asEtl.get("query?q=SELECT+Field,OldValue,NewValue,CreatedById,ConsumerKey+FROM"
                + "+Invoice__History+WHERE+ParentId='" + id + "'+AND+Field='Amount__c'");
        assertThat(history.get("totalSize").asInt()).isEqualTo(1);
        JsonNode row = history.get("records").get(0);
        assertThat(List.of(row.get("OldValue").asText(), row.get("NewValue").asText()))
                .containsExactly("10.00", "12.25");
        assertThat(row.get("CreatedById").asText()).isEqualTo(etl.userId());
        assertThat(row.get("ConsumerKey").asText()).isEqualTo(etl.consumerKey());
    }

    @Test
    void whenTheSdkUpsertsByAnExternalIdThenItCreatesUpdatesReadsAndDeletesByIt() {
        // a space and letters outside ASCII travel percent-encoded; the unique text id ignores case
        RestClient.Upserted created = asEtl.upsert("Invoice__c", "InvoiceNo__c", "INV 2026 Ä-7",
                Map.of("Name", "Upserted", "Amount__c", 1));
        RestClient.Upserted updated = asEtl.upsert("Invoice__c", "InvoiceNo__c", "inv 2026 ä-7",
                Map.of("Amount__c", 2));

        assertThat(created.created()).isTrue();
        assertThat(updated).isEqualTo(new RestClient.Upserted(created.id(), false));
        JsonNode read = asEtl.getByExternalId("Invoice__c", "InvoiceNo__c", "INV 2026 Ä-7");
        assertThat(read.get("Id").asText()).isEqualTo(created.id());
        assertThat(read.get("InvoiceNo__c").asText()).as("stored as first written").isEqualTo("INV 2026 Ä-7");
        assertThat(read.get("Amount__c").decimalValue()).isEqualByComparingTo("2");
        assertThat(refusal(() -> asEtl.deleteByExternalId("Invoice__c", "InvoiceNo__c", "INV 2026 Ä-7")))
                .as("the clerk may not delete").isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
        server.admin.deleteByExternalId("Invoice__c", "InvoiceNo__c", "INV 2026 Ä-7");
        assertThat(refusal(() -> asEtl.getByExternalId("Invoice__c", "InvoiceNo__c", "INV 2026 Ä-7")))
                .isEqualTo("NOT_FOUND");
        assertThat(refusal(() -> asEtl.upsert("Invoice__c", "Secret__c", "x", Map.of("Name", "X"))))
                .as("a field that is no external id").isEqualTo("NOT_FOUND");
    }

    @Test
    void whenTheSdkQueriesTextInAnotherCaseThenItFindsTheRecordAsSalesforceDoes() {
        String id = asEtl.post("sobjects/Invoice__c", Map.of("Name", "Case-Test Ünit", "InvoiceNo__c", "CT-1"))
                .get("id").asText();

        JsonNode found = asEtl.get("query?q=" + java.net.URLEncoder.encode("SELECT Id FROM Invoice__c WHERE "
                + "Name = 'case-test ünit' AND InvoiceNo__c IN ('ct-1') AND Name LIKE 'CASE-TEST%'",
                java.nio.charset.StandardCharsets.UTF_8));
        JsonNode others = asEtl.get("query?q=" + java.net.URLEncoder.encode("SELECT Id FROM Invoice__c WHERE "
                + "Name != 'CASE-TEST ÜNIT' AND Id = '" + id + "'", java.nio.charset.StandardCharsets.UTF_8));

        assertThat(found.get("totalSize").asInt()).isEqualTo(1);
        assertThat(found.get("records").get(0).get("Id").asText()).isEqualTo(id);
        assertThat(others.get("totalSize").asInt()).as("!= ignores case too").isZero();
    }

    @Test
    void whenTheSdkSharesAnAccountThenTheChildLevelsAreRequiredAndStored() {
        String account = server.admin.post("sobjects/Account", Map.of("Name", "Shared by the SDK")).get("id")
                .asText();

        assertThat(refusal(() -> server.admin.post("sobjects/AccountShare", Map.of("AccountId", account,
                "UserOrGroupId", etl.userId(), "AccountAccessLevel", "Read")))).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(refusal(() -> server.admin.post("sobjects/AccountShare", Map.of("AccountId", account,
                "UserOrGroupId", etl.userId(), "AccountAccessLevel", "Read", "OpportunityAccessLevel", "None",
                "ContactAccessLevel", "Edit", "CaseAccessLevel", "None"))))
                .as("Opportunity is public read/write here").isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        String share = server.admin.post("sobjects/AccountShare", Map.of("AccountId", account, "UserOrGroupId",
                etl.userId(), "AccountAccessLevel", "Read", "OpportunityAccessLevel", "Edit", "ContactAccessLevel",
                "Edit", "CaseAccessLevel", "None")).get("id").asText();
        JsonNode row = server.admin.get("query?q=SELECT+OpportunityAccessLevel,ContactAccessLevel,CaseAccessLevel"
                + "+FROM+AccountShare+WHERE+Id='" + share + "'").get("records").get(0);
        assertThat(List.of(row.get("OpportunityAccessLevel").asText(), row.get("ContactAccessLevel").asText(),
                row.get("CaseAccessLevel").asText())).containsExactly("Edit", "Edit", "None");
    }

    @Test
    void whenTheIntegrationUserSendsACompositeRequestThenEachSubrequestHasItsOwnAccessChecks() {
        JsonNode replies = asEtl.post("composite", Map.of("compositeRequest", List.of(
                Map.of("method", "POST", "url", "/services/data/v66.0/sobjects/Invoice__c", "referenceId", "inv",
                        "body", Map.of("Name", "INV-C", "Amount__c", 7)),
                Map.of("method", "PATCH", "url", "/services/data/v66.0/sobjects/Invoice__c/@{inv.id}",
                        "referenceId", "secret", "body", Map.of("Secret__c", "no")),
                Map.of("method", "POST", "url", "/services/data/v66.0/sobjects/Account", "referenceId", "acct",
                        "body", Map.of("Name", "Not allowed"))))).get("compositeResponse");

        assertThat(replies.findValues("httpStatusCode")).extracting(JsonNode::asInt).containsExactly(201, 400, 403);
        assertThat(replies.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(replies.get(2).get("body").get(0).get("errorCode").asText())
                .isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
        assertThat(asEtl.get("sobjects/Invoice__c/" + replies.get(0).get("body").get("id").asText())
                .get("Name").asText()).isEqualTo("INV-C");
    }

    /**
     * On PostgreSQL a unique violation aborts the transaction, so an all-or-none collection must stop at it: the
     * elements after it are rolled back, not run into an aborted transaction (which answered 500).
     */
    @Test
    void whenAnAllOrNoneCollectionHitsADuplicateThenItIsRolledBackWithoutAServerError() {
        String no = "DUP-" + java.util.UUID.randomUUID();
        RestClient.Response r = asEtl.send("POST", "composite/sobjects", "{\"allOrNone\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"Invoice__c\"},\"Name\":\"A\",\"InvoiceNo__c\":\"" + no + "\"},"
                + "{\"attributes\":{\"type\":\"Invoice__c\"},\"Name\":\"B\",\"InvoiceNo__c\":\"" + no + "\"},"
                + "{\"attributes\":{\"type\":\"Invoice__c\"},\"Name\":\"C\"}]}");
        RestClient.Response composite = asEtl.send("POST", "composite", "{\"allOrNone\":true,\"compositeRequest\":["
                + "{\"method\":\"POST\",\"url\":\"/services/data/v66.0/sobjects/Invoice__c\",\"referenceId\":\"a\","
                + "\"body\":{\"Name\":\"A\",\"InvoiceNo__c\":\"" + no + "\"}},"
                + "{\"method\":\"POST\",\"url\":\"/services/data/v66.0/sobjects/Invoice__c\",\"referenceId\":\"b\","
                + "\"body\":{\"Name\":\"B\",\"InvoiceNo__c\":\"" + no + "\"}},"
                + "{\"method\":\"POST\",\"url\":\"/services/data/v66.0/sobjects/Invoice__c\",\"referenceId\":\"c\","
                + "\"body\":{\"Name\":\"C\"}}]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().findValuesAsText("statusCode")).containsExactly("ALL_OR_NONE_OPERATION_ROLLED_BACK",
                "DUPLICATE_VALUE", "ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(composite.status()).as(composite.body()).isEqualTo(200);
        assertThat(composite.json().get("compositeResponse").findValuesAsText("errorCode"))
                .containsExactly("PROCESSING_HALTED", "DUPLICATE_VALUE", "PROCESSING_HALTED");
        assertThat(asEtl.get("query?q=SELECT+COUNT()+FROM+Invoice__c+WHERE+InvoiceNo__c='" + no + "'")
                .get("totalSize").asInt()).isZero();
    }

    private static String refusal(Runnable call) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("the call must be refused").isNotNull();
        return e.errorCode();
    }
}
