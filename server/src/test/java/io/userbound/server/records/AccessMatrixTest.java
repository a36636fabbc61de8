package io.userbound.server.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.ApiException;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.records.data.RecordContext;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.SqlStatement;
import io.userbound.records.soql.SoqlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access matrix of issue 4: for each rule (object permission, field permission, organization-wide default,
 * ownership, role hierarchy, share rows, ViewAllData and ModifyAllData) what describe, {@code GET}, {@code query}
 * (rows and {@code COUNT()}), {@code PATCH} and {@code DELETE} answer to one user (the subject) about one Account
 * owned by someone else (or by the subject, where the row says so).
 *
 * <p>The field under test is {@code Phone} (neither system nor required, so field-level security applies to it);
 * {@code Name} is required and therefore always accessible with the object, so {@code PATCH Name} shows record-level
 * edit access alone. Each row runs in its own org; the Account OWD is {@code Private} unless the row sets it.
 */
class AccessMatrixTest {
    static final String OK = "OK";
    static final String NF = "NOT_FOUND";
    static final String RO = "INSUFFICIENT_ACCESS_OR_READONLY";
    static final String IF = "INVALID_FIELD";
    static final String IFIU = "INVALID_FIELD_FOR_INSERT_UPDATE";
    static final String IT = "INVALID_TYPE";
    /** Query results: the number of rows, or an error code. */
    static final String ONE = "1";
    static final String NONE = "0";

    static final ObjectAccess NO_ACCESS = ObjectAccess.NONE;
    static final ObjectAccess READ = new ObjectAccess(true, false, false, false, false, false);
    static final ObjectAccess READ_EDIT = new ObjectAccess(true, false, true, false, false, false);
    static final ObjectAccess READ_EDIT_DELETE = new ObjectAccess(true, false, true, true, false, false);
    static final ObjectAccess CRUD = ObjectAccess.CRUD;
    static final ObjectAccess VIEW_ALL = new ObjectAccess(true, false, false, false, true, false);
    static final ObjectAccess MODIFY_ALL = new ObjectAccess(true, true, true, true, true, true);

    @TempDir
    static Path dir;
    static RecordsFixture fixture;

    @BeforeAll
    static void open() {
        fixture = RecordsFixture.open(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    /** How {@code Phone} appears to the subject. */
    enum PhoneField { NO_OBJECT, HIDDEN, READ, EDIT }

    /**
     * @param rows {@code SELECT Id, Name ... WHERE Id = ...}: "1", "0" or an error code; COUNT() must agree
     * @param get {@code GET} without {@code fields}
     */
    record Expect(PhoneField phone, String get, String rows, String patchName, String patchPhone, String delete) {
    }

    static Expect expect(PhoneField phone, String get, String rows, String patchName, String patchPhone,
            String delete) {
        return new Expect(phone, get, rows, patchName, patchPhone, delete);
    }

    /** One row's world: an org, an Account owned by {@code owner}, and the {@code subject} whose access is tested. */
    static final class Scenario {
        final TestOrg org;
        final Profile subjectProfile;
        final User owner;
        final User subject;
        final String accountId;
        final String otherAccountId;

        Scenario() {
            org = fixture.newOrg();
            org.sharing("Account", SharingModel.PRIVATE);
            Profile ownerProfile = org.profile();
            org.objectAccess(ownerProfile.id(), "Account", CRUD);
            org.fieldAccess(ownerProfile.id(), "Account", "Phone", FieldAccess.EDIT);
            owner = org.user("Owner", ownerProfile);
            subjectProfile = org.profile();
            subject = org.user("Subject", subjectProfile);
            accountId = org.create(owner, "Account", "Name", "Acme", "Phone", "555-0100");
            otherAccountId = org.create(owner, "Account", "Name", "Globex", "Phone", "555-0199");
        }

        Scenario object(ObjectAccess access) {
            org.objectAccess(subjectProfile.id(), "Account", access);
            return this;
        }

        Scenario phone(FieldAccess access) {
            org.fieldAccess(subjectProfile.id(), "Account", "Phone", access);
            return this;
        }

        /** CRUD on Account and edit on Phone. */
        Scenario crud() {
            return object(CRUD).phone(FieldAccess.EDIT);
        }

        Scenario owd(SharingModel model) {
            org.sharing("Account", model);
            return this;
        }

        Scenario subjectOwns() {
            fixture.store.records().update("obj_account", accountId,
                    Map.of(FieldDefinition.columnFor(StandardObjects.OWNER_ID), subject.id()));
            return this;
        }

        /** Puts the subject in a new top role and returns it. */
        String subjectRole() {
            String r = org.role("Subject Role", null);
            org.setRole(subject, r);
            return r;
        }

        User userIn(String roleId) {
            User u = org.user("Other", org.profile());
            org.setRole(u, roleId);
            return u;
        }

        Scenario share(String principalId, String level) {
            org.shareAccount(owner, accountId, principalId, level);
            return this;
        }

        Scenario systemPermission(SystemPermission p) {
            org.assign(subject, org.permissionSet(p));
            return this;
        }
    }

    static Arguments row(String name, Consumer<Scenario> arrange, Expect expect) {
        return Arguments.of(name, arrange, expect);
    }

    static Stream<Arguments> rows() {
        PhoneField noObj = PhoneField.NO_OBJECT;
        PhoneField hidden = PhoneField.HIDDEN;
        PhoneField read = PhoneField.READ;
        PhoneField edit = PhoneField.EDIT;
        Expect full = expect(edit, OK, ONE, OK, OK, OK);
        Expect invisible = expect(edit, NF, NONE, NF, NF, NF);
        Expect readOnly = expect(edit, OK, ONE, RO, RO, RO);
        Expect editable = expect(edit, OK, ONE, OK, OK, RO);
        return Stream.of(
                // ---- object permissions (records public read/write, so sharing does not interfere) ----
                row("whenNoObjectPermissionThenAccountIsAnUnknownObject",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(NO_ACCESS).phone(FieldAccess.EDIT),
                        expect(noObj, NF, IT, NF, NF, NF)),
                row("whenObjectReadOnlyThenVisibleButNotChangeable",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ).phone(FieldAccess.EDIT),
                        expect(read, OK, ONE, RO, RO, RO)),
                row("whenObjectReadEditThenEditableButNotDeletableByNonOwner",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT).phone(FieldAccess.EDIT),
                        editable),
                row("whenObjectReadEditDeleteButNotOwnerThenDeleteIsRefused",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT_DELETE).phone(FieldAccess.EDIT),
                        editable),
                row("whenOwnerWithoutObjectPermissionThenAccountIsAnUnknownObject",
                        s -> s.subjectOwns().object(NO_ACCESS).phone(FieldAccess.EDIT),
                        expect(noObj, NF, IT, NF, NF, NF)),
                row("whenOwnerWithObjectReadOnlyThenNotChangeable",
                        s -> s.subjectOwns().object(READ).phone(FieldAccess.EDIT),
                        expect(read, OK, ONE, RO, RO, RO)),
                row("whenOwnerWithReadEditThenEditableNotDeletable",
                        s -> s.subjectOwns().object(READ_EDIT).phone(FieldAccess.EDIT), editable),
                row("whenOwnerWithReadEditDeleteThenEverythingAllowed",
                        s -> s.subjectOwns().object(READ_EDIT_DELETE).phone(FieldAccess.EDIT), full),
                row("whenObjectReadComesFromPermissionSetThenUnionApplies",
                        s -> {
                            var ps = s.org.permissionSet();
                            s.org.objectAccess(ps.id(), "Account", READ);
                            s.org.assign(s.subject, ps);
                            s.subjectOwns().phone(FieldAccess.EDIT);
                        }, expect(read, OK, ONE, RO, RO, RO)),
                row("whenDeleteComesFromPermissionSetAndEditFromProfileThenEverythingAllowed",
                        s -> {
                            var ps = s.org.permissionSet();
                            s.org.objectAccess(ps.id(), "Account", READ_EDIT_DELETE);
                            s.org.assign(s.subject, ps);
                            s.subjectOwns().object(READ_EDIT).phone(FieldAccess.EDIT);
                        }, full),

                // ---- field permissions ----
                row("whenPhoneHiddenThenAbsentAndInvalidFieldEverywhere",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT),
                        expect(hidden, OK, ONE, OK, IF, RO)),
                row("whenPhoneExplicitlyNoneThenAbsentAndInvalidField",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT).phone(FieldAccess.NONE),
                        expect(hidden, OK, ONE, OK, IF, RO)),
                row("whenPhoneReadOnlyThenPatchIsInvalidFieldForInsertUpdate",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT).phone(FieldAccess.READ),
                        expect(read, OK, ONE, OK, IFIU, RO)),
                row("whenPhoneEditableThenPatchSucceeds",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT).phone(FieldAccess.EDIT),
                        editable),
                row("whenPhoneReadOnProfileAndEditOnPermissionSetThenEditable",
                        s -> {
                            var ps = s.org.permissionSet();
                            s.org.fieldAccess(ps.id(), "Account", "Phone", FieldAccess.EDIT);
                            s.org.assign(s.subject, ps);
                            s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ_EDIT).phone(FieldAccess.READ);
                        }, editable),
                row("whenPhoneHiddenAndRecordInvisibleThenFieldIsStillInvalid",
                        s -> s.object(CRUD), expect(hidden, NF, NONE, NF, IF, NF)),
                row("whenPhoneReadOnlyAndRecordInvisibleThenNotFound",
                        s -> s.object(CRUD).phone(FieldAccess.READ), expect(read, NF, NONE, NF, NF, NF)),
                row("whenPhoneEditableButObjectReadOnlyThenPhoneIsReadOnly",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ).phone(FieldAccess.EDIT),
                        expect(read, OK, ONE, RO, RO, RO)),
                row("whenPhoneHiddenAndObjectReadOnlyThenPatchPhoneIsInvalidField",
                        s -> s.owd(SharingModel.PUBLIC_READ_WRITE).object(READ),
                        expect(hidden, OK, ONE, RO, IF, RO)),

                // ---- organization-wide defaults and ownership ----
                row("whenPrivateAndNotOwnerThenNotFound", s -> s.crud(), invisible),
                row("whenPublicReadAndNotOwnerThenReadOnly", s -> s.crud().owd(SharingModel.PUBLIC_READ), readOnly),
                row("whenPublicReadWriteAndNotOwnerThenEditableNotDeletable",
                        s -> s.crud().owd(SharingModel.PUBLIC_READ_WRITE), editable),
                row("whenPrivateAndOwnerThenEverythingAllowed", s -> s.crud().subjectOwns(), full),
                row("whenPublicReadAndOwnerThenEverythingAllowed",
                        s -> s.crud().owd(SharingModel.PUBLIC_READ).subjectOwns(), full),

                // ---- role hierarchy ----
                row("whenManagerDirectlyAboveOwnerThenEverythingAllowed", s -> {
                    s.crud();
                    String top = s.subjectRole();
                    s.org.setRole(s.owner, s.org.role("Rep", top));
                }, full),
                row("whenManagerTwoLevelsAboveOwnerThenEverythingAllowed", s -> {
                    s.crud();
                    String top = s.subjectRole();
                    String mid = s.org.role("Manager", top);
                    s.org.setRole(s.owner, s.org.role("Rep", mid));
                }, full),
                row("whenPeerInSameRoleThenNotFound", s -> {
                    s.crud();
                    s.org.setRole(s.owner, s.subjectRole());
                }, invisible),
                row("whenSubordinateOfOwnerThenNotFound", s -> {
                    s.crud();
                    String top = s.org.role("Top", null);
                    s.org.setRole(s.owner, top);
                    s.org.setRole(s.subject, s.org.role("Below", top));
                }, invisible),
                row("whenSubjectHasNoRoleThenHierarchyGivesNothing", s -> {
                    s.crud();
                    s.org.setRole(s.owner, s.org.role("Rep", null));
                }, invisible),
                row("whenManagerAboveOwnerUnderPublicReadThenHierarchyStillGivesFullAccess", s -> {
                    s.crud().owd(SharingModel.PUBLIC_READ);
                    s.org.setRole(s.owner, s.org.role("Rep", s.subjectRole()));
                }, full),
                row("whenManagerAboveOwnerButObjectReadOnlyThenReadOnly", s -> {
                    s.object(READ).phone(FieldAccess.EDIT);
                    s.org.setRole(s.owner, s.org.role("Rep", s.subjectRole()));
                }, expect(read, OK, ONE, RO, RO, RO)),

                // ---- share rows ----
                row("whenReadSharedToUserThenReadOnly", s -> s.crud().share(s.subject.id(), "Read"), readOnly),
                row("whenEditSharedToUserThenEditableNotDeletable",
                        s -> s.crud().share(s.subject.id(), "Edit"), editable),
                row("whenReadSharedToSubjectsRoleThenReadOnly",
                        s -> s.crud().share(s.subjectRole(), "Read"), readOnly),
                row("whenEditSharedToSubjectsRoleThenEditable",
                        s -> s.crud().share(s.subjectRole(), "Edit"), editable),
                row("whenReadSharedToSubordinatesRoleThenReadOnly",
                        s -> s.crud().share(s.org.role("Below", s.subjectRole()), "Read"), readOnly),
                row("whenEditSharedToSubordinatesRoleThenEditable",
                        s -> s.crud().share(s.org.role("Below", s.subjectRole()), "Edit"), editable),
                row("whenEditSharedToSubordinateUserThenEditable",
                        s -> s.crud().share(s.userIn(s.org.role("Below", s.subjectRole())).id(), "Edit"), editable),
                row("whenSharedToRoleAboveSubjectThenNotFound", s -> {
                    s.crud();
                    String top = s.org.role("Top", null);
                    s.org.setRole(s.subject, s.org.role("Below", top));
                    s.share(top, "Edit");
                }, invisible),
                row("whenSharedToPeerUserThenNotFound",
                        s -> s.crud().share(s.userIn(s.subjectRole()).id(), "Edit"), invisible),
                row("whenSharedOnAnotherRecordOnlyThenNotFound", s -> {
                    s.crud();
                    s.org.shareAccount(s.owner, s.otherAccountId, s.subject.id(), "Edit");
                }, invisible),
                row("whenEditShareDeletedThenNotFound", s -> {
                    s.crud();
                    String shareId = s.org.shareAccount(s.owner, s.accountId, s.subject.id(), "Edit");
                    fixture.records.delete(s.org.ctx(s.owner), "AccountShare", shareId);
                }, invisible),
                row("whenEditSharedButObjectReadOnlyThenReadOnly",
                        s -> s.object(READ).phone(FieldAccess.EDIT).share(s.subject.id(), "Edit"),
                        expect(read, OK, ONE, RO, RO, RO)),
                row("whenEditSharedButPhoneReadOnlyThenPhoneRefusedNameAllowed",
                        s -> s.object(CRUD).phone(FieldAccess.READ).share(s.subject.id(), "Edit"),
                        expect(read, OK, ONE, OK, IFIU, RO)),
                row("whenReadSharedButNoObjectPermissionThenAccountIsAnUnknownObject",
                        s -> s.share(s.subject.id(), "Read"), expect(noObj, NF, IT, NF, NF, NF)),

                // ---- ViewAllData, ModifyAllData, View All and Modify All ----
                row("whenViewAllDataWithoutObjectPermissionThenEverythingReadableNothingChangeable",
                        s -> s.systemPermission(SystemPermission.VIEW_ALL_DATA), expect(read, OK, ONE, RO, RO, RO)),
                row("whenViewAllDataWithCrudThenReadableButNotEditable",
                        s -> s.crud().systemPermission(SystemPermission.VIEW_ALL_DATA), readOnly),
                row("whenModifyAllDataWithoutObjectPermissionThenEverythingAllowed",
                        s -> s.systemPermission(SystemPermission.MODIFY_ALL_DATA), full),
                row("whenObjectViewAllThenReadableNotChangeable",
                        s -> s.object(VIEW_ALL).phone(FieldAccess.READ), expect(read, OK, ONE, RO, RO, RO)),
                row("whenObjectModifyAllThenEverythingAllowed",
                        s -> s.object(MODIFY_ALL).phone(FieldAccess.EDIT), full),
                row("whenObjectModifyAllButPhoneHiddenThenPhoneIsInvalidField",
                        s -> s.object(MODIFY_ALL), expect(hidden, OK, ONE, OK, IF, OK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void whenAccessRuleAppliesThenEveryOperationAnswersAsTheMatrixSays(String name, Consumer<Scenario> arrange,
            Expect expect) {
        Scenario s = new Scenario();
        arrange.accept(s);
        RecordContext ctx = s.org.ctx(s.subject);
        String id = s.accountId;
        boolean objectVisible = expect.phone != PhoneField.NO_OBJECT;
        boolean phoneVisible = expect.phone == PhoneField.READ || expect.phone == PhoneField.EDIT;

        // describe: a hidden field is absent; a visible one is updateable only with edit access
        if (!objectVisible) {
            assertThat(outcome(() -> fixture.describer.describe(ctx, "Account"))).isEqualTo(NF);
        } else {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fields = (List<Map<String, Object>>) fixture.describer.describe(ctx, "Account")
                    .get("fields");
            List<Map<String, Object>> phone = fields.stream().filter(f -> "Phone".equals(f.get("name"))).toList();
            assertThat(phone).hasSize(phoneVisible ? 1 : 0);
            if (phoneVisible) {
                assertThat(phone.get(0).get("updateable")).isEqualTo(expect.phone == PhoneField.EDIT);
            }
            assertThat(fields).anySatisfy(f -> assertThat(f.get("name")).isEqualTo("Name"));
        }

        // GET, with and without ?fields=
        assertThat(outcome(() -> fixture.records.get(ctx, "Account", id, null))).isEqualTo(expect.get);
        if (expect.get.equals(OK)) {
            Map<String, Object> record = fixture.records.get(ctx, "Account", id, null);
            assertThat(record).containsEntry("Id", id).containsEntry("Name", "Acme");
            assertThat(record.containsKey("Phone")).isEqualTo(phoneVisible);
        }
        String withFields = !objectVisible ? NF : !phoneVisible ? IF : expect.get;
        assertThat(outcome(() -> fixture.records.get(ctx, "Account", id, "Name,Phone"))).isEqualTo(withFields);

        // SOQL: the row, the hidden field, COUNT() and the unfiltered list agree
        String where = " FROM Account WHERE Id = '" + id + "'";
        assertThat(rows(ctx, "SELECT Id, Name" + where)).isEqualTo(expect.rows);
        assertThat(rows(ctx, "SELECT Id, Phone" + where)).isEqualTo(!objectVisible ? IT : !phoneVisible ? IF
                : expect.rows);
        assertThat(count(ctx, "SELECT COUNT()" + where)).isEqualTo(expect.rows);
        if (objectVisible) {
            List<Object> all = ids(fixture.queries.query(ctx, "SELECT Id FROM Account", false, 2000));
            assertThat(all.contains(id)).isEqualTo(expect.rows.equals(ONE));
        }

        // PATCH and DELETE, and what they left in the table
        assertThat(outcome(() -> fixture.records.update(ctx, "Account", id, Map.of("Name", "Renamed"))))
                .as("PATCH Name").isEqualTo(expect.patchName);
        assertThat(outcome(() -> fixture.records.update(ctx, "Account", id, Map.of("Phone", "555-0111"))))
                .as("PATCH Phone").isEqualTo(expect.patchPhone);
        assertThat(outcome(() -> fixture.records.delete(ctx, "Account", id))).as("DELETE").isEqualTo(expect.delete);
        Object[] stored = fixture.store.records().select(new SqlStatement(
                "SELECT f_name, f_phone, f_isdeleted FROM obj_account WHERE id = ?", List.of(id)), 3).get(0);
        assertThat(stored[0]).isEqualTo(expect.patchName.equals(OK) ? "Renamed" : "Acme");
        assertThat(stored[1]).isEqualTo(expect.patchPhone.equals(OK) ? "555-0111" : "555-0100");
        assertThat(stored[2]).isEqualTo(expect.delete.equals(OK));
    }

    static String outcome(Runnable call) {
        try {
            call.run();
            return OK;
        } catch (ApiException e) {
            return e.code().name();
        } catch (SoqlException e) {
            return e.errorCode().name();
        }
    }

    static String rows(RecordContext ctx, String soql) {
        return result(() -> {
            Map<String, Object> page = fixture.queries.query(ctx, soql, false, 2000);
            List<Object> ids = ids(page);
            assertThat(page.get("totalSize")).isEqualTo((long) ids.size());
            return String.valueOf(ids.size());
        });
    }

    static String count(RecordContext ctx, String soql) {
        return result(() -> {
            Map<String, Object> page = fixture.queries.query(ctx, soql, false, 2000);
            assertThat((List<?>) page.get("records")).isEmpty();
            return String.valueOf(page.get("totalSize"));
        });
    }

    private static String result(Supplier<String> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            return e.code().name();
        } catch (SoqlException e) {
            return e.errorCode().name();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("records")).stream().map(r -> r.get("Id")).toList();
    }
}
