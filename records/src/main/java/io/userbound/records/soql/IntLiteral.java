package io.userbound.records.soql;

/**
 * A non-negative integer argument of {@code LIMIT} or {@code OFFSET}.
 *
 * @param value  0 to {@link Integer#MAX_VALUE}
 * @param offset char offset of the number
 */
public record IntLiteral(int value, int offset) {
    public IntLiteral {
        if (value < 0) {
            throw new IllegalArgumentException("value must be non-negative");
        }
    }
}
