package io.userbound.store;

import io.userbound.core.port.DuplicateValueException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The JDBC plumbing shared by every store: picks the connection (the one bound to the thread by
 * {@link JdbcTransactions}, else a pooled one in autocommit mode), runs one prepared statement and maps failures.
 * A write outside a transaction returns only once its commit is durable ({@link DurableCommits}); inside one it marks
 * the transaction, whose commit then waits.
 */
final class Db {
    /** Binds the parameters of a prepared statement. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A unique index (or constraint) name and the API field it guards. */
    record Unique(String indexName, String field) {
    }

    private static final Binder NO_PARAMETERS = ps -> { };

    private final DataSource dataSource;
    private final DurableCommits durable;
    private final DatabaseHealth health;
    private final ThreadLocal<TxState> bound = new ThreadLocal<>();

    private final AuditSealer sealer;

    /**
     * @param health told of every write that commits; may be null (then nothing is told)
     * @param sealer told how the transaction of every audit row it sealed ended
     */
    Db(DataSource dataSource, DurableCommits durable, DatabaseHealth health, AuditSealer sealer) {
        this.dataSource = dataSource;
        this.durable = durable;
        this.health = health;
        this.sealer = sealer;
    }

    AuditSealer sealer() {
        return sealer;
    }

    /** A write committed and is durable: the database takes writes. */
    void committed() {
        if (health != null) {
            health.wrote();
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** What every writer waits for after its commit, before it reports success. */
    DurableCommits durable() {
        return durable;
    }

    /** The transaction bound to the calling thread; null outside one. */
    TxState current() {
        return bound.get();
    }

    void bind(TxState state) {
        bound.set(state);
    }

    void unbind() {
        bound.remove();
    }

    /** The state of the transaction bound to a thread. */
    static final class TxState {
        final Connection connection;
        boolean rollbackOnly;
        /** Set by every write in the transaction: its commit must then be made durable. */
        boolean wrote;

        TxState(Connection connection) {
            this.connection = connection;
        }
    }

    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on the bound connection or on a pooled autocommit one. */
    <T> T withConnection(ConnectionWork<T> work) throws SQLException {
        TxState tx = bound.get();
        if (tx != null) {
            return work.run(tx.connection);
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs {@code work}, which writes, as {@link #withConnection} does. Outside a transaction it returns once the
     * write is durable; inside one it marks the transaction, so that its commit waits.
     */
    <T> T writing(ConnectionWork<T> work) throws SQLException {
        TxState tx = bound.get();
        if (tx != null) {
            tx.wrote = true;
            return work.run(tx.connection);
        }
        T result;
        DurableCommits.Ticket ticket;
        boolean durableNow = false;
        try {
            try (Connection c = dataSource.getConnection()) {
                result = work.run(c);
                ticket = durable.committed(c);
            }
            durable.await(ticket);
            durableNow = true;
        } finally {
            // autocommit, or the work's own transaction: its audit rows ended with it
            AuditSealer.resolve(sealer.take(), durableNow);
        }
        committed();
        return result;
    }

    <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(mapper.map(rs)) : Optional.<T>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    <T> List<T> queryList(String sql, Binder binder, RowMapper<T> mapper) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<T> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(mapper.map(rs));
                        }
                        return out;
                    }
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    <T> List<T> queryList(String sql, RowMapper<T> mapper) {
        return queryList(sql, NO_PARAMETERS, mapper);
    }

    /** True when the query returns at least one row. */
    boolean exists(String sql, Binder binder) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /** Runs an UPDATE or DELETE; returns the row count. */
    int update(String sql, Binder binder) {
        try {
            return writing(c -> executeUpdate(c, sql, binder));
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /**
     * Runs several UPDATE or DELETE statements, each bound by {@code binder}, all or nothing: in the bound
     * transaction, or else in one of their own. Returns the row count of each.
     */
    int[] updateAll(List<String> sqls, Binder binder) {
        try {
            return writing(c -> allOrNothing(c, () -> {
                int[] counts = new int[sqls.size()];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = executeUpdate(c, sqls.get(i), binder);
                }
                return counts;
            }));
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /** Work on one connection that must commit as a whole. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work}, which writes, all or nothing (in the bound transaction or one of its own), and durably. */
    <T> T inTransaction(ConnectionWork<T> work) {
        try {
            return writing(c -> allOrNothing(c, () -> work.run(c)));
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /** Runs {@code work}, which only reads, as {@link #withConnection} does. */
    <T> T withRead(ConnectionWork<T> work) {
        try {
            return withConnection(work);
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    /**
     * Runs {@code work} on {@code c} all or nothing: in the transaction already open on {@code c}, or else in one of
     * its own, committed when the work returns and rolled back when it throws.
     */
    private static <T> T allOrNothing(Connection c, Work<T> work) throws SQLException {
        boolean ownTransaction = c.getAutoCommit();
        if (!ownTransaction) {
            return work.run();
        }
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            restoreAutoCommit(c);
        }
    }

    /**
     * Runs an INSERT or UPDATE that may break a uniqueness rule; a unique violation becomes a
     * {@link DuplicateValueException} naming the field of the index that refused it ({@code Id} for the primary key).
     */
    int write(String sql, Binder binder, Unique... uniques) {
        try {
            return writing(c -> executeUpdate(c, sql, binder));
        } catch (SQLException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw SqlFailures.duplicate(e, uniques);
            }
            throw SqlFailures.failure(e);
        }
    }

    /**
     * Deletes at most {@code limit} rows in two index-driven steps that read the same on H2 and PostgreSQL: select
     * the keys of the oldest rows that expired before {@code before} ({@code selectKeys} takes the cut and the
     * limit), then delete them by key in one batch ({@code deleteByKey} takes the key columns). A single
     * {@code DELETE ... WHERE key IN (SELECT ... LIMIT ?)} lets PostgreSQL pick a hash semi-join that scans the
     * whole table. Outside a transaction the batch commits once. Returns how many rows this call deleted.
     */
    int purge(String selectKeys, String deleteByKey, int keyColumns, Instant before, int limit) {
        if (limit <= 0) {
            return 0;
        }
        try {
            return writing(c -> {
                List<String[]> keys = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(selectKeys)) {
                    ps.setLong(1, before.toEpochMilli());
                    ps.setInt(2, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String[] key = new String[keyColumns];
                            for (int i = 0; i < keyColumns; i++) {
                                key[i] = rs.getString(i + 1);
                            }
                            keys.add(key);
                        }
                    }
                }
                if (keys.isEmpty()) {
                    return 0;
                }
                return allOrNothing(c, () -> {
                    try (PreparedStatement ps = c.prepareStatement(deleteByKey)) {
                        for (String[] key : keys) {
                            for (int i = 0; i < keyColumns; i++) {
                                ps.setString(i + 1, key[i]);
                            }
                            ps.addBatch();
                        }
                        int deleted = 0;
                        for (int n : ps.executeBatch()) {
                            deleted += n == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(n, 0);
                        }
                        return deleted;
                    }
                });
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    private static int executeUpdate(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /**
     * Rolls back after {@code cause}; a failing rollback (the connection is already gone) is added to the cause
     * rather than replacing it.
     */
    static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Puts a connection back into autocommit mode; a closed one is left to the pool, which evicts it. */
    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool resets or evicts the connection
        }
    }
}
