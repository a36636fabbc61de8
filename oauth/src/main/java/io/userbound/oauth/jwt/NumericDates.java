package io.userbound.oauth.jwt;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads JWT NumericDate claims ({@code exp}, {@code nbf}, {@code iat}; RFC 7519 section 2) leniently, as real
 * Salesforce clients send them ({@code salesforce-compat.md} section 9 rule 3): a JSON number or a numeric string,
 * and a value of 10^11 or more is milliseconds (the {@code sf} CLI signs {@code Date.now() + 300}).
 */
public final class NumericDates {
    /** The claim is absent. */
    public static final long MISSING = Long.MIN_VALUE;
    /** The claim is present but not a non-negative number. */
    public static final long INVALID = Long.MIN_VALUE + 1;
    /** At or above this, a value is milliseconds since the epoch. */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final int MAX_STRING_LENGTH = 24;

    private NumericDates() {
    }

    /** @return whole seconds since the epoch, {@link #MISSING} or {@link #INVALID} */
    public static long seconds(Object claim) {
        long value;
        if (claim == null) {
            return MISSING;
        } else if (claim instanceof Long || claim instanceof Integer || claim instanceof Short
                || claim instanceof Byte) {
            value = ((Number) claim).longValue();
        } else if (claim instanceof Double || claim instanceof Float) {
            value = fromDouble(((Number) claim).doubleValue());
        } else if (claim instanceof BigInteger big) {
            value = big.bitLength() < 63 ? big.longValue() : INVALID;
        } else if (claim instanceof BigDecimal dec) {
            value = fromDouble(dec.doubleValue());
        } else if (claim instanceof String text) {
            value = fromString(text);
        } else {
            return INVALID;
        }
        if (value < 0) {
            return INVALID;
        }
        return value >= MILLIS_THRESHOLD ? value / 1000 : value;
    }

    private static long fromDouble(double d) {
        if (Double.isNaN(d) || d < 0 || d >= 9.0e18) {
            return INVALID;
        }
        return (long) Math.floor(d);
    }

    /** Digits with an optional fraction ({@code "1333685628"}, {@code "1333685628.5"}); nothing else. */
    private static long fromString(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_STRING_LENGTH) {
            return INVALID;
        }
        long value = 0;
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                break;
            }
            if (c < '0' || c > '9' || i >= 18) {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        if (i == 0) {
            return INVALID;
        }
        if (i < n) {
            if (i == n - 1) {
                return INVALID;
            }
            for (int j = i + 1; j < n; j++) {
                char c = text.charAt(j);
                if (c < '0' || c > '9') {
                    return INVALID;
                }
            }
        }
        return value;
    }
}
