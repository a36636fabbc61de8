package io.userbound.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain                     | plain
            CR LF ends a line         | a\\r\\nb
            NUL truncates in C tools  | a\\u0000b
            ESC starts terminal codes | \\u001B[31mred
            DEL                       | x\\u007F
            C1 next line              | x\\u0085y
            Unicode line separator    | x\\u2028y
            Unicode paragraph sep.    | x\\u2029y
            tab                       | a\\tb
            """)
    void whenTextHoldsAControlCharacterThenItIsEscapedVisibly(String name, String expected) {
        String raw = expected.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\\u0000", "\u0000").replace("\\u001B", "\u001B").replace("\\u007F", "\u007F")
                .replace("\\u0085", "\u0085").replace("\\u2028", "\u2028").replace("\\u2029", "\u2029");

        assertThat(AuditText.neutralize(raw)).isEqualTo(expected);
        assertThat(AuditText.neutralize(AuditText.neutralize(raw))).isEqualTo(expected);
        assertThat(AuditText.hasControl(AuditText.neutralize(raw))).isFalse();
    }

    @Test
    void whenNoCharacterIsAControlThenTheSameTextIsReturned() {
        String text = "ünïcödé \\n is two characters, 日本語 too";
        assertThat(AuditText.neutralize(text)).isSameAs(text);
        assertThat(AuditText.neutralize(null)).isNull();
    }

    @Test
    void whenEveryCharacterBelowSpaceIsNeutralizedThenNoneRemains() {
        String all = IntStream.range(0, 0xA0).mapToObj(c -> String.valueOf((char) c)).reduce("", String::concat);
        String out = AuditText.neutralize(all);
        assertThat(out.chars().filter(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F))).isEmpty();
    }

    @Test
    void whenAuditRowsAreMadeThenTheirClientTextsAreNeutralized() {
        LoginHistoryEntry login = new LoginHistoryEntry("0Ya", null, null, "u\r\nser", null, "app\n", "key\u0000",
                null, "203.0.113.7", "http://x/\r\n", "Remote Access 2.0", null, "agent\nX: y",
                LoginReason.INVALID_REQUEST, "detail\r\nforged", Instant.EPOCH);
        SetupAuditEntry setup = new SetupAuditEntry("0Ym", "00D", "createdUser", "Manage Users",
                "Created user a\nb", "005", "key\r", Instant.EPOCH);

        assertThat(login.username()).isEqualTo("u\\r\\nser");
        assertThat(login.application()).isEqualTo("app\\n");
        assertThat(login.consumerKey()).isEqualTo("key\\u0000");
        assertThat(login.loginUrl()).isEqualTo("http://x/\\r\\n");
        assertThat(login.userAgent()).isEqualTo("agent\\nX: y");
        assertThat(login.detail()).isEqualTo("detail\\r\\nforged");
        assertThat(setup.display()).isEqualTo("Created user a\\nb");
        assertThat(setup.createdByContext()).isEqualTo("key\\r");
    }
}
