package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.SystemPermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The column codecs and the text rules of the store. */
final class CodecTest {
    static Stream<Arguments> stringSets() {
        return Stream.of(
                Arguments.of(Set.of(), ""),
                Arguments.of(Set.of("api"), "api"),
                Arguments.of(Set.of("web", "api", "full"), "api full web"));
    }

    @ParameterizedTest
    @MethodSource("stringSets")
    void whenSetJoinedThenSortedSpaceSeparatedAndSplitsBack(Set<String> set, String text) {
        assertThat(Codec.joinStrings(set)).isEqualTo(text);
        assertThat(Codec.splitStrings(text)).isEqualTo(set);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", ""})
    void whenSetElementHoldsSpaceOrIsEmptyThenIllegalArgument(String element) {
        assertThatThrownBy(() -> Codec.joinStrings(Set.of("api", element)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenPermissionsJoinedThenEveryPermissionRoundTrips() {
        Set<SystemPermission> all = EnumSet.allOf(SystemPermission.class);
        assertThat(Codec.splitPermissions(Codec.joinPermissions(all))).isEqualTo(all);
        assertThat(Codec.splitPermissions(Codec.joinPermissions(Set.of()))).isEmpty();
    }

    static Stream<Arguments> caps() {
        return Stream.of(
                Arguments.of(null, 5, null),
                Arguments.of("abc", 5, "abc"),
                Arguments.of("abcdef", 5, "abcde"),
                Arguments.of("abcd\uD83D\uDE00", 5, "abcd"),
                Arguments.of("abc\uD83D\uDE00", 5, "abc\uD83D\uDE00"));
    }

    @ParameterizedTest
    @MethodSource("caps")
    void whenTextCappedThenCutAtTheLimitWithoutSplittingASurrogatePair(String in, int max, String out) {
        assertThat(Columns.cap(in, max)).isEqualTo(out);
    }

    static Stream<Arguments> jtiKeys() {
        String max = "j".repeat(JdbcReplayGuard.MAX_RAW_JTI);
        return Stream.of(
                Arguments.of("abc", "abc"),
                Arguments.of(max, max),
                Arguments.of("a\0b", "a\uFFFDb"));
    }

    @ParameterizedTest
    @MethodSource("jtiKeys")
    void whenJtiShortThenStoredAsIs(String jti, String key) {
        assertThat(JdbcReplayGuard.key(jti)).isEqualTo(key);
    }

    @Test
    void whenJtiLongThenStoredAsItsHashAndDistinctLongValuesStayDistinct() {
        String a = "j".repeat(JdbcReplayGuard.MAX_RAW_JTI + 1);
        String b = a + "x";
        assertThat(JdbcReplayGuard.key(a)).startsWith("sha256:").hasSize(7 + 64);
        assertThat(JdbcReplayGuard.key(a)).isEqualTo(JdbcReplayGuard.key(a)).isNotEqualTo(JdbcReplayGuard.key(b));
    }
}
