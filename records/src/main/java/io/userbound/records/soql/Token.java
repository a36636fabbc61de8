package io.userbound.records.soql;

/**
 * One lexical token: its kind, text as written, char span and (for literals) the decoded value.
 * {@code value} is a {@link Value.StringValue} for STRING, a {@link java.math.BigDecimal} for NUMBER, a
 * {@link java.time.LocalDate} for DATE and a {@link java.time.OffsetDateTime} for DATETIME; otherwise null.
 */
record Token(Type type, String text, int start, int end, Object value) {

    enum Type { IDENT, STRING, NUMBER, DATE, DATETIME, COMMA, DOT, LPAREN, RPAREN, OPERATOR, COLON, EOF }

    boolean is(Type t) {
        return type == t;
    }

    /** True for an identifier spelled {@code keyword} in any case. */
    boolean isKeyword(String keyword) {
        return type == Type.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** The token as quoted in {@code unexpected token: '...'}. */
    String display() {
        return type == Type.EOF ? "<EOF>" : text;
    }
}
