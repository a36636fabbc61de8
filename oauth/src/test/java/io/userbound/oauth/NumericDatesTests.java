package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.oauth.jwt.NumericDates;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NumericDatesTests {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(null, NumericDates.MISSING),
                Arguments.of(1_772_359_200L, 1_772_359_200L),
                Arguments.of(1_772_359_200, 1_772_359_200L),
                Arguments.of(1_772_359_200_300L, 1_772_359_200L),
                Arguments.of(99_999_999_999L, 99_999_999_999L),
                Arguments.of(100_000_000_000L, 100_000_000L),
                Arguments.of(1_772_359_200.9d, 1_772_359_200L),
                Arguments.of(new BigDecimal("1772359200.5"), 1_772_359_200L),
                Arguments.of(BigInteger.valueOf(1_772_359_200L), 1_772_359_200L),
                Arguments.of(BigInteger.TEN.pow(30), NumericDates.INVALID),
                Arguments.of("1333685628", 1_333_685_628L),
                Arguments.of("1333685628.25", 1_333_685_628L),
                Arguments.of("1772359200300", 1_772_359_200L),
                Arguments.of("", NumericDates.INVALID),
                Arguments.of(" 1333685628", NumericDates.INVALID),
                Arguments.of("-5", NumericDates.INVALID),
                Arguments.of("1e9", NumericDates.INVALID),
                Arguments.of("12.", NumericDates.INVALID),
                Arguments.of(".5", NumericDates.INVALID),
                Arguments.of("9999999999999999999999", NumericDates.INVALID),
                Arguments.of(-1L, NumericDates.INVALID),
                Arguments.of(Double.NaN, NumericDates.INVALID),
                Arguments.of(Double.POSITIVE_INFINITY, NumericDates.INVALID),
                Arguments.of(true, NumericDates.INVALID),
                Arguments.of(List.of(1), NumericDates.INVALID));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void whenClaimIsReadThenSecondsOrMarker(Object claim, long expected) {
        assertThat(NumericDates.seconds(claim)).isEqualTo(expected);
    }
}
