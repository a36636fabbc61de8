package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoqlParserValidQueryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # select lists
        "SELECT Id FROM Account"                                        | "Id | Account"
        "SELECT Id, Name FROM Account"                                  | "Id,Name | Account"
        "SELECT Owner.Username, Account.Owner.Name FROM Contact"        | "Owner.Username,Account.Owner.Name | Contact"
        "SELECT COUNT() FROM Account"                                   | "COUNT() | Account"
        "SELECT count ( ) FROM Account"                                 | "COUNT() | Account"
        "SELECT Custom__c, ns__Other__c FROM ns__Thing__c"              | "Custom__c,ns__Other__c | ns__Thing__c"
        "SELECT Id , Name,Phone FROM Account"                           | "Id,Name,Phone | Account"
        # mixed-case keywords, identifiers keep their case
        "select id from account"                                        | "id | account"
        "SeLeCt Id FrOm Account wHeRe Name = 'x' OrDeR bY Name LiMiT 1" | "Id | Account | (EQ Name str:x) | order Name ASC DEFAULT | limit 1"
        # newlines, tabs and CRLF between tokens
        "SELECT Id,\nName\nFROM Account\nWHERE Name = 'a'"              | "Id,Name | Account | (EQ Name str:a)"
        "SELECT\tId\r\nFROM\r\nAccount\r\n"                             | "Id | Account"
        "  SELECT Id FROM Account  "                                    | "Id | Account"
        # alias stripping
        "SELECT a.Id, a.Name, Name FROM Account a"                      | "Id,Name,Name | Account as a"
        "SELECT A.Owner.Name FROM Account a WHERE a.Name = 'x'"         | "Owner.Name | Account as a | (EQ Name str:x)"
        "SELECT a.Id FROM Account a ORDER BY a.Name DESC"               | "Id | Account as a | order Name DESC DEFAULT"
        "SELECT b.Name FROM Account a"                                  | "b.Name | Account as a"
        "SELECT a FROM Account a"                                       | "a | Account as a"
        "SELECT Id FROM Account acct WHERE acct.Owner.Name != null"     | "Id | Account as acct | (NE Owner.Name null)"
        # every comparison operator
        "SELECT Id FROM Account WHERE A = 1"                            | "Id | Account | (EQ A num:1)"
        "SELECT Id FROM Account WHERE A != 1"                           | "Id | Account | (NE A num:1)"
        "SELECT Id FROM Account WHERE A <> 1"                           | "Id | Account | (NE A num:1)"
        "SELECT Id FROM Account WHERE A < 1"                            | "Id | Account | (LT A num:1)"
        "SELECT Id FROM Account WHERE A <= 1"                           | "Id | Account | (LE A num:1)"
        "SELECT Id FROM Account WHERE A > 1"                            | "Id | Account | (GT A num:1)"
        "SELECT Id FROM Account WHERE A >= 1"                           | "Id | Account | (GE A num:1)"
        "SELECT Id FROM Account WHERE A>=1"                             | "Id | Account | (GE A num:1)"
        "SELECT Id FROM Account WHERE Name LIKE 'Ac%'"                  | "Id | Account | (LIKE Name str:Ac%)"
        "SELECT Id FROM Account WHERE Name like 'Ac_'"                  | "Id | Account | (LIKE Name str:Ac_)"
        "SELECT Id FROM Account WHERE Id IN ('a', 'b')"                 | "Id | Account | (IN Id [str:a str:b])"
        "SELECT Id FROM Account WHERE Id NOT IN ('a')"                  | "Id | Account | (NOT_IN Id [str:a])"
        "SELECT Id FROM Account WHERE N IN (1, 2.5, null)"              | "Id | Account | (IN N [num:1 num:2.5 null])"
        "SELECT Id FROM Account WHERE P INCLUDES ('a;b', 'c')"          | "Id | Account | (INCLUDES P [str:a;b str:c])"
        "SELECT Id FROM Account WHERE P excludes ('a')"                 | "Id | Account | (EXCLUDES P [str:a])"
        # values
        "SELECT Id FROM Account WHERE A = null"                         | "Id | Account | (EQ A null)"
        "SELECT Id FROM Account WHERE A = NULL"                         | "Id | Account | (EQ A null)"
        "SELECT Id FROM Account WHERE A = true"                         | "Id | Account | (EQ A bool:true)"
        "SELECT Id FROM Account WHERE A = FALSE"                        | "Id | Account | (EQ A bool:false)"
        "SELECT Id FROM Account WHERE A = 'it\\'s'"                     | "Id | Account | (EQ A str:it's)"
        "SELECT Id FROM Account WHERE A = ''"                           | "Id | Account | (EQ A str:)"
        "SELECT Id FROM Account WHERE A = -5"                           | "Id | Account | (EQ A num:-5)"
        "SELECT Id FROM Account WHERE A = +5"                           | "Id | Account | (EQ A num:5)"
        "SELECT Id FROM Account WHERE A = 12.50"                        | "Id | Account | (EQ A num:12.50)"
        "SELECT Id FROM Account WHERE A = -0.001"                       | "Id | Account | (EQ A num:-0.001)"
        "SELECT Id FROM Account WHERE A = 2024-01-15"                   | "Id | Account | (EQ A date:2024-01-15)"
        "SELECT Id FROM Account WHERE A = 2024-02-29"                   | "Id | Account | (EQ A date:2024-02-29)"
        "SELECT Id FROM Account WHERE A > 2024-01-15T10:00:00Z"         | "Id | Account | (GT A datetime:2024-01-15T10:00Z)"
        "SELECT Id FROM Account WHERE A > 2024-01-15T10:00:00.000+02:00" | "Id | Account | (GT A datetime:2024-01-15T10:00+02:00)"
        "SELECT Id FROM Account WHERE A > 2024-01-15T10:00:00-0800"     | "Id | Account | (GT A datetime:2024-01-15T10:00-08:00)"
        "SELECT Id FROM Account WHERE A > 2024-01-15T10:00:00.5Z"       | "Id | Account | (GT A datetime:2024-01-15T10:00:00.500Z)"
        "SELECT Id FROM Account WHERE A IN (2024-01-01, 2024-01-02)"    | "Id | Account | (IN A [date:2024-01-01 date:2024-01-02])"
        # date literals
        "SELECT Id FROM Account WHERE D = TODAY"                        | "Id | Account | (EQ D lit:TODAY)"
        "SELECT Id FROM Account WHERE D = yesterday"                    | "Id | Account | (EQ D lit:YESTERDAY)"
        "SELECT Id FROM Account WHERE D = TOMORROW"                     | "Id | Account | (EQ D lit:TOMORROW)"
        "SELECT Id FROM Account WHERE D = LAST_WEEK"                    | "Id | Account | (EQ D lit:LAST_WEEK)"
        "SELECT Id FROM Account WHERE D = THIS_WEEK"                    | "Id | Account | (EQ D lit:THIS_WEEK)"
        "SELECT Id FROM Account WHERE D = NEXT_WEEK"                    | "Id | Account | (EQ D lit:NEXT_WEEK)"
        "SELECT Id FROM Account WHERE D = LAST_MONTH"                   | "Id | Account | (EQ D lit:LAST_MONTH)"
        "SELECT Id FROM Account WHERE D = THIS_MONTH"                   | "Id | Account | (EQ D lit:THIS_MONTH)"
        "SELECT Id FROM Account WHERE D = NEXT_MONTH"                   | "Id | Account | (EQ D lit:NEXT_MONTH)"
        "SELECT Id FROM Account WHERE D = LAST_90_DAYS"                 | "Id | Account | (EQ D lit:LAST_90_DAYS)"
        "SELECT Id FROM Account WHERE D = NEXT_90_DAYS"                 | "Id | Account | (EQ D lit:NEXT_90_DAYS)"
        "SELECT Id FROM Account WHERE D = THIS_YEAR"                    | "Id | Account | (EQ D lit:THIS_YEAR)"
        "SELECT Id FROM Account WHERE D = LAST_YEAR"                    | "Id | Account | (EQ D lit:LAST_YEAR)"
        "SELECT Id FROM Account WHERE D = NEXT_YEAR"                    | "Id | Account | (EQ D lit:NEXT_YEAR)"
        "SELECT Id FROM Account WHERE D = LAST_N_DAYS:30"               | "Id | Account | (EQ D lit:LAST_N_DAYS:30)"
        "SELECT Id FROM Account WHERE D = next_n_days:0"                | "Id | Account | (EQ D lit:NEXT_N_DAYS:0)"
        "SELECT Id FROM Account WHERE D = N_DAYS_AGO:7"                 | "Id | Account | (EQ D lit:N_DAYS_AGO:7)"
        "SELECT Id FROM Account WHERE D > LAST_N_MONTHS:12"             | "Id | Account | (GT D lit:LAST_N_MONTHS:12)"
        "SELECT Id FROM Account WHERE D < NEXT_N_MONTHS:2147483647"     | "Id | Account | (LT D lit:NEXT_N_MONTHS:2147483647)"
        "SELECT Id FROM Account WHERE D IN (TODAY, LAST_N_DAYS:2)"      | "Id | Account | (IN D [lit:TODAY lit:LAST_N_DAYS:2])"
        # boolean structure
        "SELECT Id FROM A WHERE a = 1 AND b = 2 AND c = 3"              | "Id | A | (AND (EQ a num:1) (EQ b num:2) (EQ c num:3))"
        "SELECT Id FROM A WHERE a = 1 OR b = 2 or c = 3"                | "Id | A | (OR (EQ a num:1) (EQ b num:2) (EQ c num:3))"
        "SELECT Id FROM A WHERE (a = 1 AND b = 2) OR c = 3"             | "Id | A | (OR (AND (EQ a num:1) (EQ b num:2)) (EQ c num:3))"
        "SELECT Id FROM A WHERE a = 1 AND (b = 2 OR c = 3)"             | "Id | A | (AND (EQ a num:1) (OR (EQ b num:2) (EQ c num:3)))"
        "SELECT Id FROM A WHERE NOT a = 1"                              | "Id | A | (NOT (EQ a num:1))"
        "SELECT Id FROM A WHERE NOT (a = 1 OR b = 2)"                   | "Id | A | (NOT (OR (EQ a num:1) (EQ b num:2)))"
        "SELECT Id FROM A WHERE NOT a = 1 AND b = 2"                    | "Id | A | (AND (NOT (EQ a num:1)) (EQ b num:2))"
        "SELECT Id FROM A WHERE NOT NOT a = 1"                          | "Id | A | (NOT (NOT (EQ a num:1)))"
        "SELECT Id FROM A WHERE ((a = 1))"                              | "Id | A | (EQ a num:1)"
        "SELECT Id FROM A WHERE (a = 1 AND b = 2) AND c = 3"            | "Id | A | (AND (AND (EQ a num:1) (EQ b num:2)) (EQ c num:3))"
        "SELECT Id FROM A WHERE (a = 1 OR b = 2) AND (c = 3 OR NOT d = 4)" | "Id | A | (AND (OR (EQ a num:1) (EQ b num:2)) (OR (EQ c num:3) (NOT (EQ d num:4))))"
        # WITH
        "SELECT Id FROM A WITH SECURITY_ENFORCED"                       | "Id | A | SECURITY_ENFORCED"
        "SELECT Id FROM A WHERE x = 1 with user_mode"                   | "Id | A | (EQ x num:1) | USER_MODE"
        # ORDER BY variants
        "SELECT Id FROM A ORDER BY Name"                                | "Id | A | order Name ASC DEFAULT"
        "SELECT Id FROM A ORDER BY Name ASC"                            | "Id | A | order Name ASC DEFAULT"
        "SELECT Id FROM A ORDER BY Name DESC"                           | "Id | A | order Name DESC DEFAULT"
        "SELECT Id FROM A ORDER BY Name NULLS LAST"                     | "Id | A | order Name ASC LAST"
        "SELECT Id FROM A ORDER BY Name DESC NULLS FIRST"               | "Id | A | order Name DESC FIRST"
        "SELECT Id FROM A ORDER BY Name asc nulls last, Owner.Name DESC, Id" | "Id | A | order Name ASC LAST,Owner.Name DESC DEFAULT,Id ASC DEFAULT"
        # LIMIT / OFFSET
        "SELECT Id FROM A LIMIT 0"                                      | "Id | A | limit 0"
        "SELECT Id FROM A LIMIT 2147483647"                             | "Id | A | limit 2147483647"
        "SELECT Id FROM A OFFSET 10"                                    | "Id | A | offset 10"
        "SELECT Id FROM A LIMIT 5 OFFSET 10"                            | "Id | A | limit 5 | offset 10"
        "SELECT Id FROM A a WHERE a.x = 1 WITH SECURITY_ENFORCED ORDER BY a.x LIMIT 1 OFFSET 2" | "Id | A as a | (EQ x num:1) | SECURITY_ENFORCED | order x ASC DEFAULT | limit 1 | offset 2"
        # Order as an object name, FROM object names that look like clause words
        "SELECT Id FROM Order ORDER BY Id"                              | "Id | Order | order Id ASC DEFAULT"
        """)
    void whenQueryIsInTheSubsetThenTheTreeHasTheExpectedShape(String soql, String shape) {
        String input = soql.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
        SoqlQuery query = SoqlParser.parse(input);
        assertThat(Shapes.of(query)).isEqualTo(shape);
        assertThat(query.source()).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # as written               | value       | LIKE pattern
        "'plain'"                  | "plain"     | "plain"
        "'50%'"                    | "50%"       | "50%"
        "'50\\%'"                  | "50%"       | "50\\%"
        "'a\\_b'"                  | "a_b"       | "a\\_b"
        "'a_b'"                    | "a_b"       | "a_b"
        "'back\\\\slash'"          | "back\\slash" | "back\\\\slash"
        "'q\\'q'"                  | "q'q"       | "q'q"
        "'\\u00e9'"                | "é"         | "é"
        "'\\u0025'"                | "%"         | "\\%"
        """)
    void whenStringHasEscapesThenValueDecodesThemAndLikePatternKeepsWildcardsDistinct(String literal, String value,
            String like) {
        Value v = onlyValue("SELECT Id FROM A WHERE Name LIKE " + literal);
        assertThat(v).isInstanceOf(Value.StringValue.class);
        Value.StringValue s = (Value.StringValue) v;
        assertThat(s.value()).isEqualTo(value);
        assertThat(s.likePattern()).isEqualTo(like);
        assertThat(s.raw()).isEqualTo(literal.substring(1, literal.length() - 1));
    }

    @Test
    void whenStringHasControlEscapesThenTheyDecodeInBothCases() {
        Value.StringValue s = (Value.StringValue) onlyValue("SELECT Id FROM A WHERE Name = '\\n\\N\\r\\R\\t\\T\\b\\B\\f\\F\\\"'");
        assertThat(s.value()).isEqualTo("\n\n\r\r\t\t\b\b\f\f\"");
    }

    @Test
    void whenValueIsNumericThenExactDecimalAndIntegernessAreKept() {
        Value.NumberValue decimal = (Value.NumberValue) onlyValue("SELECT Id FROM A WHERE x = 12.50");
        assertThat(decimal.value()).isEqualTo(new BigDecimal("12.50"));
        assertThat(decimal.isInteger()).isFalse();
        Value.NumberValue integer = (Value.NumberValue) onlyValue("SELECT Id FROM A WHERE x = -7");
        assertThat(integer.value()).isEqualTo(new BigDecimal("-7"));
        assertThat(integer.isInteger()).isTrue();
    }

    @Test
    void whenValueIsDatetimeThenItDenotesTheRightInstant() {
        Value.DateTimeValue dt = (Value.DateTimeValue) onlyValue("SELECT Id FROM A WHERE x = 2024-01-15T10:00:00-0800");
        assertThat(dt.instant()).isEqualTo(Instant.parse("2024-01-15T18:00:00Z"));
        assertThat(dt.text()).isEqualTo("2024-01-15T10:00:00-0800");
        Value.DateValue d = (Value.DateValue) onlyValue("SELECT Id FROM A WHERE x = 2024-01-15");
        assertThat(d.value()).isEqualTo(LocalDate.of(2024, 1, 15));
    }

    @Test
    void whenNodesAreParsedThenTheyCarryTheOffsetsOfTheirSourceText() {
        String soql = "SELECT a.Name, Owner.Id FROM Account a\nWHERE a.Owner.Name LIKE 'x%' AND Id IN ('1')\n"
                + "ORDER BY Name DESC LIMIT 10 OFFSET 5";
        SoqlQuery q = SoqlParser.parse(soql);
        List<FieldPath> fields = ((Selection.Fields) q.selection()).fields();
        assertThat(fields.get(0).offset()).isEqualTo(soql.indexOf("a.Name"));
        assertThat(fields.get(0).segmentOffsets()).containsExactly(soql.indexOf("Name"));
        assertThat(fields.get(1).segmentOffsets()).containsExactly(soql.indexOf("Owner.Id"),
                soql.indexOf("Owner.Id") + "Owner.".length());
        assertThat(q.from().offset()).isEqualTo(soql.indexOf("Account"));
        assertThat(q.from().alias()).contains("a");
        Condition.And and = (Condition.And) q.where().orElseThrow();
        Condition.Comparison like = (Condition.Comparison) and.operands().get(0);
        assertThat(like.offset()).isEqualTo(soql.indexOf("a.Owner"));
        assertThat(like.field().segments()).containsExactly("Owner", "Name");
        assertThat(like.operatorOffset()).isEqualTo(soql.indexOf("LIKE"));
        assertThat(like.value().offset()).isEqualTo(soql.indexOf("'x%'"));
        Condition.SetComparison in = (Condition.SetComparison) and.operands().get(1);
        assertThat(in.operatorOffset()).isEqualTo(soql.indexOf("IN ("));
        assertThat(in.values().get(0).offset()).isEqualTo(soql.indexOf("'1'"));
        assertThat(q.orderBy().get(0).offset()).isEqualTo(soql.indexOf("Name DESC"));
        assertThat(q.limit().orElseThrow().offset()).isEqualTo(soql.indexOf("10"));
        assertThat(q.rowOffset().orElseThrow().offset()).isEqualTo(soql.lastIndexOf("5"));
    }

    @Test
    void whenErrorIsRaisedAtANodeOffsetThenItPointsAtThatNode() {
        String soql = "SELECT Id\nFROM Acount";
        SoqlQuery q = SoqlParser.parse(soql);
        SoqlException e = SoqlException.invalidType(q.source(), q.from().offset(), q.from().name());
        assertThat(e.row()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        "select id, owner.name from account a where (a.x = 1 or y != 'q\\'') and not z in (2024-01-01, TODAY) with security_enforced order by id desc nulls last limit 5 offset 1"
        "SELECT COUNT() FROM Account WHERE Name LIKE '50\\%%' AND D >= LAST_N_DAYS:7"
        "SELECT Id FROM A WHERE NOT (a = 1 AND (b = 2 OR c <> 3)) AND P INCLUDES ('a;b') AND P EXCLUDES ('c')"
        "SELECT Id FROM A WHERE x = 2024-01-15T10:00:00.000+02:00 OR x = -1.5 OR x = null OR x = true"
        "SELECT Id FROM A WHERE NOT NOT x NOT IN (1, 2)"
        """)
    void whenQueryIsRenderedAndReparsedThenTheShapeIsUnchanged(String soql) {
        SoqlQuery first = SoqlParser.parse(soql);
        String canonical = first.toSoql();
        SoqlQuery second = SoqlParser.parse(canonical);
        assertThat(Shapes.of(second)).isEqualTo(Shapes.of(first).replace(" as a", ""));
        assertThat(second.toSoql()).isEqualTo(canonical);
    }

    private static Value onlyValue(String soql) {
        Condition c = SoqlParser.parse(soql).where().orElseThrow();
        assertThat(c).isInstanceOf(Condition.Comparison.class);
        return ((Condition.Comparison) c).value();
    }
}
