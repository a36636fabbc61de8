package io.userbound.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AccountShare} as clients send it (issue 14, item 6): {@code OpportunityAccessLevel}, {@code CaseAccessLevel}
 * and {@code ContactAccessLevel} are required on insert, checked against the children's organization-wide defaults,
 * and honoured: the share grants the account's opportunities and contacts at those levels. Each test has its own org
 * in which Account, Opportunity and Contact are Private; Alice, with Modify All on opportunities and contacts, owns an
 * account with one opportunity and one contact, and Bob, with CRUD on all three, starts with none of them.
 */
class AccountShareChildAccessTest {
    @TempDir
    static Path dir;
    static RecordsFixture fixture;

    TestOrg org;
    User alice;
    User bob;
    /** Like Bob: CRUD on the three objects, no View All or Modify All. */
    User carol;
    String account;
    String opportunity;
    String contact;

    @BeforeAll
    static void open() {
        fixture = RecordsFixture.open(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void org() {
        org = fixture.newOrg();
        for (String object : List.of("Account", "Opportunity", "Contact")) {
            org.sharing(object, SharingModel.PRIVATE);
        }
        Profile crud = org.profile();
        for (String object : List.of("Account", "Opportunity", "Contact")) {
            org.objectAccess(crud.id(), object, ObjectAccess.CRUD);
        }
        org.fieldAccess(crud.id(), "Contact", "AccountId", FieldAccess.EDIT);
        org.fieldAccess(crud.id(), "Opportunity", "AccountId", FieldAccess.EDIT);
        org.fieldAccess(crud.id(), "Opportunity", "Amount", FieldAccess.EDIT);
        org.fieldAccess(crud.id(), "Contact", "Email", FieldAccess.EDIT);
        // a sales manager: Modify All on the account's children, which granting them through an AccountShare needs
        Profile manager = org.profile();
        org.objectAccess(manager.id(), "Account", ObjectAccess.CRUD);
        org.objectAccess(manager.id(), "Opportunity", ObjectAccess.ALL);
        org.objectAccess(manager.id(), "Contact", ObjectAccess.ALL);
        for (String[] field : new String[][] {{"Contact", "AccountId"}, {"Opportunity", "AccountId"},
            {"Opportunity", "Amount"}, {"Contact", "Email"}}) {
            org.fieldAccess(manager.id(), field[0], field[1], FieldAccess.EDIT);
        }
        alice = org.user("Alice", manager);
        bob = org.user("Bob", crud);
        carol = org.user("Carol", crud);
        account = org.create(alice, "Account", "Name", "Alice's account");
        opportunity = org.create(alice, "Opportunity", "Name", "Alice's deal", "StageName", "Prospecting",
                "CloseDate", "2027-01-31", "AccountId", account);
        contact = org.create(alice, "Contact", "LastName", "Alice's contact", "AccountId", account);
    }

    @Test
    void whenTheChildLevelsAreMissingThenTheInsertNamesEachAsRequired() {
        assertThatThrownBy(() -> fixture.records.create(org.ctx(alice), "AccountShare", TestOrg.map("AccountId",
                account, "UserOrGroupId", bob.id(), "AccountAccessLevel", "Read")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RestErrorCode.REQUIRED_FIELD_MISSING);
                    assertThat(e.fields()).containsExactly("OpportunityAccessLevel", "CaseAccessLevel",
                            "ContactAccessLevel");
                });
        assertThat(visible(bob, "Account", account)).isFalse();
    }

    @Test
    void whenALevelIsNotAPicklistValueThenItIsRefused() {
        assertRefused(() -> org.shareAccount(alice, account, bob.id(), "Read", "All", "None"),
                RestErrorCode.INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST);
    }

    @Test
    void whenALevelIsBelowTheChildsDefaultThenItIsRefusedAndAtTheDefaultAccepted() {
        org.sharing("Opportunity", SharingModel.PUBLIC_READ_WRITE);
        org.sharing("Contact", SharingModel.PUBLIC_READ);

        assertRefused(() -> org.shareAccount(alice, account, bob.id(), "Read", "Read", "Read"),
                RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
        assertRefused(() -> org.shareAccount(alice, account, bob.id(), "Read", "Edit", "None"),
                RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
        assertThat(visible(bob, "Account", account)).as("nothing was shared").isFalse();
        org.shareAccount(alice, account, bob.id(), "Read", "Edit", "Read");
        assertThat(visible(bob, "Account", account)).isTrue();
    }

    @Test
    void whenTheAccountIsSharedWithReadOnItsOpportunitiesThenBobReadsThemButNotItsContacts() {
        org.shareAccount(alice, account, bob.id(), "Read", "Read", "None");

        assertThat(visible(bob, "Account", account)).isTrue();
        assertThat(visible(bob, "Opportunity", opportunity)).isTrue();
        assertThat(visible(bob, "Contact", contact)).isFalse();
        assertRefused(() -> fixture.records.update(org.ctx(bob), "Opportunity", opportunity, Map.of("Amount", 5)),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        assertThat(count(bob, "SELECT COUNT() FROM Opportunity")).isEqualTo(1);
        assertThat(count(bob, "SELECT COUNT() FROM Contact")).isZero();
    }

    @Test
    void whenTheShareIsRaisedToEditThenBobEditsTheChildrenAndTheStoredLevelsSaySo() {
        org.shareAccount(alice, account, bob.id(), "Read", "Read", "None");
        org.shareAccount(alice, account, bob.id(), "Read", "Edit", "Edit");

        fixture.records.update(org.ctx(bob), "Opportunity", opportunity, Map.of("Amount", 5));
        fixture.records.update(org.ctx(bob), "Contact", contact, Map.of("Email", "c@acme.test"));
        assertRefused(() -> fixture.records.update(org.ctx(bob), "Account", account, Map.of("Name", "Bob's now")),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        Map<String, Object> page = fixture.queries.query(org.ctx(alice), "SELECT AccountAccessLevel, "
                + "OpportunityAccessLevel, ContactAccessLevel, CaseAccessLevel FROM AccountShare WHERE AccountId = '"
                + account + "'", false, 2000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) page.get("records");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("AccountAccessLevel", "Read")
                .containsEntry("OpportunityAccessLevel", "Edit").containsEntry("ContactAccessLevel", "Edit")
                .containsEntry("CaseAccessLevel", "None");
    }

    @Test
    void whenAnotherAccountIsSharedThenItsLevelsGrantNothingOfThisOnesChildren() {
        String other = org.create(alice, "Account", "Name", "Another account");
        org.shareAccount(alice, other, bob.id(), "Edit", "Edit", "Edit");

        assertThat(visible(bob, "Opportunity", opportunity)).isFalse();
        assertThat(visible(bob, "Contact", contact)).isFalse();
    }

    @Test
    void whenTheSharerLacksViewAllOnTheChildrenThenALevelAboveTheDefaultIsRefused() {
        String carols = org.create(carol, "Account", "Name", "Carol's account");
        org.shareAccount(carol, carols, alice.id(), "Read", "None", "None");
        String alicesDeal = org.create(alice, "Opportunity", "Name", "Alice's deal at Carol's", "StageName",
                "Prospecting", "CloseDate", "2027-01-31", "AccountId", carols);

        // an owner could otherwise reach, through herself or her role, every child of her account
        assertRefused(() -> org.shareAccount(carol, carols, carol.id(), "Read", "Read", "None"),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        assertRefused(() -> org.shareAccount(carol, carols, bob.id(), "Read", "None", "Edit"),
                RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY);
        org.shareAccount(carol, carols, bob.id(), "Read", "None", "None");
        assertThat(visible(carol, "Opportunity", alicesDeal)).isFalse();
        assertThat(visible(bob, "Account", carols)).isTrue();
        assertThat(visible(bob, "Opportunity", alicesDeal)).isFalse();
    }

    @Test
    void whenTheAccountIsDeletedThenItsSharesNoLongerGrantItsChildren() {
        org.shareAccount(alice, account, bob.id(), "Read", "Read", "Read");
        assertThat(visible(bob, "Opportunity", opportunity)).isTrue();

        fixture.records.delete(org.ctx(alice), "Account", account);

        assertThat(visible(bob, "Opportunity", opportunity)).isFalse();
        assertThat(visible(bob, "Contact", contact)).isFalse();
    }

    private boolean visible(User u, String type, String id) {
        try {
            fixture.records.get(org.ctx(u), type, id, null);
            return true;
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(RestErrorCode.NOT_FOUND);
            return false;
        }
    }

    private long count(User u, String soql) {
        return ((Number) fixture.queries.query(org.ctx(u), soql, false, 2000).get("totalSize")).longValue();
    }

    private static void assertRefused(Runnable call, RestErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
