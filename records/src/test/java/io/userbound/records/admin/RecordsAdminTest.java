package io.userbound.records.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@link RecordsAdmin}, one table per operation, over in-memory stores. */
class RecordsAdminTest {
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final IdGenerator IDS = new RandomIdGenerator(CLOCK);
    static final String ORG = IDS.next(KeyPrefix.ORGANIZATION);

    InMemoryRecordStores db;
    ObjectCatalog catalog;
    RecordsAdmin admin;
    Caller adminCaller;
    Caller plainCaller;
    User other;
    PermissionSet ps;

    @BeforeEach
    void setUp() {
        db = new InMemoryRecordStores();
        // a catalog that would keep stale entries for an hour: only invalidation makes changes visible
        catalog = new ObjectCatalog(db.metadata(), CLOCK, 3_600_000);
        AccessSnapshots snapshots = new AccessSnapshots(new EffectivePermissions(null, null), null, null, null,
                CLOCK, 1_000);
        admin = new RecordsAdmin(db.ports(), catalog, snapshots, IDS, CLOCK);
        adminCaller = caller("admin@acme.test", EnumSet.of(SystemPermission.API_ENABLED,
                SystemPermission.CUSTOMIZE_APPLICATION, SystemPermission.MANAGE_USERS, SystemPermission.VIEW_SETUP));
        plainCaller = caller("plain@acme.test", EnumSet.of(SystemPermission.API_ENABLED));
        other = user("other@acme.test", ORG);
        ps = new PermissionSet(IDS.next(KeyPrefix.PERMISSION_SET), ORG, "Sales_Ops", "Sales Ops", Set.of(), NOW);
        db.permissionSets.put(ps.id(), ps);
    }

    User user(String username, String org) {
        User u = new User(IDS.next(KeyPrefix.USER), org, username, null, "Last", username, UserType.STANDARD, true,
                IDS.next(KeyPrefix.PROFILE), NOW, NOW);
        db.users.put(u.id(), u);
        return u;
    }

    Caller caller(String username, Set<SystemPermission> permissions) {
        User u = user(username, ORG);
        return new Caller(new AccessTokenRecord(IDS.next(KeyPrefix.ACCESS_TOKEN), "hash", ORG, u.id(),
                IDS.next(KeyPrefix.CONNECTED_APP), Set.of("api"), NOW, NOW.plusSeconds(60), null), u, permissions);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    ObjectDefinition invoice() {
        return admin.createObject(adminCaller, map("Name", "Invoice__c", "Label", "Invoice"));
    }

    List<String> actions() {
        return db.audit.stream().map(SetupAuditEntry::action).toList();
    }

    static void refused(Runnable call, RestErrorCode code, String fragment) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(fragment);
        });
    }

    // ------------------------------------------------------------------------------------------------ objects

    @Test
    void whenObjectCreatedThenTableFirstThenRowDefaultsAndAuditRow() {
        ObjectDefinition o = invoice();
        assertThat(o.name()).isEqualTo("Invoice__c");
        assertThat(o.keyPrefix()).isEqualTo("a00");
        assertThat(o.pluralLabel()).isEqualTo("Invoices");
        assertThat(o.sharingModel()).isEqualTo(SharingModel.PUBLIC_READ_WRITE);
        assertThat(o.id()).startsWith("01I");
        assertThat(db.ensured).extracting(ObjectDefinition::table).containsExactly("obj_invoice__c");
        assertThat(db.rowsAtEnsure).containsExactly(0);
        ObjectRow row = db.objects.get(0);
        assertThat(row).isEqualTo(new ObjectRow(o.id(), ORG, "Invoice__c", "Invoice", "Invoices", "a00", true,
                SharingModel.PUBLIC_READ_WRITE, StandardObjects.tableFor("Invoice__c"), NOW, NOW));
        assertThat(db.audit).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("CustomObjectCreate");
            assertThat(a.section()).isEqualTo("Custom Objects");
            assertThat(a.display()).contains("Invoice__c", "a00");
            assertThat(a.createdById()).isEqualTo(adminCaller.userId());
            assertThat(a.createdDate()).isEqualTo(NOW);
        });
        assertThat(catalog.find(ORG, "invoice__c")).isPresent();

        ObjectDefinition second = admin.createObject(adminCaller, map("Name", "Payment_Plan__c", "Label", "Plan",
                "PluralLabel", "Plans", "SharingModel", "private"));
        assertThat(second.keyPrefix()).isEqualTo("a01");
        assertThat(second.pluralLabel()).isEqualTo("Plans");
        assertThat(second.sharingModel()).isEqualTo(SharingModel.PRIVATE);
        assertThat(admin.listObjects(adminCaller)).extracting(ObjectDefinition::name)
                .containsExactly("Account", "Contact", "Opportunity", "Invoice__c", "Payment_Plan__c");
    }

    @Test
    void whenKeyPrefixesTakenThenTheFirstFreeOneInBase36OrderIsChosen() {
        assertThat(RecordsAdmin.freeKeyPrefix(Set.of())).isEqualTo("a00");
        assertThat(RecordsAdmin.freeKeyPrefix(Set.of("a00", "a02"))).isEqualTo("a01");
        Set<String> taken = new HashSet<>();
        for (char c : "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray()) {
            taken.add("a0" + c);
        }
        assertThat(RecordsAdmin.freeKeyPrefix(taken)).isEqualTo("a10");
    }

    static Stream<Arguments> badObjects() {
        String long40 = "A" + "b".repeat(39);
        return Stream.of(
                Arguments.of(map("Label", "L"), RestErrorCode.REQUIRED_FIELD_MISSING, "Name"),
                Arguments.of(map("Name", "Invoice", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "must end in __c"),
                Arguments.of(map("Name", "1nvoice__c", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "start with a letter"),
                Arguments.of(map("Name", "In__voice__c", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "single underscores"),
                Arguments.of(map("Name", "Invoice___c", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "single underscores"),
                Arguments.of(map("Name", "Inv-oice__c", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "letters"),
                Arguments.of(map("Name", long40 + "x__c", "Label", "L"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "at most 40"),
                Arguments.of(map("Name", "Invoice__c"), RestErrorCode.REQUIRED_FIELD_MISSING, "Label"),
                Arguments.of(map("Name", "Invoice__c", "Label", "x".repeat(41)), RestErrorCode.STRING_TOO_LONG,
                        "Label"),
                Arguments.of(map("Name", "Invoice__c", "Label", "L", "SharingModel", "secret"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "private, public-read, public-read-write"),
                Arguments.of(map("Name", "Invoice__c", "Label", "L", "SharingModel", "setup"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "SharingModel"),
                Arguments.of(map("Name", "Invoice__c", "Label", "L", "Color", "red"), RestErrorCode.INVALID_FIELD,
                        "Color"),
                Arguments.of(map("Name", 5, "Label", "L"), RestErrorCode.JSON_PARSER_ERROR, "Name"),
                Arguments.of(map("Name", "Taken__c", "Label", "L"), RestErrorCode.DUPLICATE_VALUE, "Taken__c"),
                Arguments.of(map("Name", "TAKEN__c", "Label", "L"), RestErrorCode.DUPLICATE_VALUE, "TAKEN__c"));
    }

    @ParameterizedTest
    @MethodSource("badObjects")
    void whenObjectInputIsBadThenRefusedWithItsCodeAndNothingWritten(Map<String, Object> body, RestErrorCode code,
            String fragment) {
        admin.createObject(adminCaller, map("Name", "Taken__c", "Label", "Taken"));
        int ensured = db.ensured.size();
        refused(() -> admin.createObject(adminCaller, body), code, fragment);
        assertThat(db.objects).hasSize(1);
        assertThat(db.audit).hasSize(1);
        assertThat(db.ensured).hasSize(ensured);
    }

    @Test
    void whenSharingSetOnStandardObjectThenOneSettingsRowIsUpsertedAndAudited() {
        ObjectDefinition a = admin.setSharing(adminCaller, "account", map("SharingModel", "private"));
        assertThat(a.sharingModel()).isEqualTo(SharingModel.PRIVATE);
        assertThat(db.objects).singleElement().satisfies(r -> {
            assertThat(r.custom()).isFalse();
            assertThat(r.id()).startsWith("01I");
            assertThat(r.apiName()).isEqualTo("Account");
            assertThat(r.keyPrefix()).isEqualTo("001");
            assertThat(r.table()).isEqualTo("obj_account");
        });
        assertThat(catalog.find(ORG, "Account").orElseThrow().sharingModel()).isEqualTo(SharingModel.PRIVATE);
        admin.setSharing(adminCaller, "Account", map("SharingModel", "Read"));
        assertThat(db.objects).singleElement().extracting(ObjectRow::sharingModel)
                .isEqualTo(SharingModel.PUBLIC_READ);
        admin.setSharing(adminCaller, "Account", map("SharingModel", "public-read"));
        assertThat(actions()).containsExactly("SharingModelChange", "SharingModelChange");
        assertThat(db.audit.get(0).display()).contains("Account", "public-read-write", "private");
        assertThat(db.audit.get(0).section()).isEqualTo("Sharing Defaults");
    }

    @Test
    void whenSharingSetOnCustomObjectThenItsRowChanges() {
        invoice();
        admin.setSharing(adminCaller, "Invoice__c", map("SharingModel", "private"));
        assertThat(db.objects).singleElement().satisfies(r -> {
            assertThat(r.custom()).isTrue();
            assertThat(r.sharingModel()).isEqualTo(SharingModel.PRIVATE);
        });
    }

    static Stream<Arguments> badSharing() {
        return Stream.of(
                Arguments.of("User", map("SharingModel", "private"), RestErrorCode.INVALID_TYPE,
                        "not a record object"),
                Arguments.of("AccountShare", map("SharingModel", "private"), RestErrorCode.INVALID_TYPE,
                        "not a record object"),
                Arguments.of("Nope__c", map("SharingModel", "private"), RestErrorCode.INVALID_TYPE, "Nope__c"),
                Arguments.of("Account", map(), RestErrorCode.REQUIRED_FIELD_MISSING, "SharingModel"),
                Arguments.of("Account", map("SharingModel", "everyone"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "everyone"));
    }

    @ParameterizedTest
    @MethodSource("badSharing")
    void whenSharingInputIsBadThenRefused(String object, Map<String, Object> body, RestErrorCode code,
            String fragment) {
        refused(() -> admin.setSharing(adminCaller, object, body), code, fragment);
        assertThat(db.objects).isEmpty();
        assertThat(db.audit).isEmpty();
    }

    @Test
    void whenObjectDescribedThenSetupObjectsToo() {
        assertThat(admin.describeObject(adminCaller, "user").name()).isEqualTo("User");
        refused(() -> admin.describeObject(adminCaller, "ScratchOrgInfo"), RestErrorCode.INVALID_TYPE,
                "ScratchOrgInfo");
    }

    // ------------------------------------------------------------------------------------------------ fields

    @Test
    void whenFieldCreatedThenTableGetsItBeforeTheRowAndTheCachedCatalogSeesIt() {
        invoice();
        assertThat(catalog.find(ORG, "Invoice__c").orElseThrow().field("Amount__c")).isEmpty();
        CustomFieldRow row = admin.createField(adminCaller, "invoice__c", map("Name", "Amount__c", "Type",
                "currency", "Required", true));
        FieldDefinition f = row.field();
        assertThat(row.id()).startsWith("00N");
        assertThat(row.objectName()).isEqualTo("invoice__c");
        assertThat(f.column()).isEqualTo("f_amount__c");
        assertThat(f.custom()).isTrue();
        assertThat(f.required()).isTrue();
        assertThat(f.label()).isEqualTo("Amount");
        assertThat(f.precision()).isEqualTo(18);
        assertThat(f.scale()).isEqualTo(2);
        assertThat(db.ensured.get(db.ensured.size() - 1).field("Amount__c")).contains(f);
        assertThat(db.rowsAtEnsure.get(db.rowsAtEnsure.size() - 1)).isEqualTo(1);
        assertThat(db.fields).containsExactly(row);
        assertThat(catalog.find(ORG, "Invoice__c").orElseThrow().field("amount__c")).contains(f);
        assertThat(db.audit.get(1).action()).isEqualTo("CustomFieldCreate");
        assertThat(db.audit.get(1).display()).contains("Invoice__c.Amount__c", "currency", "required");
    }

    static Stream<Arguments> goodFields() {
        return Stream.of(
                Arguments.of(map("Name", "Paid__c", "Type", "checkbox"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue()).isEqualTo("false")),
                Arguments.of(map("Name", "Paid__c", "Type", "checkbox", "DefaultValue", "TRUE"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue()).isEqualTo("true")),
                Arguments.of(map("Name", "Customer__c", "Type", "lookup", "ReferenceTo", "account"),
                        (Consumer<FieldDefinition>) f -> {
                            assertThat(f.referenceTo()).isEqualTo("Account");
                            assertThat(f.relationshipName()).isEqualTo("Customer__r");
                            assertThat(f.length()).isEqualTo(18);
                        }),
                Arguments.of(map("Name", "Parent__c", "Type", "lookup", "ReferenceTo", "Invoice__c"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.referenceTo()).isEqualTo("Invoice__c")),
                Arguments.of(map("Name", "Stage__c", "Type", "picklist", "PicklistValues", List.of("New", " Paid "),
                        "DefaultValue", "Paid"), (Consumer<FieldDefinition>) f -> {
                            assertThat(f.picklistValues()).containsExactly("New", "Paid");
                            assertThat(f.defaultValue()).isEqualTo("Paid");
                        }),
                Arguments.of(map("Name", "Tags__c", "Type", "multi-picklist", "PicklistValues", List.of("a", "b"),
                        "DefaultValue", "b;a"), (Consumer<FieldDefinition>) f ->
                        assertThat(f.defaultValue()).isEqualTo("b;a")),
                Arguments.of(map("Name", "Code__c", "Type", "text", "Length", 20, "Unique", true, "Label", "Code"),
                        (Consumer<FieldDefinition>) f -> {
                            assertThat(f.length()).isEqualTo(20);
                            assertThat(f.unique()).isTrue();
                            assertThat(f.label()).isEqualTo("Code");
                        }),
                Arguments.of(map("Name", "Notes__c", "Type", "long-text"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.length()).isEqualTo(32_768)),
                Arguments.of(map("Name", "Notes__c", "Type", "textarea", "Length", 131_072),
                        (Consumer<FieldDefinition>) f -> assertThat(f.type()).isEqualTo(FieldType.LONG_TEXT)),
                Arguments.of(map("Name", "Qty__c", "Type", "number", "Precision", 5, "Scale", 1, "DefaultValue",
                        "1234.5"), (Consumer<FieldDefinition>) f -> {
                            assertThat(f.precision()).isEqualTo(5);
                            assertThat(f.scale()).isEqualTo(1);
                            assertThat(f.defaultValue()).isEqualTo("1234.5");
                        }),
                Arguments.of(map("Name", "Rate__c", "Type", "percent", "DefaultValue", "7"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue()).isEqualTo("7.00")),
                Arguments.of(map("Name", "Due__c", "Type", "date", "DefaultValue", "2026-02-28"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue()).isEqualTo("2026-02-28")),
                Arguments.of(map("Name", "At__c", "Type", "datetime", "DefaultValue", "2026-02-28T10:00:00+02:00"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue())
                                .isEqualTo("2026-02-28T08:00:00Z")),
                Arguments.of(map("Name", "Mail__c", "Type", "email", "Unique", true, "DefaultValue", "a@b.co"),
                        (Consumer<FieldDefinition>) f -> assertThat(f.defaultValue()).isEqualTo("a@b.co")));
    }

    @ParameterizedTest
    @MethodSource("goodFields")
    void whenFieldOptionsAreValidThenTheDefinitionCarriesThem(Map<String, Object> body, Consumer<FieldDefinition> check) {
        invoice();
        check.accept(admin.createField(adminCaller, "Invoice__c", body).field());
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("Nope__c", map("Name", "A__c", "Type", "text"), RestErrorCode.INVALID_TYPE, "Nope__c"),
                Arguments.of("User", map("Name", "A__c", "Type", "text"), RestErrorCode.INVALID_TYPE,
                        "not a record object"),
                Arguments.of("Invoice__c", map("Name", "Amount", "Type", "text"), RestErrorCode.INVALID_FIELD,
                        "must end in __c"),
                Arguments.of("Invoice__c", map("Name", "Am__ount__c", "Type", "text"), RestErrorCode.INVALID_FIELD,
                        "single underscores"),
                Arguments.of("Invoice__c", map("Name", "TAKEN__c", "Type", "text"), RestErrorCode.DUPLICATE_VALUE,
                        "Taken__c"),
                Arguments.of("Invoice__c", map("Name", "A__c"), RestErrorCode.REQUIRED_FIELD_MISSING, "Type"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "blob"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "long-text"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "id"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "'id'"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "checkbox", "Required", true),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "cannot be required"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "date", "Unique", true),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "only text, email and number"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Length", 0),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 1 and 255"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Length", 256),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 1 and 255"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "long-text", "Length", 255),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 256 and 131072"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "long-text", "Length", 131_073),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 256 and 131072"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "Length", 10),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "only text and long-text"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Length", "10"),
                        RestErrorCode.JSON_PARSER_ERROR, "whole number"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "Precision", 19),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 1 and 18"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "Precision", 0),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 1 and 18"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "currency", "Precision", 4, "Scale", 5),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "between 0 and the precision (4)"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "Scale", -1),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Scale"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Precision", 4),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "only number, currency and percent"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist"),
                        RestErrorCode.REQUIRED_FIELD_MISSING, "PicklistValues"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues", List.of()),
                        RestErrorCode.REQUIRED_FIELD_MISSING, "PicklistValues"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues",
                        List.of("a;b")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "';'"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues",
                        List.of("a", "A")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "listed twice"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues",
                        List.of("a", " ")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "blank"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues",
                        List.of("a\nb")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "control characters"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues", List.of(1)),
                        RestErrorCode.JSON_PARSER_ERROR, "array of strings"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "PicklistValues", List.of("a")),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "only picklist"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "lookup"),
                        RestErrorCode.REQUIRED_FIELD_MISSING, "ReferenceTo"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "lookup", "ReferenceTo", "User"),
                        RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "User"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "lookup", "ReferenceTo", "Nope__c"),
                        RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "Nope__c"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "ReferenceTo", "Account"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "only lookup"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "lookup", "ReferenceTo", "Account",
                        "DefaultValue", "001000000000001AAA"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "no default value"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "DefaultValue", "abc"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "not a valid number"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "currency", "DefaultValue", "1.234"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "at most 2 decimals"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "number", "Precision", 3, "DefaultValue",
                        "1000"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "more than 3 digits"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "checkbox", "DefaultValue", "yes"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "true or false"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "date", "DefaultValue", "2026-13-01"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "YYYY-MM-DD"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "datetime", "DefaultValue", "yesterday"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "ISO 8601"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "picklist", "PicklistValues", List.of("a"),
                        "DefaultValue", "b"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "not one of the picklist"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "multi-picklist", "PicklistValues",
                        List.of("a", "b"), "DefaultValue", "a;a"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "repeated"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "email", "DefaultValue", "nope"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "not a valid email"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Length", 3, "DefaultValue", "abcd"),
                        RestErrorCode.STRING_TOO_LONG, "max length=3"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Required", "yes"),
                        RestErrorCode.JSON_PARSER_ERROR, "true or false"),
                Arguments.of("Invoice__c", map("Name", "A__c", "Type", "text", "Label", "x".repeat(41)),
                        RestErrorCode.STRING_TOO_LONG, "Label"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void whenFieldInputIsBadThenRefusedWithItsCodeAndNoDdlOrRow(String object, Map<String, Object> body,
            RestErrorCode code, String fragment) {
        invoice();
        admin.createField(adminCaller, "Invoice__c", map("Name", "Taken__c", "Type", "text"));
        int ensured = db.ensured.size();
        refused(() -> admin.createField(adminCaller, object, body), code, fragment);
        assertThat(db.fields).hasSize(1);
        assertThat(db.ensured).hasSize(ensured);
        assertThat(db.audit).hasSize(2);
    }

    @Test
    void whenFieldAddedToStandardObjectThenAuditSectionNamesIt() {
        admin.createField(adminCaller, "Account", map("Name", "Tier__c", "Type", "picklist", "PicklistValues",
                List.of("Gold", "Silver")));
        assertThat(db.ensured).singleElement().extracting(ObjectDefinition::table).isEqualTo("obj_account");
        assertThat(db.audit).singleElement().extracting(SetupAuditEntry::section).isEqualTo("Customize Accounts");
        assertThat(catalog.find(ORG, "Account").orElseThrow().field("Tier__c")).isPresent();
    }

    // ------------------------------------------------------------------------------------------------ tracking

    @Test
    void whenFieldTrackedTwiceThenOneChangeAndUntrackUndoesIt() {
        FieldDefinition f = admin.setTracking(adminCaller, "account", "industry", map("TrackHistory", true));
        assertThat(f.tracked()).isTrue();
        assertThat(catalog.find(ORG, "Account").orElseThrow().field("Industry").orElseThrow().tracked()).isTrue();
        admin.setTracking(adminCaller, "Account", "Industry", map("TrackHistory", true));
        assertThat(actions()).containsExactly("FieldHistoryTrackingChange");
        assertThat(db.audit.get(0).display()).isEqualTo("Started field history tracking of Account.Industry");
        admin.setTracking(adminCaller, "Account", "Industry", map("TrackHistory", false));
        assertThat(db.tracked).isEmpty();
        assertThat(actions()).hasSize(2);
        admin.setTracking(adminCaller, "Account", "Name", map("TrackHistory", true));
        assertThat(db.tracked).containsExactly(ORG + ":account.name");
    }

    @Test
    void whenTwentyFieldsTrackedThenTheTwentyFirstIsRefused() {
        invoice();
        for (int i = 1; i <= 21; i++) {
            admin.createField(adminCaller, "Invoice__c", map("Name", "F" + i + "__c", "Type", "text"));
        }
        for (int i = 1; i <= 20; i++) {
            admin.setTracking(adminCaller, "Invoice__c", "F" + i + "__c", map("TrackHistory", true));
        }
        refused(() -> admin.setTracking(adminCaller, "Invoice__c", "F21__c", map("TrackHistory", true)),
                RestErrorCode.INVALID_OPERATION, "already tracks 20 fields");
        admin.setTracking(adminCaller, "Invoice__c", "F1__c", map("TrackHistory", false));
        assertThat(admin.setTracking(adminCaller, "Invoice__c", "F21__c", map("TrackHistory", true)).tracked())
                .isTrue();
        assertThat(db.tracked).hasSize(20);
    }

    static Stream<Arguments> badTracking() {
        return Stream.of(
                Arguments.of("Account", "OwnerId", map("TrackHistory", true), RestErrorCode.INVALID_FIELD,
                        "system field"),
                Arguments.of("Contact", "Name", map("TrackHistory", true), RestErrorCode.INVALID_FIELD,
                        "calculated field"),
                Arguments.of("Account", "Nope__c", map("TrackHistory", true), RestErrorCode.INVALID_FIELD,
                        "No such column 'Nope__c'"),
                Arguments.of("LoginHistory", "Status", map("TrackHistory", true), RestErrorCode.INVALID_TYPE,
                        "not a record object"),
                Arguments.of("Account", "Industry", map(), RestErrorCode.REQUIRED_FIELD_MISSING, "TrackHistory"),
                Arguments.of("Account", "Industry", map("TrackHistory", null), RestErrorCode.REQUIRED_FIELD_MISSING,
                        "TrackHistory"),
                Arguments.of("Account", "Industry", map("TrackHistory", "yes"), RestErrorCode.JSON_PARSER_ERROR,
                        "true or false"));
    }

    @ParameterizedTest
    @MethodSource("badTracking")
    void whenTrackingInputIsBadThenRefused(String object, String field, Map<String, Object> body,
            RestErrorCode code, String fragment) {
        refused(() -> admin.setTracking(adminCaller, object, field, body), code, fragment);
        assertThat(db.tracked).isEmpty();
        assertThat(db.audit).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ access

    @Test
    void whenObjectAccessSetThenStoredNormalizedReplacedInPlaceAndAudited() {
        invoice();
        RecordsAdmin.ObjectAccessGrant grant = admin.setObjectAccess(adminCaller, "sales_ops", "invoice__c",
                map("PermissionsDelete", true));
        assertThat(grant.object().name()).isEqualTo("Invoice__c");
        assertThat(grant.permissionSet()).isEqualTo(ps);
        ObjectPermissionRow first = grant.row();
        assertThat(first.access()).isEqualTo(new ObjectAccess(true, false, true, true, false, false));
        assertThat(first.objectName()).isEqualTo("invoice__c");
        assertThat(first.parentId()).isEqualTo(ps.id());
        ObjectPermissionRow second = admin.setObjectAccess(adminCaller, "Sales_Ops", "Invoice__c",
                map("PermissionsModifyAllRecords", true)).row();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.access()).isEqualTo(ObjectAccess.ALL);
        ObjectPermissionRow none = admin.setObjectAccess(adminCaller, "Sales_Ops", "Invoice__c", map()).row();
        assertThat(none.access().none()).isTrue();
        assertThat(db.objectPermissions).hasSize(1);
        assertThat(actions()).containsExactly("CustomObjectCreate", "PermSetObjectAccessChange",
                "PermSetObjectAccessChange", "PermSetObjectAccessChange");
        assertThat(db.audit.get(1).display())
                .isEqualTo("Permission set Sales_Ops: object permissions on Invoice__c set to read, edit, delete");
        assertThat(db.audit.get(3).display()).endsWith("no access");
    }

    @Test
    void whenFieldAccessSetThenEditImpliesReadAndNoneIsStored() {
        RecordsAdmin.FieldAccessGrant edit = admin.setFieldAccess(adminCaller, "Sales_Ops", "Account", "Phone",
                map("PermissionsEdit", true));
        assertThat(edit.row().access()).isEqualTo(FieldAccess.EDIT);
        assertThat(edit.field().name()).isEqualTo("Phone");
        FieldPermissionRow read = admin.setFieldAccess(adminCaller, "Sales_Ops", "account", "phone",
                map("PermissionsRead", true)).row();
        assertThat(read.access()).isEqualTo(FieldAccess.READ);
        assertThat(read.fieldName()).isEqualTo("phone");
        assertThat(admin.setFieldAccess(adminCaller, "Sales_Ops", "Account", "Phone", map()).row().access())
                .isEqualTo(FieldAccess.NONE);
        assertThat(db.fieldPermissions).hasSize(1);
        assertThat(db.audit.get(1).display()).isEqualTo("Permission set Sales_Ops: field permissions on "
                + "Account.Phone set to read");
        assertThat(actions()).containsOnly("PermSetFieldAccessChange");
    }

    static Stream<Arguments> badAccess() {
        return Stream.of(
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setObjectAccess(t.adminCaller, "Nope",
                        "Account", t.map("PermissionsRead", true)), RestErrorCode.NOT_FOUND, "Nope"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setObjectAccess(t.adminCaller, "Sales_Ops",
                        "User", t.map("PermissionsRead", true)), RestErrorCode.INVALID_TYPE, "not a record object"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setObjectAccess(t.adminCaller, "Sales_Ops",
                        "Account", t.map("PermissionsRead", "yes")), RestErrorCode.JSON_PARSER_ERROR,
                        "true or false"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setObjectAccess(t.adminCaller, "Sales_Ops",
                        "Account", t.map("PermissionsViewAll", true)), RestErrorCode.INVALID_FIELD,
                        "PermissionsViewAll"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Sales_Ops",
                        "Account", "Name", t.map("PermissionsRead", true)), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "Account.Name is a required field"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Sales_Ops",
                        "Opportunity", "StageName", t.map()), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "required field"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Sales_Ops",
                        "Account", "OwnerId", t.map("PermissionsRead", true)), RestErrorCode.INVALID_FIELD,
                        "system field"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Sales_Ops",
                        "Account", "Nope__c", t.map("PermissionsRead", true)), RestErrorCode.INVALID_FIELD,
                        "Nope__c"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Nope",
                        "Account", "Phone", t.map("PermissionsRead", true)), RestErrorCode.NOT_FOUND, "Nope"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(t.adminCaller, "Sales_Ops",
                        "AccountHistory", "Field", t.map("PermissionsRead", true)), RestErrorCode.INVALID_TYPE,
                        "not a record object"));
    }

    @ParameterizedTest
    @MethodSource("badAccess")
    void whenAccessInputIsBadThenRefused(Consumer<RecordsAdminTest> call, RestErrorCode code, String fragment) {
        refused(() -> call.accept(this), code, fragment);
        assertThat(db.objectPermissions).isEmpty();
        assertThat(db.fieldPermissions).isEmpty();
        assertThat(db.audit).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ roles

    @Test
    void whenRolesCreatedAndUserRoleSetThenHierarchyAndAuditRows() {
        Role ceo = admin.createRole(adminCaller, map("Name", "CEO"));
        Role vp = admin.createRole(adminCaller, map("Name", "VP Sales", "ParentRoleName", "ceo"));
        assertThat(ceo.id()).startsWith("00E");
        assertThat(ceo.parentRoleId()).isNull();
        assertThat(vp.parentRoleId()).isEqualTo(ceo.id());
        assertThat(admin.listRoles(adminCaller)).containsExactly(ceo, vp);

        RecordsAdmin.UserRole set = admin.setUserRole(adminCaller, "OTHER@acme.test", map("RoleName", "vp sales"));
        assertThat(set.role()).isEqualTo(vp);
        assertThat(set.user()).isEqualTo(other);
        assertThat(db.userRoles).containsEntry(other.id(), vp.id());
        admin.setUserRole(adminCaller, "other@acme.test", map("RoleName", "VP Sales"));
        RecordsAdmin.UserRole cleared = admin.setUserRole(adminCaller, "other@acme.test", map("RoleName", null));
        assertThat(cleared.role()).isNull();
        assertThat(db.userRoles).doesNotContainKey(other.id());
        assertThat(actions()).containsExactly("RoleCreate", "RoleCreate", "UserRoleChange", "UserRoleChange");
        assertThat(db.audit.get(1).display()).isEqualTo("Created role VP Sales below CEO");
        assertThat(db.audit.get(2).display()).isEqualTo("Changed role of user other@acme.test from no role to "
                + "VP Sales");
        assertThat(db.audit.get(3).display()).endsWith("from VP Sales to no role");
    }

    static Stream<Arguments> badRoles() {
        return Stream.of(
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.createRole(t.adminCaller, t.map()),
                        RestErrorCode.REQUIRED_FIELD_MISSING, "Name"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.createRole(t.adminCaller,
                        t.map("Name", "x".repeat(81))), RestErrorCode.STRING_TOO_LONG, "Name"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.createRole(t.adminCaller,
                        t.map("Name", "ceo")), RestErrorCode.DUPLICATE_VALUE, "ceo"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.createRole(t.adminCaller,
                        t.map("Name", "VP", "ParentRoleName", "Board")), RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                        "Board"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setUserRole(t.adminCaller, "other@acme.test",
                        t.map()), RestErrorCode.REQUIRED_FIELD_MISSING, "RoleName"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setUserRole(t.adminCaller, "other@acme.test",
                        t.map("RoleName", "Board")), RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "Board"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setUserRole(t.adminCaller, "ghost@acme.test",
                        t.map("RoleName", "CEO")), RestErrorCode.NOT_FOUND, "ghost@acme.test"),
                Arguments.of((Consumer<RecordsAdminTest>) t -> t.admin.setUserRole(t.adminCaller,
                        t.user("elsewhere@acme.test", IDS.next(KeyPrefix.ORGANIZATION)).username(),
                        t.map("RoleName", "CEO")), RestErrorCode.NOT_FOUND, "elsewhere@acme.test"));
    }

    @ParameterizedTest
    @MethodSource("badRoles")
    void whenRoleInputIsBadThenRefused(Consumer<RecordsAdminTest> call, RestErrorCode code, String fragment) {
        admin.createRole(adminCaller, map("Name", "CEO"));
        refused(() -> call.accept(this), code, fragment);
        assertThat(db.roles).hasSize(1);
        assertThat(db.userRoles).isEmpty();
        assertThat(db.audit).hasSize(1);
    }

    @Test
    void whenAuditWriteFailsThenTheRoleIsNotKept() {
        db.failNextAudit = new IllegalStateException("audit down");
        assertThatThrownBy(() -> admin.createRole(adminCaller, map("Name", "CEO")))
                .hasMessage("audit down");
        assertThat(db.roles).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ permissions

    static Stream<Arguments> guarded() {
        return Stream.of(
                Arguments.of("CustomizeApplication", (Consumer<RecordsAdminTest>) t -> t.admin.createObject(
                        t.plainCaller, t.map("Name", "Invoice__c", "Label", "Invoice"))),
                Arguments.of("CustomizeApplication", (Consumer<RecordsAdminTest>) t -> t.admin.setSharing(
                        t.plainCaller, "Account", t.map("SharingModel", "private"))),
                Arguments.of("CustomizeApplication", (Consumer<RecordsAdminTest>) t -> t.admin.createField(
                        t.plainCaller, "Account", t.map("Name", "A__c", "Type", "text"))),
                Arguments.of("CustomizeApplication", (Consumer<RecordsAdminTest>) t -> t.admin.setTracking(
                        t.plainCaller, "Account", "Industry", t.map("TrackHistory", true))),
                Arguments.of("ViewSetup or CustomizeApplication", (Consumer<RecordsAdminTest>) t ->
                        t.admin.listObjects(t.plainCaller)),
                Arguments.of("ViewSetup or CustomizeApplication", (Consumer<RecordsAdminTest>) t ->
                        t.admin.describeObject(t.plainCaller, "Account")),
                Arguments.of("ManageUsers", (Consumer<RecordsAdminTest>) t -> t.admin.setObjectAccess(
                        t.plainCaller, "Sales_Ops", "Account", t.map("PermissionsRead", true))),
                Arguments.of("ManageUsers", (Consumer<RecordsAdminTest>) t -> t.admin.setFieldAccess(
                        t.plainCaller, "Sales_Ops", "Account", "Phone", t.map("PermissionsRead", true))),
                Arguments.of("ManageUsers", (Consumer<RecordsAdminTest>) t -> t.admin.createRole(t.plainCaller,
                        t.map("Name", "CEO"))),
                Arguments.of("ViewSetup or ManageUsers", (Consumer<RecordsAdminTest>) t ->
                        t.admin.listRoles(t.plainCaller)),
                Arguments.of("ManageUsers", (Consumer<RecordsAdminTest>) t -> t.admin.setUserRole(t.plainCaller,
                        "other@acme.test", t.map("RoleName", null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guarded")
    void whenCallerLacksThePermissionThenInsufficientAccessAndNothingChanges(String permission,
            Consumer<RecordsAdminTest> call) {
        refused(() -> call.accept(this), RestErrorCode.INSUFFICIENT_ACCESS, permission + " permission is required");
        assertThat(db.objects).isEmpty();
        assertThat(db.audit).isEmpty();
        assertThat(db.ensured).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ defaults

    @Test
    void whenStandardUserSeededThenCrudOnStandardObjectsAndEditOnTheirOptionalDataFieldsOnce() {
        String profile = IDS.next(KeyPrefix.PROFILE);
        var access = db.ports().access();
        assertThat(DefaultAccess.seedStandardUser(access, IDS, ORG, profile)).isTrue();
        assertThat(db.objectPermissions.values()).extracting(ObjectPermissionRow::objectName)
                .containsExactlyInAnyOrder("account", "contact", "opportunity");
        assertThat(db.objectPermissions.values()).extracting(ObjectPermissionRow::access)
                .containsOnly(ObjectAccess.CRUD);
        assertThat(db.fieldPermissions.values()).extracting(FieldPermissionRow::access)
                .containsOnly(FieldAccess.EDIT);
        List<String> fields = db.fieldPermissions.values().stream()
                .map(r -> r.objectName() + "." + r.fieldName()).toList();
        assertThat(fields).contains("account.phone", "contact.email", "opportunity.amount", "account.parentid")
                .doesNotContain("account.name", "contact.lastname", "opportunity.stagename", "account.ownerid",
                        "contact.name");
        int rows = db.fieldPermissions.size();
        assertThat(DefaultAccess.seedStandardUser(access, IDS, ORG, profile)).isFalse();
        assertThat(db.fieldPermissions).hasSize(rows);
        assertThat(Arrays.asList(ObjectAccess.CRUD.read(), ObjectAccess.CRUD.delete())).containsOnly(true);
    }
}
