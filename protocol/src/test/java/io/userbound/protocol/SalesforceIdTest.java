package io.userbound.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SalesforceIdTest {

    @ParameterizedTest
    @CsvSource({
        "001D000000IqhSL, 001D000000IqhSLIAZ",
        "001A0000006Vm9r, 001A0000006Vm9rIAC",
        "00000000000000a, 00000000000000aAAA",
        "ABCDEAAAAA00000, ABCDEAAAAA0000055A",
    })
    void whenId15ThenChecksumSuffixMatchesSalesforce(String id15, String id18) {
        assertThat(SalesforceId.of(id15).id18()).isEqualTo(id18);
        assertThat(SalesforceId.to18(id15)).isEqualTo(id18);
        assertThat(SalesforceId.to15(id18)).isEqualTo(id15);
    }

    @Test
    void whenSuffixCaseDiffersThenStillParses() {
        assertThat(SalesforceId.parse("001D000000IqhSLiaz")).contains(SalesforceId.of("001D000000IqhSL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"001d000000iqhsliaz", "001D000000IQHSLIAZ", "001D000000iQHslIaZ"})
    void whenAnId18IsInAnyCaseThenItsSuffixRestoresTheCaseOfTheId(String anyCase) {
        assertThat(SalesforceId.parse(anyCase)).map(SalesforceId::id18).contains("001D000000IqhSLIAZ");
    }

    @Test
    void whenTheSuffixMarksAnotherCaseThenItIsAnotherId() {
        assertThat(SalesforceId.parse("001D000000IqhSLIAY")).map(SalesforceId::id15).contains("001D000000iqhSL");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "001D000000IqhS", "001D000000IqhSLZAZ", "001D000000Iqh-L", "001D000000IqhSLIA"})
    void whenMalformedThenEmpty(String value) {
        assertThat(SalesforceId.parse(value)).isEmpty();
    }

    @Test
    void whenPrefixKnownThenKeyPrefixResolves() {
        assertThat(KeyPrefix.of("005000000000001")).contains(KeyPrefix.USER);
        assertThat(KeyPrefix.of("zzz000000000001")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"59, Winter '24", "60, Spring '24", "61, Summer '24", "62, Winter '25", "58, Summer '23"})
    void whenVersionThenReleaseLabel(int version, String label) {
        assertThat(ApiVersions.label(version)).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource({"v59.0, 59", "latest, 66"})
    void whenVersionSegmentValidThenParsed(String segment, int major) {
        assertThat(ApiVersions.parseSegment(segment)).contains(major);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.0", "v59", "v59.1", "59.0", "v99.0", "v100.0"})
    void whenVersionSegmentInvalidThenEmpty(String segment) {
        assertThat(ApiVersions.parseSegment(segment)).isEmpty();
    }
}
