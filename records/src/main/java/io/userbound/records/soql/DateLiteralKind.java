package io.userbound.records.soql;

import java.util.Locale;
import java.util.Optional;

/**
 * The SOQL relative date literals of the subset. The constant names are the SOQL spellings (case-insensitive in
 * queries). Parameterised kinds are written {@code NAME:n} with a non-negative integer n.
 * See {@link DateLiteralRange} for what each one covers.
 */
public enum DateLiteralKind {
    TODAY, YESTERDAY, TOMORROW,
    LAST_WEEK, THIS_WEEK, NEXT_WEEK,
    LAST_MONTH, THIS_MONTH, NEXT_MONTH,
    LAST_90_DAYS, NEXT_90_DAYS,
    THIS_YEAR, LAST_YEAR, NEXT_YEAR,
    LAST_N_DAYS(true), NEXT_N_DAYS(true), N_DAYS_AGO(true), LAST_N_MONTHS(true), NEXT_N_MONTHS(true);

    private final boolean parameterised;

    DateLiteralKind() {
        this(false);
    }

    DateLiteralKind(boolean parameterised) {
        this.parameterised = parameterised;
    }

    /** True for the {@code NAME:n} forms. */
    public boolean isParameterised() {
        return parameterised;
    }

    /** The kind spelled {@code name} in any case, or empty. */
    public static Optional<DateLiteralKind> fromSoql(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (DateLiteralKind kind : values()) {
            if (kind.name().equals(upper)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
