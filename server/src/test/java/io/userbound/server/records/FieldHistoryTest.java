package io.userbound.server.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RecordService;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import io.userbound.records.soql.SoqlErrorCode;
import io.userbound.records.soql.SoqlException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field history: a change of a tracked field writes the old and new value, the user, the time and the consumer key
 * of the token's app in the transaction of the change; a refused change writes nothing; {@code AccountHistory} rows
 * are readable through SOQL only by users who can see the parent Account.
 */
class FieldHistoryTest {
    static final String KEY = "3MVG9history.consumer.key";
    static final String HISTORY = "SELECT Field, OldValue, NewValue, CreatedById, ConsumerKey FROM AccountHistory";

    @TempDir
    static Path dir;
    static RecordsFixture fixture;

    TestOrg org;
    User owner;
    User stranger;
    String accountId;

    @BeforeAll
    static void open() {
        fixture = RecordsFixture.open(dir);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @BeforeEach
    void account() {
        org = fixture.newOrg();
        org.sharing("Account", SharingModel.PRIVATE);
        Profile standard = org.profile();
        org.objectAccess(standard.id(), "Account", ObjectAccess.CRUD);
        org.fieldAccess(standard.id(), "Account", "Phone", FieldAccess.EDIT);
        org.fieldAccess(standard.id(), "Account", "Website", FieldAccess.EDIT);
        org.fieldAccess(standard.id(), "Account", "ParentId", FieldAccess.EDIT);
        owner = org.user("Owner", standard);
        stranger = org.user("Stranger", standard);
        org.track("Account", "Phone");
        accountId = fixture.records.create(org.ctx(owner, KEY), "Account", TestOrg.map("Name", "Acme", "Phone",
                "555-0100"));
    }

    /** The history rows of the account other than its creation, oldest first. */
    List<Object[]> changes() {
        return fixture.store.records().select(new SqlStatement("SELECT field, old_value, new_value, created_by_id,"
                + " created_date, consumer_key, data_type FROM field_history WHERE parent_id = ? AND field <> ?"
                + " ORDER BY created_date, id", List.of(accountId, "created")), 7);
    }

    Object phone() {
        return fixture.store.records().select(new SqlStatement("SELECT f_phone FROM obj_account WHERE id = ?",
                List.of(accountId)), 1).get(0)[0];
    }

    @Test
    void whenTrackedFieldChangesThenOneRowNamesOldNewUserTimeAndApp() {
        fixture.clock.advance(Duration.ofMinutes(5));
        Instant when = fixture.clock.instant();
        fixture.records.update(org.ctx(owner, KEY), "Account", accountId, Map.of("Phone", "555-0111"));
        assertThat(changes()).singleElement().satisfies(row -> assertThat(row).containsExactly("Phone", "555-0100",
                "555-0111", owner.id(), when.toEpochMilli(), KEY, "string"));
    }

    @Test
    void whenUntrackedOrUnchangedFieldIsWrittenThenNoRow() {
        fixture.records.update(org.ctx(owner, KEY), "Account", accountId, Map.of("Website", "https://acme.test"));
        fixture.records.update(org.ctx(owner, KEY), "Account", accountId, Map.of("Phone", "555-0100"));
        assertThat(changes()).isEmpty();
    }

    @Test
    void whenTokenHasNoAppThenConsumerKeyIsNull() {
        fixture.records.update(org.ctx(owner, null), "Account", accountId, Map.of("Phone", (Object) "555-0122"));
        assertThat(changes()).singleElement().satisfies(row -> assertThat(row[5]).isNull());
    }

    @Test
    void whenUpdateIsRefusedThenNoRowIsWritten() {
        org.shareAccount(owner, accountId, stranger.id(), "Read");
        assertThatThrownBy(() -> fixture.records.update(org.ctx(stranger, KEY), "Account", accountId,
                Map.of("Phone", "555-0133"))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY));
        assertThatThrownBy(() -> fixture.records.update(org.ctx(owner, KEY), "Account", accountId,
                Map.of("Phone", "555-0144", "Name", ""))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> fixture.records.update(org.ctx(owner, KEY), "Account", accountId,
                Map.of("Phone", "555-0155", "ParentId", "001000000000000AAA"))).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo(RestErrorCode.INVALID_CROSS_REFERENCE_KEY));
        assertThat(changes()).isEmpty();
        assertThat(phone()).isEqualTo("555-0100");
    }

    @Test
    void whenHistoryWriteFailsThenTheChangeIsRolledBackWithIt() {
        RecordStore failing = new RecordStore() {
            private final RecordStore d = fixture.store.records();

            @Override
            public void insert(String table, Map<String, Object> columns) {
                if (table.equals("field_history")) {
                    throw new IllegalStateException("history write failed");
                }
                d.insert(table, columns);
            }

            @Override
            public int update(String table, String id, Map<String, Object> columns) {
                return d.update(table, id, columns);
            }

            @Override
            public List<Object[]> select(SqlStatement statement, int columnCount) {
                return d.select(statement, columnCount);
            }

            @Override
            public int execute(SqlStatement statement) {
                return d.execute(statement);
            }
        };
        RecordService records = new RecordService(fixture.catalog, failing, fixture.store.transactions(),
                fixture.ids, fixture.clock);
        assertThatThrownBy(() -> records.update(org.ctx(owner, KEY), "Account", accountId,
                Map.of("Phone", "555-0166"))).hasMessageContaining("history write failed");
        assertThat(phone()).isEqualTo("555-0100");
        assertThat(changes()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("records");
    }

    @Test
    void whenHistoryIsQueriedThenOnlyUsersWhoSeeTheParentGetItsRows() {
        fixture.records.update(org.ctx(owner, KEY), "Account", accountId, Map.of("Phone", "555-0111"));
        String soql = HISTORY + " WHERE Field = 'Phone'";
        List<Map<String, Object>> mine = records(fixture.queries.query(org.ctx(owner), soql, false, 0));
        assertThat(mine).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("Field", "Phone").containsEntry("OldValue", "555-0100")
                    .containsEntry("NewValue", "555-0111").containsEntry("CreatedById", owner.id())
                    .containsEntry("ConsumerKey", KEY);
            assertThat((Map<String, Object>) r.get("attributes")).containsEntry("type", "AccountHistory");
        });
        assertThat(records(fixture.queries.query(org.ctx(stranger), soql, false, 0))).isEmpty();
        assertThat(fixture.queries.query(org.ctx(stranger), "SELECT COUNT() FROM AccountHistory", false, 0)
                .get("totalSize")).isEqualTo(0L);

        org.shareAccount(owner, accountId, stranger.id(), "Read");
        assertThat(records(fixture.queries.query(org.ctx(stranger), soql, false, 0))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("NewValue", "555-0111"));
    }

    @Test
    void whenUserCannotReadTheParentObjectThenHistoryObjectDoesNotExist() {
        User none = org.user("NoAccess", org.profile());
        assertThatThrownBy(() -> fixture.queries.query(org.ctx(none), HISTORY, false, 0))
                .isInstanceOfSatisfying(SoqlException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.INVALID_TYPE));
    }

    @Test
    void whenParentIsInAnotherOrgThenItsHistoryIsNotReturned() {
        fixture.records.update(org.ctx(owner, KEY), "Account", accountId, Map.of("Phone", "555-0111"));
        TestOrg other = fixture.newOrg();
        User admin = other.user("Admin", other.profile(io.userbound.core.model.SystemPermission.MODIFY_ALL_DATA));
        assertThat(records(fixture.queries.query(other.ctx(admin), HISTORY, false, 0))).isEmpty();
    }
}
