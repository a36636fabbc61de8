package io.userbound.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How the stores bind parameters and read columns: text (NUL made U+FFFD, audit texts capped), instants and
 * durations as epoch milliseconds (null as SQL NULL), lower-cased keys.
 */
final class Columns {
    private Columns() {
    }

    /**
     * Binds text. PostgreSQL refuses NUL characters in text, so a client-supplied string holding one is bound with
     * U+FFFD instead: it can never equal a stored value, and an insert keeps the rest of the text.
     */
    static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD'));
        }
    }

    /**
     * The binder of a statement whose parameters are all text, bound in order from index 1 as
     * {@link #text(PreparedStatement, int, String)} binds each (null as SQL NULL): the keys of a find, update or
     * delete.
     */
    static Db.Binder texts(String... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                text(ps, i + 1, values[i]);
            }
        };
    }

    /** Binds text cut to at most {@code max} characters (never splitting a surrogate pair), for audit columns. */
    static void text(PreparedStatement ps, int index, String value, int max) throws SQLException {
        text(ps, index, cap(value, max));
    }

    /** Text as {@link #text(PreparedStatement, int, String)} stores it (NUL becomes U+FFFD); null stays null. */
    static String stored(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    /** Text as {@link #text(PreparedStatement, int, String, int)} stores it. */
    static String stored(String value, int max) {
        return stored(cap(value, max));
    }

    static String cap(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    static void instant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static void duration(PreparedStatement ps, int index, Duration value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toMillis());
        }
    }

    static Duration duration(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(millis);
    }

    static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
