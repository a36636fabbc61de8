package io.userbound.records.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.SystemPermission;
import io.userbound.records.access.AccessSnapshot;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.RecordContext;
import io.userbound.records.data.RowAccess;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.soql.SoqlErrorCode;
import io.userbound.records.soql.SoqlException;
import io.userbound.records.soql.SoqlParser;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL and bound parameters the planner compiles, without a database: operators, SOQL's null semantics, sets,
 * multi-picklists, LIKE, date literals on date and date-time fields, parent fields, ordering, OFFSET bounds, and
 * type-mismatch errors with their position. Values never appear in the SQL text.
 */
class QueryPlannerTest {
    static final String ORG = "00D000000000001AAA";
    static final String USER = "005000000000001AAA";
    static final String SUB_USER = "005000000000002AAA";
    static final String ROLE = "00E000000000001AAA";
    static final String SUB_ROLE = "00E000000000002AAA";
    /** Monday 2 March 2026, 10:00 UTC. */
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    /** What every plan of Account by a user without sharing restrictions starts its WHERE with. */
    static final String VISIBLE = "t.org_id = ? AND t.f_isdeleted = FALSE";

    static final FieldDefinition REGIONS = FieldDefinition.of("Regions__c", FieldType.MULTI_PICKLIST)
            .picklist("EMEA", "APAC", "US").custom(true).build();

    /** Account with a multi-picklist; Account is Private so a plain user's plans carry the sharing predicate. */
    static final MetadataStore METADATA = new MetadataStore() {
        @Override
        public List<ObjectRow> objects(String orgId) {
            return List.of(new ObjectRow("01I000000000001AAA", ORG, "Account", "Account", "Accounts", "001", false,
                    SharingModel.PRIVATE, "obj_account", NOW, NOW));
        }

        @Override
        public List<CustomFieldRow> customFields(String orgId) {
            return List.of(new CustomFieldRow("00N000000000001AAA", ORG, "account", REGIONS, NOW));
        }

        @Override
        public Set<String> trackedFields(String orgId) {
            return Set.of();
        }

        @Override
        public void insertObject(ObjectRow row) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean updateSharingModel(String objectRowId, SharingModel model, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void insertField(CustomFieldRow row) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void track(String orgId, String objectName, String fieldName, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean untrack(String orgId, String objectName, String fieldName) {
            throw new UnsupportedOperationException();
        }
    };

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ObjectCatalog CATALOG = new ObjectCatalog(METADATA, CLOCK, 60_000);
    static final QueryPlanner PLANNER = new QueryPlanner(CATALOG, new RowAccess(CATALOG), CLOCK);

    /** ModifyAllData: every object and field, no sharing predicate. */
    static final RecordContext ADMIN = context(Set.of(SystemPermission.MODIFY_ALL_DATA), Map.of(), Map.of());
    /**
     * CRUD on Account and Contact; among optional fields only Account.Phone and Contact.AccountId are readable.
     * Private sharing applies to Account.
     */
    static final RecordContext PLAIN = context(Set.of(), Map.of("account", ObjectAccess.CRUD, "contact",
            ObjectAccess.CRUD), Map.of("account.phone", FieldAccess.READ, "contact.accountid", FieldAccess.READ));

    static RecordContext context(Set<SystemPermission> system, Map<String, ObjectAccess> objects,
            Map<String, FieldAccess> fields) {
        AccessSnapshot access = new AccessSnapshot(ORG, USER, system, ROLE, Set.of(SUB_ROLE), Set.of(SUB_USER),
                objects, fields);
        return new RecordContext(ORG, USER, null, access, 66);
    }

    static QueryPlan plan(RecordContext ctx, String soql) {
        return PLANNER.plan(ctx, SoqlParser.parse(soql), false);
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static Arguments row(String where, String sql, Object... params) {
        return Arguments.of(where, sql, Arrays.asList(params));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                row("Name = 'Acme'", "t.f_name_ci = LOWER(?)", "Acme"),
                row("Phone = '555-0100'", "LOWER(t.f_phone) = LOWER(?)", "555-0100"),
                row("Name != 'Acme'", "(t.f_name_ci <> LOWER(?) OR t.f_name IS NULL)", "Acme"),
                row("Name <> 'Acme'", "(t.f_name_ci <> LOWER(?) OR t.f_name IS NULL)", "Acme"),
                row("NumberOfEmployees < 123457", "t.f_numberofemployees < ?", new BigDecimal("123457")),
                row("NumberOfEmployees <= 123457", "t.f_numberofemployees <= ?", new BigDecimal("123457")),
                row("AnnualRevenue > 987654.25", "t.f_annualrevenue > ?", new BigDecimal("987654.25")),
                row("AnnualRevenue >= -5", "t.f_annualrevenue >= ?", new BigDecimal("-5")),
                row("Name = null", "t.f_name IS NULL"),
                row("Name != null", "t.f_name IS NOT NULL"),
                row("Name IN ('Acme', 'Globex')", "(t.f_name_ci IN (LOWER(?), LOWER(?)))", "Acme", "Globex"),
                row("Name NOT IN ('Acme', 'Globex')",
                        "(t.f_name_ci NOT IN (LOWER(?), LOWER(?)) OR t.f_name IS NULL)", "Acme",
                        "Globex"),
                row("Name IN ('Acme', null)", "(t.f_name_ci IN (LOWER(?)) OR t.f_name IS NULL)", "Acme"),
                row("Name NOT IN ('Acme', null)", "(t.f_name_ci NOT IN (LOWER(?)) AND t.f_name IS NOT NULL)", "Acme"),
                row("Regions__c INCLUDES ('EMEA')",
                        "t.f_regions__c IS NOT NULL AND (((';' || t.f_regions__c || ';') LIKE ? ESCAPE '\\'))",
                        "%;EMEA;%"),
                row("Regions__c INCLUDES ('EMEA;APAC', 'US')",
                        "t.f_regions__c IS NOT NULL AND (((';' || t.f_regions__c || ';') LIKE ? ESCAPE '\\' AND"
                                + " (';' || t.f_regions__c || ';') LIKE ? ESCAPE '\\') OR ((';' || t.f_regions__c"
                                + " || ';') LIKE ? ESCAPE '\\'))", "%;EMEA;%", "%;APAC;%", "%;US;%"),
                row("Regions__c EXCLUDES ('US')",
                        "(t.f_regions__c IS NULL OR NOT (((';' || t.f_regions__c || ';') LIKE ? ESCAPE '\\')))",
                        "%;US;%"),
                row("Name LIKE 'ACME%'", "t.f_name_ci LIKE ? ESCAPE '\\'", "acme%"),
                row("Name LIKE 'a_c\\%'", "t.f_name_ci LIKE ? ESCAPE '\\'", "a_c\\%"),
                row("CreatedDate = TODAY", "(t.f_createddate >= ? AND t.f_createddate < ?)",
                        millis("2026-03-02T00:00:00Z"), millis("2026-03-03T00:00:00Z")),
                row("CreatedDate != YESTERDAY",
                        "(t.f_createddate < ? OR t.f_createddate >= ? OR t.f_createddate IS NULL)",
                        millis("2026-03-01T00:00:00Z"), millis("2026-03-02T00:00:00Z")),
                row("CreatedDate > TODAY", "t.f_createddate >= ?", millis("2026-03-03T00:00:00Z")),
                row("CreatedDate <= TODAY", "t.f_createddate < ?", millis("2026-03-03T00:00:00Z")),
                row("CreatedDate < TODAY", "t.f_createddate < ?", millis("2026-03-02T00:00:00Z")),
                row("CreatedDate >= TODAY", "t.f_createddate >= ?", millis("2026-03-02T00:00:00Z")),
                row("CreatedDate = LAST_N_DAYS:7", "(t.f_createddate >= ? AND t.f_createddate < ?)",
                        millis("2026-02-23T00:00:00Z"), millis("2026-03-03T00:00:00Z")),
                row("CreatedDate > 2026-01-15T08:30:00Z", "t.f_createddate > ?", millis("2026-01-15T08:30:00Z")),
                row("CreatedDate > 2026-01-15T08:30:00+02:00", "t.f_createddate > ?",
                        millis("2026-01-15T06:30:00Z")),
                row("(Name = 'Alpha' OR Name = 'Bravo') AND NOT Industry = 'Retail'",
                        "((t.f_name_ci = LOWER(?) OR t.f_name_ci = LOWER(?))"
                                + " AND NOT (LOWER(t.f_industry) = LOWER(?)))", "Alpha", "Bravo", "Retail"),
                row("Id = '001000000000001'", "t.id = ?", "001000000000001AAA"),
                row("Id = '001000000000001aaa'", "t.id = ?", "001000000000001AAA"),
                row("OwnerId IN ('005000000000009AAA')", "(t.f_ownerid IN (?))", "005000000000009AAA"),
                row("Name = 'x\\' OR 1=1 --'", "t.f_name_ci = LOWER(?)", "x' OR 1=1 --"),
                row("Name = 'Ac\\'me\\\\'", "t.f_name_ci = LOWER(?)", "Ac'me\\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void whenConditionOnAccountThenSqlIsBoundAsExpected(String where, String sql, List<Object> params) {
        QueryPlan p = plan(ADMIN, "SELECT Id FROM Account WHERE " + where);
        assertThat(p.where()).isEqualTo(VISIBLE + " AND (" + sql + ")");
        List<Object> expected = new ArrayList<>();
        expected.add(ORG);
        expected.addAll(params);
        assertThat(p.whereParams()).containsExactlyElementsOf(expected);
        assertNoLiteralIn(p, params);
    }

    /** String and number values never reach the SQL text. */
    static void assertNoLiteralIn(QueryPlan p, List<Object> params) {
        String text = p.from() + " WHERE " + p.where() + " ORDER BY " + p.orderBy();
        for (Object v : params) {
            if (v instanceof String s) {
                assertThat(text).doesNotContain(s.replace("%", "").replace(";", ""));
            } else if (v instanceof BigDecimal n) {
                assertThat(text).doesNotContain(n.toPlainString());
            }
        }
        assertThat(text).doesNotContain("1=1").doesNotContain("Acme");
    }

    static Stream<Arguments> dateConditions() {
        return Stream.of(
                row("Birthdate = TODAY", "(t.f_birthdate >= ? AND t.f_birthdate < ?)", TODAY, TODAY.plusDays(1)),
                row("Birthdate = THIS_MONTH", "(t.f_birthdate >= ? AND t.f_birthdate < ?)", LocalDate.of(2026, 3, 1),
                        LocalDate.of(2026, 4, 1)),
                row("Birthdate < LAST_N_DAYS:30", "t.f_birthdate < ?", TODAY.minusDays(30)),
                row("Birthdate = 1990-05-17", "t.f_birthdate = ?", LocalDate.of(1990, 5, 17)),
                row("Birthdate IN (1990-05-17, 1991-01-01)", "(t.f_birthdate IN (?, ?))", LocalDate.of(1990, 5, 17),
                        LocalDate.of(1991, 1, 1)),
                row("DoNotCall = true", "t.f_donotcall = ?", Boolean.TRUE),
                row("DoNotCall != false", "(t.f_donotcall <> ? OR t.f_donotcall IS NULL)", Boolean.FALSE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dateConditions")
    void whenDateOrCheckboxConditionOnContactThenSqlIsBoundAsExpected(String where, String sql,
            List<Object> params) {
        QueryPlan p = plan(ADMIN, "SELECT Id FROM Contact WHERE " + where);
        assertThat(p.where()).isEqualTo(VISIBLE + " AND (" + sql + ")");
        List<Object> expected = new ArrayList<>();
        expected.add(ORG);
        expected.addAll(params);
        assertThat(p.whereParams()).containsExactlyElementsOf(expected);
    }

    @Test
    void whenParentFieldsSelectedThenEachRelationshipIsJoinedOnceUnderTheParentsVisibility() {
        QueryPlan p = plan(PLAIN, "SELECT Id, Account.Name, Account.Phone, Owner.Username FROM Contact"
                + " WHERE Account.Name = 'Acme' ORDER BY Account.Name DESC NULLS LAST");
        assertThat(p.from()).startsWith("obj_contact t LEFT JOIN obj_account j1 ON j1.id = t.f_accountid AND"
                + " j1.org_id = ? AND j1.f_isdeleted = FALSE AND (j1.f_ownerid IN (")
                .contains(" LEFT JOIN users j2 ON j2.id = t.f_ownerid AND j2.org_id = ?")
                .containsOnlyOnce("LEFT JOIN obj_account");
        assertThat(p.fromParams()).startsWith(ORG).contains(USER, SUB_USER, ROLE, SUB_ROLE)
                .endsWith(ORG);
        assertThat(p.columns()).extracting(QueryPlan.Column::path, QueryPlan.Column::alias)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Id", "t"),
                        org.assertj.core.groups.Tuple.tuple("Account.Name", "j1"),
                        org.assertj.core.groups.Tuple.tuple("Account.Phone", "j1"),
                        org.assertj.core.groups.Tuple.tuple("Owner.Username", "j2"));
        assertThat(p.where()).endsWith(" AND (j1.f_name_ci = LOWER(?))");
        assertThat(p.whereParams()).endsWith("Acme");
        assertThat(p.orderBy()).isEqualTo("j1.f_name DESC NULLS LAST, t.id ASC");
    }

    @Test
    void whenPlainUserQueriesPrivateObjectThenSharingPredicateIsInTheWhereWithBoundIds() {
        QueryPlan p = plan(PLAIN, "SELECT Id, Name FROM Account");
        assertThat(p.where()).startsWith(VISIBLE + " AND (t.f_ownerid IN (")
                .contains("EXISTS (SELECT 1 FROM record_shares s WHERE s.parent_id = t.id AND s.user_or_group_id IN (")
                .doesNotContain(USER).doesNotContain(ROLE).doesNotContain("Edit");
        assertThat(p.whereParams()).startsWith(ORG).contains(USER, SUB_USER, ROLE, SUB_ROLE);
    }

    @Test
    void whenObjectNameQualifiesTheFieldThenItIsTheSameField() {
        QueryPlan p = plan(ADMIN, "SELECT Account.Name FROM Account WHERE Account.Name = 'A'");
        assertThat(p.from()).isEqualTo("obj_account t");
        assertThat(p.where()).endsWith("(t.f_name_ci = LOWER(?))");
    }

    static Stream<Arguments> orderings() {
        return Stream.of(
                Arguments.of("ORDER BY Name", "t.f_name ASC NULLS FIRST, t.id ASC"),
                Arguments.of("ORDER BY Name ASC NULLS LAST", "t.f_name ASC NULLS LAST, t.id ASC"),
                Arguments.of("ORDER BY Name DESC", "t.f_name DESC NULLS FIRST, t.id ASC"),
                Arguments.of("ORDER BY Name DESC NULLS FIRST", "t.f_name DESC NULLS FIRST, t.id ASC"),
                Arguments.of("ORDER BY Industry, Id DESC NULLS LAST", "t.f_industry ASC NULLS FIRST, t.id DESC NULLS LAST"),
                Arguments.of("", "t.id ASC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orderings")
    void whenOrderByThenSqlOrdersWithExplicitNullsAndATieBreakOnId(String orderBy, String sql) {
        assertThat(plan(ADMIN, "SELECT Id FROM Account " + orderBy).orderBy()).isEqualTo(sql);
    }

    @Test
    void whenOffsetIsAtMostTwoThousandThenAcceptedAndAboveRefusedAtItsPosition() {
        assertThat(plan(ADMIN, "SELECT Id FROM Account LIMIT 5 OFFSET 2000").offset()).isEqualTo(2000);
        assertThat(plan(ADMIN, "SELECT Id FROM Account LIMIT 5 OFFSET 2000").limit()).isEqualTo(5);
        String soql = "SELECT Id FROM Account LIMIT 5 OFFSET 2001";
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> plan(ADMIN, soql));
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.MALFORMED_QUERY);
        assertThat(e.offset()).isEqualTo(soql.indexOf("2001"));
        assertThat(e.detail()).contains("2000");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("SELECT Id FROM Account WHERE NumberOfEmployees = 'ten'", "'ten'",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Name = 5", "5", SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Name = true", "true",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE CreatedDate = 2026-01-01", "2026-01-01",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Contact WHERE Birthdate = 2026-01-01T00:00:00Z", "2026-01-01T",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Contact WHERE Birthdate = '2026-01-01'", "'2026",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Name = TODAY", "Name =",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Id = 'not an id'", "'not",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Name IN ('a', 7)", "7)",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Contact WHERE DoNotCall > false", "> false",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Name INCLUDES ('a')", "INCLUDES",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE NumberOfEmployees LIKE '1%'", "LIKE",
                        SoqlErrorCode.INVALID_QUERY_FILTER_OPERATOR),
                Arguments.of("SELECT Id FROM Account WHERE Regions__c INCLUDES (5)", "5)",
                        SoqlErrorCode.MALFORMED_QUERY),
                Arguments.of("SELECT Id FROM Account WHERE Nope__c = 1", "Nope__c", SoqlErrorCode.INVALID_FIELD),
                Arguments.of("SELECT Id, Account.Nope FROM Contact", "Nope", SoqlErrorCode.INVALID_FIELD),
                Arguments.of("SELECT Id, Nobody.Name FROM Contact", "Nobody", SoqlErrorCode.INVALID_FIELD),
                Arguments.of("SELECT Id, Account.Owner.Name FROM Contact", "Owner", SoqlErrorCode.INVALID_FIELD),
                Arguments.of("SELECT Id FROM ScratchOrgInfo", "ScratchOrgInfo", SoqlErrorCode.INVALID_TYPE),
                Arguments.of("SELECT Id FROM Account ORDER BY Description", "Description",
                        SoqlErrorCode.MALFORMED_QUERY),
                Arguments.of("SELECT Id FROM Account WHERE Description = 'x'", "Description",
                        SoqlErrorCode.MALFORMED_QUERY),
                Arguments.of("SELECT Id, Name, Name FROM Account", "Name FROM", SoqlErrorCode.MALFORMED_QUERY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void whenQueryDoesNotSuitTheSchemaThenRefusedWithCodeAndPosition(String soql, String at, SoqlErrorCode code) {
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> plan(ADMIN, soql));
        assertThat(e).as(soql).isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(soql.lastIndexOf(at));
        assertThat(e.getMessage()).contains("ERROR at Row:1:Column:" + (soql.lastIndexOf(at) + 1));
    }

    static Stream<Arguments> hiddenFields() {
        return Stream.of(
                Arguments.of("SELECT Id, Website FROM Account", "Website"),
                Arguments.of("SELECT Id FROM Account WHERE Website = 'x'", "Website"),
                Arguments.of("SELECT Id FROM Account ORDER BY Website", "Website"),
                Arguments.of("SELECT Id, Account.Website FROM Contact", "Website"),
                Arguments.of("SELECT Id FROM Account WHERE Regions__c INCLUDES ('US')", "Regions__c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hiddenFields")
    void whenFieldIsHiddenByFieldSecurityThenItIsInvalidFieldLikeAMissingOne(String soql, String field) {
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> plan(PLAIN, soql));
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.INVALID_FIELD);
        assertThat(e.offset()).isEqualTo(soql.indexOf(field));
        assertThat(e.detail()).contains("No such column '" + field + "'");
        SoqlException missing = catchThrowableOfType(SoqlException.class,
                () -> plan(PLAIN, soql.replace(field, "Zzz__c")));
        assertThat(missing.errorCode()).isEqualTo(e.errorCode());
        assertThat(missing.detail()).isEqualTo(e.detail().replace(field, "Zzz__c"));
    }

    @Test
    void whenObjectIsNotReadableThenInvalidTypeLikeAMissingObject() {
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> plan(PLAIN, "SELECT Id FROM Opportunity"));
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.INVALID_TYPE);
        assertThat(e.offset()).isEqualTo("SELECT Id FROM ".length());
    }
}
