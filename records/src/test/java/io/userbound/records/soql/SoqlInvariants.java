package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What must hold for every string given to the SOQL parser, whoever wrote it: it parses (and its canonical form
 * parses back to the same tree) or it fails with a {@link SoqlException} positioned inside the input and rendered as
 * Salesforce renders {@code MALFORMED_QUERY}; nothing else is ever thrown. Shared by the deterministic fuzz test and
 * the coverage-guided targets.
 */
final class SoqlInvariants {
    private SoqlInvariants() {
    }

    /** @return true when the input parsed, false when it was refused as it should be */
    static boolean check(String input) {
        SoqlQuery query;
        try {
            query = SoqlParser.parse(input);
        } catch (SoqlException e) {
            assertPositionedInside(input, e);
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("unexpected " + e + " for input: " + escape(input), e);
        }
        assertThat(query.source()).isEqualTo(input);
        String canonical = query.toSoql();
        try {
            SoqlQuery again = SoqlParser.parse(canonical);
            if (!Shapes.of(again).equals(Shapes.of(query, false))) {
                fail("round trip changed the tree of %s:%n%s%nvs%n%s", escape(input), Shapes.of(query, false),
                        Shapes.of(again));
            }
        } catch (SoqlException e) {
            fail("canonical form %s of %s does not parse: %s", canonical, escape(input), e.getMessage());
        }
        return true;
    }

    private static void assertPositionedInside(String input, SoqlException e) {
        String[] lines = input.split("\n", -1);
        if (e.row() < 1 || e.row() > lines.length) {
            fail("row %d outside %d lines for input %s", e.row(), lines.length, escape(input));
        }
        int lineLength = lines[e.row() - 1].length();
        if (e.column() < 1 || e.column() > lineLength + 1) {
            fail("column %d outside line of length %d for input %s", e.column(), lineLength, escape(input));
        }
        if (e.errorCode() != SoqlErrorCode.MALFORMED_QUERY
                || !e.getMessage().contains("^\nERROR at Row:" + e.row() + ":Column:" + e.column() + "\n")
                || e.detail().isEmpty()) {
            fail("badly rendered error %s for input %s", e.getMessage(), escape(input));
        }
    }

    static String escape(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }
}
