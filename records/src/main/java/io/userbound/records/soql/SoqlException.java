package io.userbound.records.soql;

import java.util.Objects;

/**
 * A SOQL query that cannot be parsed or compiled, positioned in the query text.
 *
 * <p>{@link #getMessage()} is rendered exactly as Salesforce renders it, because clients show it verbatim:
 * <pre>
 * "\n" + sourceLine + "\n" + (column - 1 spaces) + "^\nERROR at Row:" + row + ":Column:" + column + "\n" + detail
 * </pre>
 * {@code row} and {@code column} are 1-based; rows are separated by {@code '\n'} (a {@code '\r'} directly before it
 * is not shown), columns count UTF-16 chars. Offsets past the end of the text point just after the last character.
 */
public final class SoqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SoqlErrorCode errorCode;
    private final int row;
    private final int column;
    private final int offset;
    private final String detail;

    private SoqlException(SoqlErrorCode errorCode, int row, int column, int offset, String detail, String message) {
        super(message);
        this.errorCode = errorCode;
        this.row = row;
        this.column = column;
        this.offset = offset;
        this.detail = detail;
    }

    /**
     * Builds an error positioned at a char offset of the query.
     *
     * @param code   the error code; not null
     * @param soql   the query text; null is treated as empty
     * @param offset a 0-based char offset; clamped to {@code [0, soql.length()]}
     * @param detail the last line of the message; not null
     */
    public static SoqlException at(SoqlErrorCode code, String soql, int offset, String detail) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        String text = soql == null ? "" : soql;
        int at = Math.max(0, Math.min(offset, text.length()));
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        int row = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                row++;
            }
        }
        int lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        String line = text.substring(lineStart, lineEnd);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int column = at - lineStart + 1;
        String message = "\n" + line + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row + ":Column:" + column
                + "\n" + detail;
        return new SoqlException(code, row, column, at, detail, message);
    }

    /** {@code MALFORMED_QUERY} at an offset. */
    static SoqlException malformed(String soql, int offset, String detail) {
        return at(SoqlErrorCode.MALFORMED_QUERY, soql, offset, detail);
    }

    /**
     * {@code INVALID_FIELD}: the field path at {@code offset} does not exist on {@code object}.
     *
     * @param field  the field as the client wrote it (e.g. {@code Owner.Foo})
     * @param object the object name as the client wrote it
     */
    public static SoqlException invalidField(String soql, int offset, String field, String object) {
        return at(SoqlErrorCode.INVALID_FIELD, soql, offset, "No such column '" + field + "' on entity '" + object
                + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field"
                + " name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    /** {@code INVALID_TYPE}: the object named at {@code offset} does not exist or cannot be queried. */
    public static SoqlException invalidType(String soql, int offset, String object) {
        return at(SoqlErrorCode.INVALID_TYPE, soql, offset, "sObject type '" + object
                + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c'"
                + " after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    /** The REST {@code errorCode}. */
    public SoqlErrorCode errorCode() {
        return errorCode;
    }

    /** 1-based row of the error position. */
    public int row() {
        return row;
    }

    /** 1-based column of the error position within its row. */
    public int column() {
        return column;
    }

    /** 0-based char offset of the error position in the query text. */
    public int offset() {
        return offset;
    }

    /** The last line of the message, e.g. {@code unexpected token: 'FOO'}. */
    public String detail() {
        return detail;
    }
}
