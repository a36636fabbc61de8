package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.core.model.SetupAuditEntry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The record admin routes of docs/admin-api.md ("Objects, fields, access and roles") over real HTTP. */
class RecordsAdminHttpTest {
    static final String S = "/services/data/v66.0/sobjects/";
    static final String U = "/services/data/v66.0/userbound/";

    @TempDir
    static Path dir;
    static TestServer t;
    static String adminToken;
    static String org;
    static String plainToken;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        adminToken = t.adminToken();
        org = t.server.bootstrapResult().orgId();
        t.createStandardUser(adminToken, "plain@acme.test", "Plain");
        ok(t.json("POST", S + "PermissionSet", adminToken, map("Name", "Billing")), 201);
        plainToken = t.token("plain@acme.test");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : json(r);
    }

    static List<SetupAuditEntry> audit() {
        return t.server.store().setupAudit().list(org, 10_000);
    }

    @Test
    void whenObjectFieldTrackingAndSharingChangedThenEachIsVisibleInShowAndAudited() {
        int audits = audit().size();
        JsonNode created = ok(t.json("POST", U + "objects", adminToken, map("Name", "Invoice__c", "Label",
                "Invoice", "SharingModel", "private")), 201);
        assertThat(created.get("success").asBoolean()).isTrue();
        assertThat(created.get("id").asText()).startsWith("01I");
        assertThat(created.get("keyPrefix").asText()).isEqualTo("a00");
        assertThat(created.get("name").asText()).isEqualTo("Invoice__c");

        JsonNode field = ok(t.json("POST", U + "objects/invoice__c/fields", adminToken, map("Name", "Amount__c",
                "Type", "currency", "Required", true, "Precision", 12, "Scale", 2)), 201);
        assertThat(field.get("id").asText()).startsWith("00N");
        ok(t.json("POST", U + "objects/Invoice__c/fields", adminToken, map("Name", "Account__c", "Type", "lookup",
                "ReferenceTo", "Account")), 201);
        ok(t.json("PATCH", U + "objects/Invoice__c/fields/Amount__c", adminToken, map("TrackHistory", true)), 204);
        ok(t.json("PATCH", U + "objects/Invoice__c", adminToken, map("SharingModel", "public-read")), 204);

        JsonNode shown = ok(t.get(U + "objects/INVOICE__C", adminToken), 200);
        assertThat(shown.get("Name").asText()).isEqualTo("Invoice__c");
        assertThat(shown.get("SharingModel").asText()).isEqualTo("public-read");
        assertThat(shown.get("Custom").asBoolean()).isTrue();
        JsonNode amount = null;
        List<String> names = new ArrayList<>();
        for (JsonNode f : shown.get("Fields")) {
            names.add(f.get("Name").asText());
            if (f.get("Name").asText().equals("Amount__c")) {
                amount = f;
            }
        }
        assertThat(names).startsWith("Id", "OwnerId").contains("Name", "Amount__c", "Account__c");
        assertThat(amount.get("Type").asText()).isEqualTo("currency");
        assertThat(amount.get("Required").asBoolean()).isTrue();
        assertThat(amount.get("Precision").asInt()).isEqualTo(12);
        assertThat(amount.get("TrackHistory").asBoolean()).isTrue();

        JsonNode list = ok(t.get(U + "objects", adminToken), 200);
        List<String> objects = new ArrayList<>();
        list.get("records").forEach(o -> objects.add(o.get("Name").asText()));
        assertThat(objects).containsExactly("Account", "Contact", "Opportunity", "Invoice__c");

        // the record table exists with the new columns
        assertThat(t.server.store().records().select(new io.userbound.records.port.SqlStatement(
                "SELECT COUNT(f_amount__c), COUNT(f_account__c) FROM obj_invoice__c", List.of()), 2)).hasSize(1);
        assertThat(audit().subList(0, audit().size() - audits)).extracting(SetupAuditEntry::action).containsExactly(
                "SharingModelChange", "FieldHistoryTrackingChange", "CustomFieldCreate", "CustomFieldCreate",
                "CustomObjectCreate");
        assertThat(audit().get(0).createdByContext()).isEqualTo(t.consumerKey());
    }

    @Test
    void whenAccessAndRolesSetThenRepliesCarryTheStoredValues() {
        JsonNode o = ok(t.json("PUT", U + "permissionSets/billing/objectPermissions/opportunity", adminToken,
                map("PermissionsEdit", true)), 200);
        assertThat(o.get("attributes").get("type").asText()).isEqualTo("ObjectPermissions");
        assertThat(o.get("Id").asText()).startsWith("110");
        assertThat(o.get("SobjectType").asText()).isEqualTo("Opportunity");
        assertThat(o.get("PermissionsRead").asBoolean()).isTrue();
        assertThat(o.get("PermissionsEdit").asBoolean()).isTrue();
        assertThat(o.get("PermissionsDelete").asBoolean()).isFalse();

        JsonNode f = ok(t.json("PUT", U + "permissionSets/Billing/fieldPermissions/Opportunity/amount", adminToken,
                map("PermissionsRead", true)), 200);
        assertThat(f.get("Field").asText()).isEqualTo("Opportunity.Amount");
        assertThat(f.get("PermissionsRead").asBoolean()).isTrue();
        assertThat(f.get("PermissionsEdit").asBoolean()).isFalse();
        JsonNode none = ok(t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.base() + U
                + "permissionSets/Billing/fieldPermissions/Opportunity/Amount")).header("Authorization",
                "Bearer " + adminToken).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())), 200);
        assertThat(none.get("PermissionsRead").asBoolean()).isFalse();

        String ceo = ok(t.json("POST", U + "roles", adminToken, map("Name", "CEO")), 201).get("id").asText();
        ok(t.json("POST", U + "roles", adminToken, map("Name", "Sales", "ParentRoleName", "CEO")), 201);
        JsonNode roles = ok(t.get(U + "roles", adminToken), 200);
        assertThat(roles.get("totalSize").asInt()).isEqualTo(2);
        assertThat(roles.get("records").get(1).get("ParentRoleId").asText()).isEqualTo(ceo);
        assertThat(roles.get("records").get(1).get("attributes").get("type").asText()).isEqualTo("UserRole");

        JsonNode set = ok(t.json("PUT", U + "users/plain@acme.test/role", adminToken, map("RoleName", "sales")),
                200);
        assertThat(set.get("RoleName").asText()).isEqualTo("Sales");
        assertThat(set.get("Username").asText()).isEqualTo("plain@acme.test");
        assertThat(t.server.store().roles().roleOf(set.get("UserId").asText()))
                .contains(set.get("UserRoleId").asText());
        JsonNode cleared = ok(t.json("PUT", U + "users/plain@acme.test/role", adminToken, map("RoleName", null)),
                200);
        assertThat(cleared.get("UserRoleId").isNull()).isTrue();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("POST", "objects", map("Name", "Bad", "Label", "B"), 400, "FIELD_INTEGRITY_EXCEPTION"),
                Arguments.of("POST", "objects", map("Name", "Account__c"), 400, "REQUIRED_FIELD_MISSING"),
                Arguments.of("POST", "objects", map("Name", "X__c", "Label", "X", "Extra", 1), 400,
                        "INVALID_FIELD"),
                Arguments.of("GET", "objects/ScratchOrgInfo", null, 400, "INVALID_TYPE"),
                Arguments.of("PATCH", "objects/User", map("SharingModel", "private"), 400, "INVALID_TYPE"),
                Arguments.of("POST", "objects/Account/fields", map("Name", "Rank__c", "Type", "vector"), 400,
                        "FIELD_INTEGRITY_EXCEPTION"),
                Arguments.of("POST", "objects/Account/fields", map("Name", "Rank", "Type", "number"), 400,
                        "INVALID_FIELD"),
                Arguments.of("PATCH", "objects/Account/fields/OwnerId", map("TrackHistory", true), 400,
                        "INVALID_FIELD"),
                Arguments.of("PUT", "permissionSets/Nope/objectPermissions/Account", map("PermissionsRead", true),
                        404, "NOT_FOUND"),
                Arguments.of("PUT", "permissionSets/Billing/fieldPermissions/Account/Name",
                        map("PermissionsRead", true), 400, "FIELD_INTEGRITY_EXCEPTION"),
                Arguments.of("POST", "roles", map("ParentRoleName", "x"), 400, "REQUIRED_FIELD_MISSING"),
                Arguments.of("PUT", "users/ghost@acme.test/role", map("RoleName", null), 404, "NOT_FOUND"),
                Arguments.of("PUT", "users/plain@acme.test/role", map("RoleName", "Board"), 400,
                        "INVALID_CROSS_REFERENCE_KEY"));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("refusals")
    void whenInputIsBadThenSalesforceErrorAndNoAuditRow(String method, String path, Object body, int status,
            String code) {
        int audits = audit().size();
        HttpResponse<String> r = method.equals("GET") ? t.get(U + path, adminToken)
                : t.json(method, U + path, adminToken, body);
        assertRestError(r, status, code);
        assertThat(audit()).hasSize(audits);
    }

    static Stream<Arguments> guarded() {
        return Stream.of(
                Arguments.of("POST", "objects", map("Name", "Plain__c", "Label", "P")),
                Arguments.of("GET", "objects", null),
                Arguments.of("PATCH", "objects/Account", map("SharingModel", "private")),
                Arguments.of("POST", "objects/Account/fields", map("Name", "P__c", "Type", "text")),
                Arguments.of("PATCH", "objects/Account/fields/Industry", map("TrackHistory", true)),
                Arguments.of("PUT", "permissionSets/Billing/objectPermissions/Account", map("PermissionsRead", true)),
                Arguments.of("POST", "roles", map("Name", "Plain")),
                Arguments.of("GET", "roles", null),
                Arguments.of("PUT", "users/plain@acme.test/role", map("RoleName", null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("guarded")
    void whenPlainUserCallsThenInsufficientAccess(String method, String path, Object body) {
        HttpResponse<String> r = method.equals("GET") ? t.get(U + path, plainToken)
                : t.json(method, U + path, plainToken, body);
        assertRestError(r, 403, "INSUFFICIENT_ACCESS");
    }

    @Test
    void whenNoTokenThenUnauthorizedBeforeTheBodyIsRead() {
        assertRestError(t.json("POST", U + "objects", null, map("Name", "Anon__c", "Label", "A")), 401,
                "INVALID_SESSION_ID");
        assertRestError(t.json("POST", U + "objects", "bogus", "not json"), 401, "INVALID_SESSION_ID");
    }
}
