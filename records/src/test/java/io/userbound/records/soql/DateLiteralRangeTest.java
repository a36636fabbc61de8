package io.userbound.records.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DateLiteralRangeTest {
    /** A Wednesday. */
    private static final LocalDate TODAY = LocalDate.of(2024, 3, 13);

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource(delimiter = '|', textBlock = """
        # kind        | n  | start inclusive | end exclusive
        TODAY         | 0  | 2024-03-13      | 2024-03-14
        YESTERDAY     | 0  | 2024-03-12      | 2024-03-13
        TOMORROW      | 0  | 2024-03-14      | 2024-03-15
        THIS_WEEK     | 0  | 2024-03-10      | 2024-03-17
        LAST_WEEK     | 0  | 2024-03-03      | 2024-03-10
        NEXT_WEEK     | 0  | 2024-03-17      | 2024-03-24
        THIS_MONTH    | 0  | 2024-03-01      | 2024-04-01
        LAST_MONTH    | 0  | 2024-02-01      | 2024-03-01
        NEXT_MONTH    | 0  | 2024-04-01      | 2024-05-01
        LAST_90_DAYS  | 0  | 2023-12-14      | 2024-03-14
        NEXT_90_DAYS  | 0  | 2024-03-14      | 2024-06-12
        THIS_YEAR     | 0  | 2024-01-01      | 2025-01-01
        LAST_YEAR     | 0  | 2023-01-01      | 2024-01-01
        NEXT_YEAR     | 0  | 2025-01-01      | 2026-01-01
        LAST_N_DAYS   | 1  | 2024-03-12      | 2024-03-14
        LAST_N_DAYS   | 0  | 2024-03-13      | 2024-03-14
        LAST_N_DAYS   | 30 | 2024-02-12      | 2024-03-14
        NEXT_N_DAYS   | 1  | 2024-03-14      | 2024-03-15
        NEXT_N_DAYS   | 0  | 2024-03-14      | 2024-03-14
        NEXT_N_DAYS   | 7  | 2024-03-14      | 2024-03-21
        N_DAYS_AGO    | 0  | 2024-03-13      | 2024-03-14
        N_DAYS_AGO    | 13 | 2024-02-29      | 2024-03-01
        LAST_N_MONTHS | 1  | 2024-02-01      | 2024-03-01
        LAST_N_MONTHS | 3  | 2023-12-01      | 2024-03-01
        LAST_N_MONTHS | 0  | 2024-03-01      | 2024-03-01
        NEXT_N_MONTHS | 1  | 2024-04-01      | 2024-05-01
        NEXT_N_MONTHS | 12 | 2024-04-01      | 2025-04-01
        """)
    void whenLiteralIsResolvedOnAWednesdayThenTheRangeFollowsSalesforceSemantics(DateLiteralKind kind, int n,
            LocalDate start, LocalDate end) {
        DateLiteralRange range = DateLiteralRange.resolve(kind, n, TODAY);
        assertThat(range.startInclusive()).isEqualTo(start.atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(range.endExclusive()).isEqualTo(end.atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(range.startDate()).isEqualTo(start);
        assertThat(range.endDateExclusive()).isEqualTo(end);
    }

    @ParameterizedTest(name = "today {0}")
    @CsvSource({"2024-03-10, 2024-03-10", "2024-03-16, 2024-03-10", "2024-03-17, 2024-03-17",
        "2024-01-02, 2023-12-31"})
    void whenTodayIsAnyDayOfTheWeekThenThisWeekStartsOnTheSundayOnOrBeforeIt(LocalDate today, LocalDate sunday) {
        DateLiteralRange range = DateLiteralRange.resolve(DateLiteralKind.THIS_WEEK, 0, today);
        assertThat(range.startDate()).isEqualTo(sunday);
        assertThat(range.endDateExclusive()).isEqualTo(sunday.plusDays(7));
    }

    @Test
    void whenResolvedFromAClockThenTheUtcDayIsUsed() {
        Clock lateEvening = Clock.fixed(Instant.parse("2024-03-13T23:59:59Z"), ZoneOffset.ofHours(-8));
        Value.DateLiteral today = (Value.DateLiteral) ((Condition.Comparison) SoqlParser
                .parse("SELECT Id FROM A WHERE CreatedDate = TODAY").where().orElseThrow()).value();
        DateLiteralRange range = DateLiteralRange.resolve(today, lateEvening);
        assertThat(range).isEqualTo(new DateLiteralRange(Instant.parse("2024-03-13T00:00:00Z"),
                Instant.parse("2024-03-14T00:00:00Z")));
    }

    @Test
    void whenParsedLiteralHasAParameterThenResolveUsesIt() {
        Value.DateLiteral literal = (Value.DateLiteral) ((Condition.Comparison) SoqlParser
                .parse("SELECT Id FROM A WHERE CreatedDate > LAST_N_DAYS:2").where().orElseThrow()).value();
        assertThat(DateLiteralRange.resolve(literal, TODAY).startDate()).isEqualTo(LocalDate.of(2024, 3, 11));
    }

    @Test
    void whenParameterIsHugeThenTheRangeIsStillComputed() {
        DateLiteralRange range = DateLiteralRange.resolve(DateLiteralKind.NEXT_N_MONTHS, Integer.MAX_VALUE, TODAY);
        assertThat(range.endExclusive()).isAfter(range.startInclusive());
        assertThatThrownBy(() -> DateLiteralRange.resolve(DateLiteralKind.LAST_N_DAYS, -1, TODAY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
