package io.userbound.server;

import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Field permissions that do not take one call per field, and a permission set as one document (issue 14, item 7):
 * {@code PUT userbound/permissionSets/PS/fieldPermissions/T} sets every governed field of an object in one
 * transaction; {@code GET} and {@code PUT userbound/permissionSets/PS/document} export and import a permission set
 * exactly, and a document that is wrong anywhere changes nothing.
 */
class PermissionSetDocumentHttpTest extends OneServerTest {
    static final String U = V + "userbound/";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        t.expect("POST", U + "objects", token, map("Name", "Doc__c", "Label", "Doc"), 201);
        for (String f : List.of("Alpha__c", "Beta__c", "Gamma__c")) {
            t.expect("POST", U + "objects/Doc__c/fields", token, map("Name", f, "Type", "text"), 201);
        }
        t.expect("POST", U + "objects/Doc__c/fields", token, map("Name", "Must__c", "Type", "text", "Required",
                true), 201);
    }

    static String permissionSet() {
        String name = "Doc_Set_" + NAMES.incrementAndGet();
        t.expect("POST", V + "sobjects/PermissionSet", token, map("Name", name, "PermissionsApiEnabled", true), 201);
        return name;
    }

    static JsonNode document(String name) {
        return t.expect("GET", U + "permissionSets/" + name + "/document", token, null, 200);
    }

    @Test
    void whenAllFieldsAreSetThenEveryGovernedFieldTakesTheAccessInOneCall() {
        String ps = permissionSet();

        JsonNode edit = t.expect("PUT", U + "permissionSets/" + ps + "/fieldPermissions/Doc__c", token,
                map("PermissionsRead", true, "PermissionsEdit", true), 200);
        JsonNode read = t.expect("PUT", U + "permissionSets/" + ps + "/fieldPermissions/Doc__c", token,
                map("PermissionsRead", true), 200);

        assertThat(edit.get("totalSize").asInt()).isEqualTo(3);
        assertThat(edit.get("records").findValuesAsText("Field")).containsExactly("Doc__c.Alpha__c",
                "Doc__c.Beta__c", "Doc__c.Gamma__c");
        assertThat(edit.get("records").findValuesAsText("PermissionsEdit")).containsOnly("true");
        assertThat(read.get("records").findValuesAsText("PermissionsEdit")).containsOnly("false");
        assertThat(document(ps).get("FieldPermissions").findValuesAsText("PermissionsRead")).hasSize(3)
                .containsOnly("true");
    }

    @Test
    void whenADocumentIsImportedUnderAnotherNameThenTheCopyExportsTheSameAndAReimportChangesNothing() {
        String source = permissionSet();
        t.expect("PUT", U + "permissionSets/" + source + "/objectPermissions/Doc__c", token,
                map("PermissionsRead", true, "PermissionsEdit", true), 200);
        t.expect("PUT", U + "permissionSets/" + source + "/objectPermissions/Account", token,
                map("PermissionsRead", true), 200);
        t.expect("PUT", U + "permissionSets/" + source + "/fieldPermissions/Doc__c/Beta__c", token,
                map("PermissionsRead", true, "PermissionsEdit", true), 200);
        t.expect("PUT", U + "permissionSets/" + source + "/fieldPermissions/Account/Phone", token,
                map("PermissionsRead", true), 200);
        ObjectNode doc = (ObjectNode) document(source);
        String copy = "Doc_Copy_" + NAMES.incrementAndGet();
        ((ObjectNode) doc.get("PermissionSet")).put("Name", copy).put("PermissionsViewSetup", true);

        JsonNode created = t.expect("PUT", U + "permissionSets/" + copy + "/document", token, doc, 201);
        JsonNode again = t.expect("PUT", U + "permissionSets/" + copy + "/document", token, doc, 200);

        assertThat(created).isEqualTo(doc);
        assertThat(again).isEqualTo(doc);
        assertThat(document(copy)).isEqualTo(doc);
        assertThat(doc.get("ObjectPermissions").findValuesAsText("SobjectType")).containsExactly("Account", "Doc__c");
        assertThat(doc.get("FieldPermissions").findValuesAsText("Field")).containsExactly("Account.Phone",
                "Doc__c.Beta__c");
        assertThat(t.expect("GET", V + "sobjects/PermissionSet/Name/" + copy, token, null, 200)
                .get("PermissionsViewSetup").asBoolean()).as("system permissions are imported").isTrue();
    }

    @Test
    void whenTheDocumentGrantsLessThenTheRestIsRemoved() {
        String ps = permissionSet();
        t.expect("PUT", U + "permissionSets/" + ps + "/objectPermissions/Doc__c", token,
                map("PermissionsRead", true), 200);
        t.expect("PUT", U + "permissionSets/" + ps + "/fieldPermissions/Doc__c", token,
                map("PermissionsRead", true), 200);
        ObjectNode doc = (ObjectNode) document(ps);
        doc.putArray("ObjectPermissions").addObject().put("SobjectType", "Contact").put("PermissionsRead", true);
        ((ArrayNode) doc.get("FieldPermissions")).remove(0);
        ((ObjectNode) doc.get("PermissionSet")).remove("PermissionsApiEnabled");

        JsonNode stored = t.expect("PUT", U + "permissionSets/" + ps + "/document", token, doc, 200);

        assertThat(stored.get("ObjectPermissions").findValuesAsText("SobjectType")).containsExactly("Contact");
        assertThat(stored.get("FieldPermissions").findValuesAsText("Field")).containsExactly("Doc__c.Beta__c",
                "Doc__c.Gamma__c");
        assertThat(stored.get("PermissionSet").has("PermissionsApiEnabled")).isFalse();
    }

    @Test
    void whenAnyPartOfTheDocumentIsWrongThenNothingChanges() {
        String ps = permissionSet();
        t.expect("PUT", U + "permissionSets/" + ps + "/objectPermissions/Doc__c", token,
                map("PermissionsRead", true), 200);
        JsonNode before = document(ps);

        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, withObject(before, "Nope__c")),
                400, "INVALID_TYPE");
        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, withField(before,
                "Doc__c.Must__c")), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, withField(before,
                "Doc__c.Nope__c")), 400, "INVALID_FIELD");
        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, withObject(withObject(before,
                "Account"), "Account")), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("PUT", U + "permissionSets/Other_Name/document", token, withObject(before,
                "Account")), 400, "FIELD_INTEGRITY_EXCEPTION");
        ObjectNode unknown = before.deepCopy();
        unknown.put("Surprise", true);
        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, unknown), 400,
                "INVALID_FIELD");
        assertRestError(t.json("PUT", U + "permissionSets/" + ps + "/document", token, map("ObjectPermissions",
                List.of())), 400, "REQUIRED_FIELD_MISSING");

        assertThat(document(ps)).isEqualTo(before);
        assertRestError(t.get(U + "permissionSets/Nobody/document", token), 404, "NOT_FOUND");
    }

    /** The document with one more object permission (read), placed first so that a later entry is not reached. */
    static ObjectNode withObject(JsonNode doc, String object) {
        ObjectNode copy = doc.deepCopy();
        ArrayNode objects = copy.putArray("ObjectPermissions");
        objects.addObject().put("SobjectType", "Account").put("PermissionsRead", true);
        objects.addObject().put("SobjectType", object).put("PermissionsRead", true);
        doc.get("ObjectPermissions").forEach(o -> {
            if (!o.get("SobjectType").asText().equals("Account")) {
                objects.add(o);
            }
        });
        return copy;
    }

    static ObjectNode withField(JsonNode doc, String field) {
        ObjectNode copy = doc.deepCopy();
        ((ArrayNode) copy.get("FieldPermissions")).addObject().put("Field", field).put("PermissionsRead", true);
        return copy;
    }
}
