package io.userbound.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.ExternalIdRecords;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.SqlStatement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upsert, read and delete by external id respect object permissions, field-level security and sharing exactly as
 * insert, update, read and delete by id do (issue 14, item 2). Each test runs in its own org with a Private Account
 * default: Alice owns a record holding the external id; Bob is the caller. A refused call writes nothing.
 */
class ExternalIdRecordsTest {
    static final ObjectAccess READ_EDIT = new ObjectAccess(true, false, true, false, false, false);
    private static final AtomicInteger FIELDS = new AtomicInteger();

    @TempDir
    static Path dir;
    static RecordsFixture fixture;
    static ExternalIdRecords byExternalId;

    TestOrg org;
    User alice;
    User bob;
    Profile bobs;
    /** The external id field of this test: text, not unique, case-insensitive. */
    String ext;
    String alicesRecord;

    @BeforeAll
    static void open() {
        fixture = RecordsFixture.open(dir);
        byExternalId = new ExternalIdRecords(fixture.records, fixture.store.records(), fixture.store.transactions());
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void org() {
        org = fixture.newOrg();
        // standard tables are shared by orgs, so each test's field has its own name
        ext = "Ext" + FIELDS.incrementAndGet() + "__c";
        org.customField("Account", FieldDefinition.of(ext, FieldType.TEXT).length(80).externalId(true));
        org.sharing("Account", SharingModel.PRIVATE);
        Profile alices = org.profile();
        org.objectAccess(alices.id(), "Account", ObjectAccess.CRUD);
        org.fieldAccess(alices.id(), "Account", ext, FieldAccess.EDIT);
        alice = org.user("Alice", alices);
        bobs = org.profile();
        org.objectAccess(bobs.id(), "Account", ObjectAccess.CRUD);
        bob = org.user("Bob", bobs);
        alicesRecord = org.create(alice, "Account", "Name", "Alice's", ext, "K-1");
    }

    @Test
    void whenTheOnlyMatchIsHiddenBySharingThenUpsertInsertsBobsOwnRecordAndLeavesAlicesAlone() {
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.EDIT);

        ExternalIdRecords.Upserted result = byExternalId.upsert(org.ctx(bob), "Account", ext, "k-1",
                TestOrg.map("Name", "Bob's"));

        assertThat(result.created()).isTrue();
        assertThat(result.id()).isNotEqualTo(alicesRecord);
        assertThat(name(alicesRecord)).isEqualTo("Alice's");
        assertThat(name(result.id())).isEqualTo("Bob's");
        assertThat(byExternalId.get(org.ctx(bob), "Account", ext, "K-1", "Name"))
                .as("Bob sees one match, his own").containsEntry("Name", "Bob's");
    }

    @Test
    void whenTheMatchIsSharedReadOnlyThenUpsertIsRefusedAndChangesNothing() {
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.EDIT);
        org.shareAccount(alice, alicesRecord, bob.id(), "Read");

        assertThat(byExternalId.get(org.ctx(bob), "Account", ext, "K-1", "Name")).containsEntry("Name", "Alice's");
        assertRefused(() -> byExternalId.upsert(org.ctx(bob), "Account", ext, "K-1", TestOrg.map("Name", "Bob's")),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        assertRefused(() -> byExternalId.delete(org.ctx(bob), "Account", ext, "K-1"),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        assertThat(name(alicesRecord)).isEqualTo("Alice's");
        assertThat(accounts()).isEqualTo(1);
    }

    @Test
    void whenTheMatchIsSharedForEditThenUpsertUpdatesIt() {
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.EDIT);
        org.shareAccount(alice, alicesRecord, bob.id(), "Edit");

        ExternalIdRecords.Upserted result = byExternalId.upsert(org.ctx(bob), "Account", ext, "K-1",
                TestOrg.map("Name", "Renamed by Bob"));

        assertThat(result).isEqualTo(new ExternalIdRecords.Upserted(alicesRecord, false));
        assertThat(name(alicesRecord)).isEqualTo("Renamed by Bob");
        assertThat(accounts()).isEqualTo(1);
    }

    @Test
    void whenTheUserMayNotCreateThenUpsertOfANewValueIsRefusedButOfAnEditableMatchWorks() {
        org.objectAccess(bobs.id(), "Account", READ_EDIT);
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.EDIT);
        User carol = org.user("Carol", bobs);
        String carols = org.create(alice, "Account", "Name", "For Carol", ext, "K-2");
        org.shareAccount(alice, carols, carol.id(), "Edit");

        assertRefused(() -> byExternalId.upsert(org.ctx(carol), "Account", ext, "K-new", TestOrg.map("Name",
                "New")), RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        assertThat(accounts()).isEqualTo(2);
        assertThat(byExternalId.upsert(org.ctx(carol), "Account", ext, "K-2", TestOrg.map("Name", "Carol's edit"))
                .created()).isFalse();
        assertThat(name(carols)).isEqualTo("Carol's edit");
    }

    @Test
    void whenTheExternalIdIsReadOnlyToTheUserThenAMatchIsUpdatedButNoRecordIsInserted() {
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.READ);
        org.shareAccount(alice, alicesRecord, bob.id(), "Edit");

        assertThat(byExternalId.upsert(org.ctx(bob), "Account", ext, "K-1", TestOrg.map("Name", "Edited"))
                .created()).isFalse();
        assertRefused(() -> byExternalId.upsert(org.ctx(bob), "Account", ext, "K-9", TestOrg.map("Name", "New")),
                RestErrorCode.INVALID_FIELD_FOR_INSERT_UPDATE);
        assertThat(accounts()).isEqualTo(1);
    }

    @Test
    void whenTheExternalIdIsHiddenFromTheUserThenItIsNotFoundEverywhere() {
        org.shareAccount(alice, alicesRecord, bob.id(), "Edit");

        assertRefused(() -> byExternalId.get(org.ctx(bob), "Account", ext, "K-1", null), RestErrorCode.NOT_FOUND);
        assertRefused(() -> byExternalId.upsert(org.ctx(bob), "Account", ext, "K-1", TestOrg.map("Name", "X")),
                RestErrorCode.NOT_FOUND);
        assertRefused(() -> byExternalId.delete(org.ctx(bob), "Account", ext, "K-1"), RestErrorCode.NOT_FOUND);
        assertThat(name(alicesRecord)).isEqualTo("Alice's");
        assertThat(accounts()).isEqualTo(1);
    }

    @Test
    void whenSeveralVisibleRecordsMatchThenTheyAreListedAndNothingChanges() {
        String second = org.create(alice, "Account", "Name", "Second", ext, "k-1");

        assertThatThrownBy(() -> byExternalId.upsert(org.ctx(alice), "Account", ext, "K-1",
                TestOrg.map("Name", "Both?")))
                .isInstanceOfSatisfying(ExternalIdRecords.SeveralMatches.class, e -> assertThat(e.recordUrls())
                        .containsExactlyInAnyOrder("/services/data/v66.0/sobjects/Account/" + alicesRecord,
                                "/services/data/v66.0/sobjects/Account/" + second));
        assertThat(name(alicesRecord)).isEqualTo("Alice's");
        assertThat(name(second)).isEqualTo("Second");
    }

    @Test
    void whenAHiddenRecordIsNamedByIdThenUpsertIsNotFoundAndInsertsNothing() {
        org.fieldAccess(bobs.id(), "Account", ext, FieldAccess.EDIT);

        assertRefused(() -> byExternalId.upsert(org.ctx(bob), "Account", "Id", alicesRecord,
                TestOrg.map("Name", "Taken")), RestErrorCode.NOT_FOUND);
        assertThat(name(alicesRecord)).isEqualTo("Alice's");
        assertThat(accounts()).isEqualTo(1);
    }

    @Test
    void whenTheRecordIsDeletedThenItNoLongerMatches() {
        byExternalId.delete(org.ctx(alice), "Account", ext, "K-1");

        assertRefused(() -> byExternalId.get(org.ctx(alice), "Account", ext, "K-1", null), RestErrorCode.NOT_FOUND);
        ExternalIdRecords.Upserted again = byExternalId.upsert(org.ctx(alice), "Account", ext, "K-1",
                TestOrg.map("Name", "Again"));
        assertThat(again.created()).isTrue();
        assertThat(again.id()).isNotEqualTo(alicesRecord);
    }

    private static void assertRefused(Runnable call, RestErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    private static String name(String id) {
        return (String) fixture.store.records().select(new SqlStatement(
                "SELECT f_name FROM obj_account WHERE id = ?", List.of(id)), 1).get(0)[0];
    }

    private long accounts() {
        Object n = fixture.store.records().select(new SqlStatement(
                "SELECT COUNT(*) FROM obj_account WHERE org_id = ? AND f_isdeleted = FALSE", List.of(org.orgId)), 1)
                .get(0)[0];
        return ((Number) n).longValue();
    }
}
