package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

/** Rejected queries: error code, row, column (1-based) and detail, table-driven. */
class SoqlParserInvalidQueryTest {

    static Stream<Arguments> malformedQueries() {
        return Stream.of(
                row("", 1, 1,
                        "unexpected token: '<EOF>'"),
                row("   \n  ", 1, 1,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM Account WHERE", 1, 29,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id Account", 1, 11,
                        "unexpected token: 'Account'"),
                row("SELECT Id", 1, 10,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id, FROM Account", 1, 12,
                        "unexpected token: 'FROM'"),
                row("SELECT Id, Name, FROM Account", 1, 18,
                        "unexpected token: 'FROM'"),
                row("SELECT Id FROM", 1, 15,
                        "unexpected token: '<EOF>'"),
                row("SELECT FROM Account", 1, 8,
                        "unexpected token: 'FROM'"),
                row("FIND Id FROM Account", 1, 1,
                        "unexpected token: 'FIND'"),
                row("SELECT Id FROM Account WHERE Name = 'abc", 1, 41,
                        "line 1:40 mismatched character '<EOF>' expecting '''"),
                row("SELECT Id FROM Account WHERE Name = 'abc\\", 1, 42,
                        "line 1:41 mismatched character '<EOF>' expecting '''"),
                row("SELECT Id FROM Account WHERE (Name = 'a'", 1, 41,
                        "expecting a right parentheses, found '<EOF>'"),
                row("SELECT Id FROM Account WHERE (Name = 'a' LIMIT 1", 1, 42,
                        "expecting a right parentheses, found 'LIMIT'"),
                row("SELECT Id FROM A WHERE Id IN ('a', 'b'", 1, 39,
                        "expecting a right parentheses, found '<EOF>'"),
                row("SELECT Id FROM A WHERE a = 1 AND b = 2 OR c = 3", 1, 40,
                        "unexpected token: 'OR'"),
                row("SELECT Id FROM A WHERE a = 1 or b = 2 and c = 3", 1, 39,
                        "unexpected token: 'and'"),
                row("SELECT Id FROM A WHERE (a = 1 AND b = 2 OR c = 3)", 1, 41,
                        "unexpected token: 'OR'"),
                row("SELECT Id FROM A WHERE d = 2024-13-45", 1, 28,
                        "Invalid date: 2024-13-45"),
                row("SELECT Id FROM A WHERE d = 2023-02-29", 1, 28,
                        "Invalid date: 2023-02-29"),
                row("SELECT Id FROM A WHERE d = 2024-01-15T10:00:00", 1, 28,
                        "Invalid datetime: 2024-01-15T10:00:00"),
                row("SELECT Id FROM A WHERE d = 2024-01-15T25:00:00Z", 1, 28,
                        "Invalid datetime: 2024-01-15T25:00:00Z"),
                row("SELECT Id FROM A WHERE d = 2024-01-15T10:00:00+19:00", 1, 28,
                        "Invalid datetime: 2024-01-15T10:00:00+19:00"),
                row("SELECT Id FROM A LIMIT -1", 1, 24,
                        "unexpected token: '-1'"),
                row("SELECT Id FROM A LIMIT 2147483648", 1, 24,
                        "LIMIT must be a non-negative integer no greater than 2147483647, found '2147483648'"),
                row("SELECT Id FROM A OFFSET 99999999999999999999", 1, 25,
                        "OFFSET must be a non-negative integer no greater than 2147483647, found '99999999999999999999'"),
                row("SELECT Id FROM A OFFSET 1.5", 1, 25,
                        "unexpected token: '1.5'"),
                row("SELECT Id FROM A LIMIT", 1, 23,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM A WHERE Id = :x", 1, 29,
                        "Bind variables only allowed in Apex code"),
                row("SELECT Id FROM A WHERE Id IN :ids", 1, 30,
                        "Bind variables only allowed in Apex code"),
                row("SELECT Id FROM A WHERE Id IN ('a', :b)", 1, 36,
                        "Bind variables only allowed in Apex code"),
                row("SELECT Id FROM A LIMIT :n", 1, 24,
                        "Bind variables only allowed in Apex code"),
                row("SELECT Name FROM A GROUP BY Name", 1, 20,
                        "GROUP BY is not supported"),
                row("SELECT Name FROM A WHERE x = 1 HAVING y = 2", 1, 32,
                        "HAVING is not supported"),
                row("SELECT Id, (SELECT Id FROM Contacts) FROM Account", 1, 12,
                        "Sub-queries are not supported"),
                row("SELECT Id FROM A WHERE Id IN (SELECT AccountId FROM Contact)", 1, 30,
                        "Sub-queries are not supported"),
                row("SELECT Id FROM A WHERE Id = (SELECT Id FROM B)", 1, 29,
                        "Sub-queries are not supported"),
                row("SELECT COUNT(Id) FROM A", 1, 8,
                        "COUNT(field) is not supported; only COUNT() is"),
                row("SELECT SUM(Amount) FROM A", 1, 8,
                        "Aggregate function SUM() is not supported"),
                row("SELECT Id, max(Amount) FROM A", 1, 12,
                        "Aggregate function MAX() is not supported"),
                row("SELECT Id, COUNT() FROM A", 1, 12,
                        "COUNT() must be the only element in the SELECT list"),
                row("SELECT COUNT(), Id FROM A", 1, 15,
                        "unexpected token: ','"),
                row("SELECT TYPEOF What WHEN Account THEN Name END FROM Event", 1, 8,
                        "TYPEOF is not supported"),
                row("SELECT Id FROM A FOR UPDATE", 1, 18,
                        "FOR UPDATE is not supported"),
                row("SELECT Id FROM A LIMIT 1 FOR VIEW", 1, 26,
                        "FOR VIEW is not supported"),
                row("SELECT Id FROM A USING SCOPE mine", 1, 18,
                        "USING SCOPE is not supported"),
                row("SELECT Id FROM A WITH DATA CATEGORY Geo__c AT asia__c", 1, 23,
                        "WITH DATA CATEGORY is not supported"),
                row("SELECT Id FROM A WITH SYSTEM_MODE", 1, 23,
                        "unexpected token: 'SYSTEM_MODE'"),
                row("SELECT toLabel(Status) FROM A", 1, 8,
                        "Function toLabel() is not supported"),
                row("SELECT Id FROM A WHERE CALENDAR_YEAR(CreatedDate) = 2024", 1, 24,
                        "Function CALENDAR_YEAR() is not supported"),
                row("SELECT Id FROM A ORDER BY COUNT(Id)", 1, 27,
                        "COUNT(field) is not supported; only COUNT() is"),
                row("SELECT Id FROM A WHERE Name = %", 1, 31,
                        "line 1:30 no viable alternative at character '%'"),
                row("SELECT Id FROM A;", 1, 17,
                        "line 1:16 no viable alternative at character ';'"),
                row("SELECT Id FROM A WHERE Name = !x", 1, 31,
                        "line 1:30 no viable alternative at character '!'"),
                row("SELECT Id FROM A WHERE Name = \"x\"", 1, 31,
                        "line 1:30 no viable alternative at character '\"'"),
                row("SELECT Id FROM A WHERE Name = 'a\\qb'", 1, 31,
                        "Invalid string literal '\\q'. Illegal character sequence '\\q' in string literal."),
                row("SELECT Id FROM A WHERE Name = 'a\\u00g1'", 1, 31,
                        "Invalid string literal '\\u00g1'. Illegal character sequence '\\u00g1' in string literal."),
                row("SELECT Id FROM A WHERE Name LIKE 5", 1, 34,
                        "unexpected token: '5'"),
                row("SELECT Id FROM A WHERE P INCLUDES (1)", 1, 36,
                        "unexpected token: '1'"),
                row("SELECT Id FROM A WHERE Id IN ()", 1, 31,
                        "unexpected token: ')'"),
                row("SELECT Id FROM A WHERE Name = Acme", 1, 31,
                        "unexpected token: 'Acme'"),
                row("SELECT Id FROM A WHERE Name = 'a' Foo", 1, 35,
                        "unexpected token: 'Foo'"),
                row("SELECT Id FROM A WHERE x = 1 )", 1, 30,
                        "unexpected token: ')'"),
                row("SELECT Id FROM A WHERE x = 5abc", 1, 29,
                        "unexpected token: 'abc'"),
                row("SELECT Id FROM A WHERE x NOT LIKE 'a'", 1, 30,
                        "unexpected token: 'LIKE'"),
                row("SELECT Id FROM A WHERE NOT", 1, 27,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM A WHERE d = LAST_N_DAYS", 1, 39,
                        "Date literal LAST_N_DAYS needs a parameter, e.g. LAST_N_DAYS:7"),
                row("SELECT Id FROM A WHERE d = LAST_N_DAYS : 1", 1, 40,
                        "Date literal LAST_N_DAYS needs a parameter, e.g. LAST_N_DAYS:7"),
                row("SELECT Id FROM A WHERE d = LAST_N_DAYS:-1", 1, 40,
                        "unexpected token: '-1'"),
                row("SELECT Id FROM A WHERE d = N_DAYS_AGO:1.5", 1, 39,
                        "unexpected token: '1.5'"),
                row("SELECT Id FROM A WHERE d = NEXT_N_DAYS:3000000000", 1, 40,
                        "Date literal parameter 3000000000 is larger than 2147483647"),
                row("SELECT Id FROM A ORDER Name", 1, 24,
                        "unexpected token: 'Name'"),
                row("SELECT Id FROM A ORDER BY Name NULLS", 1, 37,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM A ORDER BY Name NULLS MIDDLE", 1, 38,
                        "unexpected token: 'MIDDLE'"),
                row("SELECT Id FROM A ORDER BY Name,", 1, 32,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM A LIMIT 5 WHERE x = 1", 1, 26,
                        "unexpected token: 'WHERE'"),
                row("SELECT Id FROM A OFFSET 5 LIMIT 1", 1, 27,
                        "unexpected token: 'LIMIT'"),
                row("SELECT Id FROM A a b", 1, 20,
                        "unexpected token: 'b'"),
                row("SELECT Id FROM A, B", 1, 17,
                        "unexpected token: ','"),
                row("SELECT Id. FROM A", 1, 12,
                        "unexpected token: 'FROM'"),
                row("SELECT Name n FROM A", 1, 13,
                        "unexpected token: 'n'"),
                row("UPDATE A SET x = 1", 1, 1,
                        "unexpected token: 'UPDATE'"),
                row("SELECT Id\nFORM Account", 2, 1,
                        "unexpected token: 'FORM'"),
                row("SELECT Id\nFROM Account WHERE\n\n", 2, 19,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id FROM A WHERE x = 'a'\r\nAND y", 2, 6,
                        "unexpected token: '<EOF>'"),
                row("SELECT Id,\n  Name\n  FROM Account\n WHERE Name = 'a' OR b = 1 AND c = 2", 4, 28,
                        "unexpected token: 'AND'"),
                row("SELECT Id\nFROM A\nWHERE Name = 'a\nb' AND x = @", 4, 12,
                        "line 4:11 no viable alternative at character '@'")
        );
    }

    private static Arguments row(String soql, int row, int column, String detail) {
        return Arguments.of(soql, row, column, detail);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedQueries")
    void whenQueryIsOutsideTheSubsetThenMalformedQueryPointsAtTheOffendingToken(String soql, int row, int column,
            String detail) {
        SoqlException e = parseFailure(soql);
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.MALFORMED_QUERY);
        assertThat(e.detail()).isEqualTo(detail);
        assertThat(e.row()).as("row").isEqualTo(row);
        assertThat(e.column()).as("column").isEqualTo(column);
        String line = soql.split("\n", -1)[row - 1].replace("\r", "");
        assertThat(e.getMessage()).isEqualTo("\n" + line + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row
                + ":Column:" + column + "\n" + detail);
    }

    @Test
    void whenWhereHasNoConditionThenTheMessageMatchesSalesforceExactly() {
        SoqlException e = parseFailure("SELECT Id FROM Account WHERE");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Account WHERE\n                            ^\n"
                + "ERROR at Row:1:Column:29\nunexpected token: '<EOF>'");
    }

    @Test
    void whenErrorIsOnRowTwoThenOnlyThatLineIsShown() {
        SoqlException e = parseFailure("SELECT Id\r\nFROM Account WHERE a = 1 AND b = 2 OR c = 3\r\nLIMIT 5");
        assertThat(e.getMessage()).isEqualTo("\nFROM Account WHERE a = 1 AND b = 2 OR c = 3\n"
                + "                                   ^\nERROR at Row:2:Column:36\nunexpected token: 'OR'");
    }

    @ParameterizedTest
    @NullSource
    void whenQueryIsNullThenMalformedQueryAtTheStart(String soql) {
        SoqlException e = parseFailure(soql);
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.MALFORMED_QUERY);
        assertThat(e.row()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo("\n\n^\nERROR at Row:1:Column:1\nunexpected token: '<EOF>'");
    }

    @Test
    void whenQueryIsLongerThanTheLimitThenMalformedQuery() {
        String soql = "SELECT Id FROM A WHERE Name = '" + "x".repeat(SoqlParser.MAX_LENGTH) + "'";
        SoqlException e = parseFailure(soql);
        assertThat(e.errorCode()).isEqualTo(SoqlErrorCode.MALFORMED_QUERY);
        assertThat(e.detail()).isEqualTo("SOQL statements cannot be longer than 100000 characters");
        assertThat(SoqlParser.parse("SELECT Id FROM A WHERE Name = '" + "x".repeat(SoqlParser.MAX_LENGTH - 32) + "'"))
                .isNotNull();
    }

    @Test
    void whenConditionsNestTooDeeplyThenMalformedQueryInsteadOfStackOverflow() {
        String deep = "SELECT Id FROM A WHERE " + "(".repeat(5000) + "x = 1" + ")".repeat(5000);
        SoqlException e = parseFailure(deep);
        assertThat(e.detail()).isEqualTo("Conditions nested deeper than 100 levels are not supported");
        assertThat(e.column()).isEqualTo("SELECT Id FROM A WHERE ".length() + SoqlParser.MAX_DEPTH + 1);
        String deepNot = "SELECT Id FROM A WHERE " + "NOT ".repeat(5000) + "x = 1";
        assertThat(parseFailure(deepNot).detail()).startsWith("Conditions nested deeper");
        String allowed = "SELECT Id FROM A WHERE " + "(".repeat(100) + "x = 1" + ")".repeat(100);
        assertThat(SoqlParser.parse(allowed).where()).isPresent();
    }

    private static SoqlException parseFailure(String soql) {
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> SoqlParser.parse(soql));
        assertThat(e).as("expected SoqlException for %s", soql).isNotNull();
        return e;
    }
}
