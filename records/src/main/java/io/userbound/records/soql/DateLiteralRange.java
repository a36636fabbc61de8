package io.userbound.records.soql;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The half-open instant range {@code [startInclusive, endExclusive)} a relative date literal covers, computed in
 * UTC with weeks starting on Sunday, following the Salesforce "Date Formats and Date Literals" reference:
 * <ul>
 *   <li>{@code TODAY}, {@code YESTERDAY}, {@code TOMORROW}: that whole day.</li>
 *   <li>{@code LAST_WEEK}, {@code THIS_WEEK}, {@code NEXT_WEEK}: the Sunday-to-Saturday week before, holding, or
 *       after today.</li>
 *   <li>{@code LAST_MONTH}, {@code THIS_MONTH}, {@code NEXT_MONTH}; {@code LAST_YEAR}, {@code THIS_YEAR},
 *       {@code NEXT_YEAR}: whole calendar months / years.</li>
 *   <li>{@code LAST_90_DAYS} = {@code LAST_N_DAYS:90}: from 00:00 n days ago through the end of today (n + 1
 *       days, today included).</li>
 *   <li>{@code NEXT_90_DAYS} = {@code NEXT_N_DAYS:90}: from 00:00 tomorrow for n days (today excluded).</li>
 *   <li>{@code N_DAYS_AGO:n}: the single day n days before today.</li>
 *   <li>{@code LAST_N_MONTHS:n}: from the first day of the month n months ago to the end of last month (this month
 *       excluded).</li>
 *   <li>{@code NEXT_N_MONTHS:n}: from the first day of next month for n months (this month excluded).</li>
 * </ul>
 * For a date (not date-time) field use {@link #startDate()} and {@link #endDateExclusive()}.
 *
 * @param startInclusive first instant in the range
 * @param endExclusive   first instant after the range; equal to the start for an empty range ({@code :0} forms
 *                       that cover no day)
 */
public record DateLiteralRange(Instant startInclusive, Instant endExclusive) {
    public DateLiteralRange {
        Objects.requireNonNull(startInclusive, "startInclusive");
        Objects.requireNonNull(endExclusive, "endExclusive");
        if (endExclusive.isBefore(startInclusive)) {
            throw new IllegalArgumentException("end before start");
        }
    }

    /** Resolves {@code literal} for the current UTC day of {@code clock}. */
    public static DateLiteralRange resolve(Value.DateLiteral literal, Clock clock) {
        return resolve(literal, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /** Resolves {@code literal} for the given UTC day. */
    public static DateLiteralRange resolve(Value.DateLiteral literal, LocalDate today) {
        return resolve(literal.kind(), literal.n(), today);
    }

    /**
     * Resolves a literal kind with its parameter for the given UTC day.
     *
     * @param n the parameter, non-negative; ignored for kinds that are not parameterised
     */
    public static DateLiteralRange resolve(DateLiteralKind kind, int n, LocalDate today) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(today, "today");
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative");
        }
        LocalDate week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        switch (kind) {
            case TODAY: return days(today, 1);
            case YESTERDAY: return days(today.minusDays(1), 1);
            case TOMORROW: return days(today.plusDays(1), 1);
            case LAST_WEEK: return days(week.minusWeeks(1), 7);
            case THIS_WEEK: return days(week, 7);
            case NEXT_WEEK: return days(week.plusWeeks(1), 7);
            case LAST_MONTH: return of(month.minusMonths(1), month);
            case THIS_MONTH: return of(month, month.plusMonths(1));
            case NEXT_MONTH: return of(month.plusMonths(1), month.plusMonths(2));
            case LAST_90_DAYS: return of(today.minusDays(90), today.plusDays(1));
            case NEXT_90_DAYS: return days(today.plusDays(1), 90);
            case THIS_YEAR: return of(year, year.plusYears(1));
            case LAST_YEAR: return of(year.minusYears(1), year);
            case NEXT_YEAR: return of(year.plusYears(1), year.plusYears(2));
            case LAST_N_DAYS: return of(today.minusDays(n), today.plusDays(1));
            case NEXT_N_DAYS: return days(today.plusDays(1), n);
            case N_DAYS_AGO: return days(today.minusDays(n), 1);
            case LAST_N_MONTHS: return of(month.minusMonths(n), month);
            case NEXT_N_MONTHS: return of(month.plusMonths(1), month.plusMonths(1L + n));
            default: throw new IllegalStateException("unhandled " + kind);
        }
    }

    /** The first UTC day in the range. */
    public LocalDate startDate() {
        return LocalDate.ofInstant(startInclusive, ZoneOffset.UTC);
    }

    /** The first UTC day after the range. */
    public LocalDate endDateExclusive() {
        return LocalDate.ofInstant(endExclusive, ZoneOffset.UTC);
    }

    private static DateLiteralRange days(LocalDate start, long count) {
        return of(start, start.plusDays(count));
    }

    private static DateLiteralRange of(LocalDate start, LocalDate endExclusive) {
        return new DateLiteralRange(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                endExclusive.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
