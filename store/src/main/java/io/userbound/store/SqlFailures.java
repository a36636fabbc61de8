package io.userbound.store;

import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.StoreException;
import java.sql.SQLException;
import java.util.Locale;

/** How a JDBC failure becomes the store's exception: a unique violation, an outage, or any other failure. */
final class SqlFailures {
    /** SQLState of a unique violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static DuplicateValueException duplicate(SQLException e, Db.Unique... uniques) {
        // H2 names the index in upper case ("PUBLIC.UQ_USERS_USERNAME_INDEX_4 ON ..."), PostgreSQL in lower case
        // ("violates unique constraint \"uq_users_username\""). Both name it before any value, so the earliest
        // match wins; the value itself is never copied into our message.
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        Db.Unique found = null;
        int at = Integer.MAX_VALUE;
        for (Db.Unique u : uniques) {
            int i = message.indexOf(u.indexName());
            if (i >= 0 && i < at) {
                found = u;
                at = i;
            }
        }
        String field = found == null ? "Id" : found.field();
        return new DuplicateValueException(field,
                "duplicate value found: " + field + " duplicates the value of another record");
    }

    /**
     * Wraps a JDBC failure; the message names the SQLState, never a value. A failure that says the database is
     * unreachable, unwritable or busy ({@link DatabaseFaults}) makes an {@linkplain StoreException#unavailable()
     * unavailable} one.
     */
    static StoreException failure(SQLException e) {
        boolean unavailable = DatabaseFaults.unavailable(e);
        return new StoreException((unavailable ? "database unavailable" : "database failure") + " (SQLState "
                + e.getSQLState() + ")", e, unavailable);
    }

    private SqlFailures() {
    }
}
