package io.userbound.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * What a JDBC failure says about the database rather than the request: that it cannot be reached, that it refuses
 * writes, that it is too busy to answer in time, or nothing of the kind. The same SQLStates mean the same on H2 and
 * PostgreSQL; H2's own error codes and PostgreSQL's classes 53 and 57 are added.
 */
final class DatabaseFaults {
    /** The kinds of unavailability; {@link #NONE} for a failure of the statement itself. */
    enum Kind {
        /** No connection: refused, dropped, the server shutting down, an embedded database closed after a fault. */
        UNREACHABLE,
        /** Reads work, writes fail: disk full, a file that cannot be written, a read-only database. */
        UNWRITABLE,
        /** Reachable but not in time: every pooled connection busy, a statement cancelled by a timeout. */
        BUSY,
        NONE
    }

    // H2 error codes (org.h2.api.ErrorCode): DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN, CONNECTION_BROKEN_1,
    // IO_EXCEPTION_1, IO_EXCEPTION_2, FILE_CORRUPTED_1, GENERAL_ERROR_1 (an MVStore write failure surfaces as this)
    private static final int H2_DATABASE_IS_CLOSED = 90098;
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;
    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_IO_EXCEPTION_1 = 90028;
    private static final int H2_IO_EXCEPTION_2 = 90031;
    private static final int H2_GENERAL_ERROR = 50000;

    private DatabaseFaults() {
    }

    /** The kind of the first cause in {@code e}'s chain that is one; {@link Kind#NONE} when none is. */
    static Kind of(Throwable e) {
        // a socket timeout is a statement that ran too long (or a database that went silent): busy, not an outage,
        // or one slow query would open the circuit for the whole node
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof java.net.SocketTimeoutException) {
                return Kind.BUSY;
            }
        }
        for (Throwable t = e; t != null; t = next(t)) {
            Kind k = kindOf(t);
            if (k != Kind.NONE) {
                return k;
            }
        }
        return Kind.NONE;
    }

    /** True when the database, not the request, is at fault. */
    static boolean unavailable(Throwable e) {
        return of(e) != Kind.NONE;
    }

    private static Kind kindOf(Throwable t) {
        if (t instanceof SQLTransientConnectionException c && c.getCause() == null
                && c.getSQLState() == null) {
            // HikariCP's "connection is not available, request timed out" with no failure behind it: a full pool
            return Kind.BUSY;
        }
        if (!(t instanceof SQLException e)) {
            return t instanceof java.io.IOException ? Kind.UNWRITABLE : Kind.NONE;
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || code == H2_DATABASE_IS_CLOSED || code == H2_DATABASE_CALLED_AT_SHUTDOWN
                || code == H2_CONNECTION_BROKEN) {
            return Kind.UNREACHABLE;
        }
        if (state.equals("53100") || state.equals("25006") || code == H2_IO_EXCEPTION_1 || code == H2_IO_EXCEPTION_2
                || (code == H2_GENERAL_ERROR && String.valueOf(e.getMessage()).contains("MVStoreException"))) {
            return Kind.UNWRITABLE;
        }
        if (state.equals("57014") || state.startsWith("53")) {
            return Kind.BUSY;
        }
        return Kind.NONE;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException e && e.getNextException() != null && e.getNextException() != t) {
            return e.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
