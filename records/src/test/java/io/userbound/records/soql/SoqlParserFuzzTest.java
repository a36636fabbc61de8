package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing: mutated valid queries and random token soup. Every input must either parse (and then
 * survive a render/re-parse round trip) or fail with a {@link SoqlException} positioned inside the input.
 */
class SoqlParserFuzzTest {
    private static final List<String> SEEDS = List.of(
            "SELECT Id FROM Account",
            "SELECT Id, Name, Owner.Username FROM Account WHERE Name LIKE 'Ac\\_me%' ORDER BY Name DESC NULLS LAST",
            "SELECT COUNT() FROM Contact WHERE CreatedDate = LAST_N_DAYS:30",
            "SELECT a.Id FROM Account a WHERE (a.x = 1 OR a.y != 'q\\'') AND NOT z IN (2024-01-01, TODAY)",
            "SELECT Id FROM Opportunity WHERE Amount >= -12.50 AND CloseDate < 2024-01-15T10:00:00.000+02:00\n"
                    + "WITH SECURITY_ENFORCED\nORDER BY Amount LIMIT 10 OFFSET 20",
            "SELECT Id FROM Lead WHERE Tags__c INCLUDES ('a;b', 'c') OR Tags__c EXCLUDES ('d') LIMIT 5",
            "select id from case where status not in ('Closed', null) and isescalated = true with user_mode",
            "SELECT Id FROM Event WHERE StartDateTime > 2024-01-15T10:00:00-0800 AND d = N_DAYS_AGO:2",
            "SELECT Name FROM Account WHERE Id = :x GROUP BY Name",
            "SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE x = 'unterminated");

    private static final String[] SOUP = {
        "SELECT", "select", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "INCLUDES", "EXCLUDES", "NULL",
        "true", "FALSE", "ORDER", "BY", "ASC", "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "WITH",
        "SECURITY_ENFORCED", "USER_MODE", "GROUP", "HAVING", "COUNT", "SUM", "TYPEOF", "FOR", "UPDATE", "USING",
        "Id", "Name", "Account", "a", "Owner.Name", "x__c", "TODAY", "LAST_N_DAYS:5", "NEXT_N_MONTHS:",
        "N_DAYS_AGO", "(", ")", "((", ",", ".", ":", ":x", "=", "!=", "<>", "<", "<=", ">", ">=", "!", "%", ";",
        "'str'", "'it\\'s'", "'bad\\q'", "'open", "'\\u00e9'", "\"dq\"", "1", "-1", "+2.5", "2147483648",
        "99999999999999999999", "2024-01-15", "2024-13-45", "2024-01-15T10:00:00Z", "2024-01-15T10:00",
        "2024-01-15T10:00:00.123+02:00", "\u00e9", "\\", "\n", "\r\n", "\t", "SELECT Id FROM Account"};

    private static final String MUTATION_CHARS = "'\\\"()[],.:;=<>!%_-+*/ \n\r\t0123456789aZ\u00e9\u2028\uD83D\uDE00";

    private int parsed;
    private int rejected;

    @Test
    void whenValidQueriesAreMutatedThenParseReturnsOrThrowsAPositionedSoqlException() {
        Random random = new Random(20240115L);
        for (int i = 0; i < 30_000; i++) {
            String input = SEEDS.get(random.nextInt(SEEDS.size()));
            int rounds = 1 + random.nextInt(4);
            for (int r = 0; r < rounds; r++) {
                input = mutate(input, random);
            }
            check(input);
        }
        assertThat(parsed).as("some mutants still parse").isGreaterThan(1_000);
        assertThat(rejected).as("most mutants are rejected").isGreaterThan(10_000);
    }

    @Test
    void whenRandomTokensAreJoinedThenParseReturnsOrThrowsAPositionedSoqlException() {
        Random random = new Random(42L);
        for (int i = 0; i < 25_000; i++) {
            StringBuilder soup = new StringBuilder();
            if (random.nextBoolean()) {
                soup.append("SELECT Id FROM Account WHERE ");
            }
            int length = random.nextInt(25);
            for (int t = 0; t < length; t++) {
                soup.append(SOUP[random.nextInt(SOUP.length)]);
                soup.append(random.nextInt(5) == 0 ? "" : random.nextInt(8) == 0 ? "\n" : " ");
            }
            check(soup.toString());
        }
        assertThat(rejected).isGreaterThan(20_000);
        assertThat(parsed).as("some soup is a query").isGreaterThan(0);
    }

    private static String mutate(String s, Random random) {
        int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
        switch (random.nextInt(7)) {
            case 0: { // delete a run
                int end = Math.min(s.length(), at + 1 + random.nextInt(6));
                return s.substring(0, at) + s.substring(end);
            }
            case 1: // insert a character
                return s.substring(0, at) + MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length()))
                        + s.substring(at);
            case 2: { // replace a character
                if (at >= s.length()) {
                    return s;
                }
                return s.substring(0, at) + MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length()))
                        + s.substring(at + 1);
            }
            case 3: { // duplicate a slice
                int end = Math.min(s.length(), at + random.nextInt(20));
                return s.substring(0, end) + s.substring(at, end) + s.substring(end);
            }
            case 4: // truncate
                return s.substring(0, at);
            case 5: // insert a soup token
                return s.substring(0, at) + " " + SOUP[random.nextInt(SOUP.length)] + " " + s.substring(at);
            default: { // swap two whitespace-separated words
                String[] words = s.split(" ", -1);
                if (words.length < 2) {
                    return s;
                }
                int a = random.nextInt(words.length);
                int b = random.nextInt(words.length);
                String tmp = words[a];
                words[a] = words[b];
                words[b] = tmp;
                return String.join(" ", words);
            }
        }
    }

    private void check(String input) {
        if (SoqlInvariants.check(input)) {
            parsed++;
        } else {
            rejected++;
        }
    }
}
