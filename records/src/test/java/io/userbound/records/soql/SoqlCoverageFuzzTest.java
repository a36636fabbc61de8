package io.userbound.records.soql;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the SOQL lexer and parser (issue 12, part 5) with Jazzer: every input, however odd,
 * parses and round-trips or is refused with a positioned {@code MALFORMED_QUERY} ({@link SoqlInvariants}); an
 * exception of any other kind, a stack overflow or a hang is a finding.
 *
 * <p>In {@code mvn test} it runs as a regression test over its corpus ({@code SoqlCoverageFuzzTestInputs} in the
 * test resources: seeds and past findings); the {@code fuzz-soql} execution of {@code mvn verify} fuzzes it for
 * {@code fuzz.duration} with {@code JAZZER_FUZZ=1}.
 */
class SoqlCoverageFuzzTest {
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "INCLUDES", "EXCLUDES", "NULL",
        "ORDER BY", "GROUP BY", "HAVING", "LIMIT", "OFFSET", "NULLS FIRST", "WITH SECURITY_ENFORCED",
        "WITH USER_MODE", "COUNT()", "TYPEOF", "FOR UPDATE", "USING SCOPE", "LAST_N_DAYS:", "TODAY",
        "2024-01-15T10:00:00Z", "(SELECT Id FROM Contacts)", "'it\\'s'", ":x", "Owner.Name", "__c", "__r"})
    void soql(byte[] input) {
        // raw bytes, so that the corpus files are plain query text; invalid UTF-8 becomes U+FFFD, as over HTTP
        SoqlInvariants.check(new String(input, StandardCharsets.UTF_8));
    }
}
