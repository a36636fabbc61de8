package io.userbound.store;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.StoreException;
import io.userbound.core.port.UsedJti;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of granted requests: one writer thread takes every grant that is waiting, writes all their used-jti,
 * token and LoginHistory rows as JDBC batches in one transaction, commits once, and then releases every caller. A
 * caller returns only after its rows are committed, exactly as with one transaction per request, but concurrent
 * requests share a commit and no longer contend with each other inside the database.
 *
 * <p>Every caller of a batch is released only after the batch's commit is durable ({@link DurableCommits}): one force
 * to disk per batch on the embedded H2, nothing more on PostgreSQL.
 *
 * <p>When a batch fails (a {@code jti} already used, two grants of the batch with the same {@code jti}, or a row
 * breaking another unique rule), it is rolled back and each grant of it is retried in its own transaction, the
 * {@code jti} first: a grant whose {@code jti} the database refuses is answered "already used" and writes nothing, and
 * one bad grant never fails the others. The {@code used_jtis} primary key decides single use, so the answer is right
 * across nodes too. Thread-safe.
 */
final class GroupCommitGrantWriter implements GrantWriter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitGrantWriter.class);
    private static final Db.Unique TOKEN_ID = new Db.Unique("pk_access_tokens", "Id");
    private static final long WAIT_SECONDS = 30;

    /** @param jti null when the grant used no assertion id */
    private record Pending(AccessTokenRecord token, LoginHistoryEntry success, UsedJti jti,
            CompletableFuture<Boolean> done) {
    }

    private final Db db;
    private final AuditSealer sealer;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param db the store's connections, and what it waits for after each commit ({@link Db#durable()})
     * @param sealer seals the LoginHistory rows
     */
    GroupCommitGrantWriter(Db db, AuditSealer sealer, int maxBatch) {
        this.db = db;
        this.sealer = sealer;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, "userbound-grant-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public boolean write(AccessTokenRecord token, LoginHistoryEntry success, UsedJti jti) {
        if (closed) {
            throw new StoreException("the grant writer is closed", null);
        }
        Pending p = new Pending(token, success, jti, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("grant rows not written", e.getCause());
        } catch (TimeoutException e) {
            // the grant may still commit later; the caller must not report success, and may retry (503)
            throw new StoreException("grant rows not committed within " + WAIT_SECONDS + " s", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the grant rows were written", e, true);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("grant writer failed", e);
                batch.forEach(p -> p.done.completeExceptionally(new StoreException("grant rows not written", e)));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Commits the batch (or, when that fails, each grant of it on its own), then makes every commit durable before
     * any caller of the batch is released. When the database is unavailable the whole batch is refused at once,
     * rather than each grant waiting for a connection in turn.
     */
    private void commit(List<Pending> batch) {
        List<Pending> committed = new ArrayList<>(batch.size());
        List<DurableCommits.Ticket> tickets = new ArrayList<>(batch.size());
        // the audit numbers of committed rows, resolved once their commits are durable
        List<AuditSealer.Sealed> sealedRows = new ArrayList<>();
        try {
            commit(batch, committed, tickets, sealedRows);
        } finally {
            AuditSealer.resolve(sealer.take(), false);
        }
    }

    private void commit(List<Pending> batch, List<Pending> committed, List<DurableCommits.Ticket> tickets,
            List<AuditSealer.Sealed> sealedRows) {
        if (batch.size() == 1) {
            commitOne(batch.get(0), committed, tickets, sealedRows);
        } else {
            try {
                tickets.add(insert(batch, sealedRows));
                committed.addAll(batch);
            } catch (SQLException e) {
                if (DatabaseFaults.unavailable(e)) {
                    StoreException failure = SqlFailures.failure(e);
                    batch.forEach(p -> p.done.completeExceptionally(failure));
                    return;
                }
                // a replayed jti lands here too: expected, so not worth a warning
                LOG.debug("a batch of {} grants failed ({}); writing them one by one", batch.size(), e.getMessage());
                for (Pending p : batch) {
                    commitOne(p, committed, tickets, sealedRows);
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.done.completeExceptionally(e));
                return;
            }
        }
        if (committed.isEmpty()) {
            return;
        }
        try {
            for (DurableCommits.Ticket t : tickets) {
                db.durable().await(t);
            }
        } catch (RuntimeException e) {
            AuditSealer.resolve(sealedRows, false);
            committed.forEach(p -> p.done.completeExceptionally(e));
            return;
        }
        AuditSealer.resolve(sealedRows, true);
        db.committed();
        committed.forEach(p -> p.done.complete(true));
    }

    /**
     * One grant in its own transaction, its {@code jti} first. A refused {@code jti} or a failure completes the
     * grant's caller at once; a commit adds it to {@code committed} and its ticket to {@code tickets}, released once
     * the commit is durable.
     */
    private void commitOne(Pending p, List<Pending> committed, List<DurableCommits.Ticket> tickets,
            List<AuditSealer.Sealed> sealedRows) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (p.jti != null && !JdbcReplayGuard.insert(c, p.jti.appId(), JdbcReplayGuard.key(p.jti.jti()),
                        p.jti.expiresAt())) {
                    c.rollback();
                    p.done.complete(false);
                    return;
                }
                try (PreparedStatement tokens = c.prepareStatement(JdbcTokenStore.INSERT);
                        PreparedStatement rows = c.prepareStatement(JdbcLoginHistoryStore.INSERT)) {
                    JdbcTokenStore.bindInsert(tokens, p.token);
                    tokens.executeUpdate();
                    JdbcLoginHistoryStore.bindInsert(rows, p.success, sealer);
                    rows.executeUpdate();
                }
                c.commit();
                tickets.add(db.durable().committed(c));
                committed.add(p);
                sealedRows.addAll(sealer.take());
            } catch (SQLException | RuntimeException e) {
                Db.rollbackQuietly(c, e);
                AuditSealer.resolve(sealer.take(), false);
                throw e;
            } finally {
                Db.restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            p.done.completeExceptionally(SqlFailures.isUniqueViolation(e)
                    ? new DuplicateValueException(TOKEN_ID.field(), "a token or row id is already taken")
                    : SqlFailures.failure(e));
        } catch (RuntimeException e) {
            p.done.completeExceptionally(e);
        }
    }

    /** Writes and commits the whole batch in one transaction; returns the commit's ticket. */
    private DurableCommits.Ticket insert(List<Pending> batch, List<AuditSealer.Sealed> sealedRows)
            throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tokens = c.prepareStatement(JdbcTokenStore.INSERT);
                    PreparedStatement rows = c.prepareStatement(JdbcLoginHistoryStore.INSERT)) {
                insertJtis(c, batch);
                for (Pending p : batch) {
                    JdbcTokenStore.bindInsert(tokens, p.token);
                    tokens.addBatch();
                    JdbcLoginHistoryStore.bindInsert(rows, p.success, sealer);
                    rows.addBatch();
                }
                tokens.executeBatch();
                rows.executeBatch();
                c.commit();
                DurableCommits.Ticket ticket = db.durable().committed(c);
                sealedRows.addAll(sealer.take());
                return ticket;
            } catch (SQLException | RuntimeException e) {
                Db.rollbackQuietly(c, e);
                AuditSealer.resolve(sealer.take(), false);
                throw e;
            } finally {
                Db.restoreAutoCommit(c);
            }
        }
    }

    /** The batch's used-jti rows; any refused one (a replay) fails the whole batch. */
    private static void insertJtis(Connection c, List<Pending> batch) throws SQLException {
        PreparedStatement jtis = null;
        try {
            for (Pending p : batch) {
                if (p.jti == null) {
                    continue;
                }
                if (jtis == null) {
                    jtis = c.prepareStatement(JdbcReplayGuard.INSERT);
                }
                Columns.text(jtis, 1, p.jti.appId());
                Columns.text(jtis, 2, JdbcReplayGuard.key(p.jti.jti()));
                jtis.setLong(3, p.jti.expiresAt().toEpochMilli());
                jtis.addBatch();
            }
            if (jtis != null) {
                jtis.executeBatch();
            }
        } finally {
            if (jtis != null) {
                jtis.close();
            }
        }
    }

    /** Stops taking grants, commits those already queued, and ends the writer thread. */
    @Override
    public void close() {
        closed = true;
        // never interrupt: an interrupted thread inside H2's file I/O closes the database file
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
