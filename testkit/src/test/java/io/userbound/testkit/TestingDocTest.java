package io.userbound.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code docs/testing.md} shows the quick-start test as it is: the page and the file that runs must not drift. */
class TestingDocTest {
    private static final Path DOC = Path.of("..", "docs", "testing.md");
    private static final Path QUICK_START = Path.of("src", "test", "java", "com", "example", "QuickStartTest.java");

    @Test
    void whenTheDocShowsTheQuickStartThenItIsTheTestThatRuns() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf("<!-- quickstart:begin -->\n```java\n");
        int end = doc.indexOf("```\n<!-- quickstart:end -->");
        assertThat(begin).as("quickstart markers in %s", DOC).isNotNegative();
        assertThat(end).isGreaterThan(begin);

        String shown = doc.substring(begin + "<!-- quickstart:begin -->\n```java\n".length(), end);

        assertThat(shown).isEqualTo(Files.readString(QUICK_START));
        assertThat(shown.lines().count()).as("a complete user test in about 20 lines").isLessThanOrEqualTo(22);
    }
}
