package io.userbound.store;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.StoreException;
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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of granted requests: one writer thread takes every grant that is waiting, writes all their token and
 * LoginHistory rows as two JDBC batches in one transaction, commits once, and then releases every caller. A caller
 * returns only after its rows are committed, exactly as with one transaction per request, but concurrent requests
 * share a commit and no longer contend with each other inside the database.
 *
 * <p>When a batch fails (say one row breaks a unique rule), it is rolled back and each grant of it is retried in its
 * own transaction, so one bad grant never fails the others. Thread-safe.
 */
final class GroupCommitGrantWriter implements GrantWriter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitGrantWriter.class);
    private static final Db.Unique TOKEN_HASH = new Db.Unique("uq_access_tokens_hash", "TokenHash");
    private static final long WAIT_SECONDS = 30;

    private record Pending(AccessTokenRecord token, LoginHistoryEntry success, CompletableFuture<Void> done) {
    }

    private final DataSource dataSource;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommitGrantWriter(DataSource dataSource, int maxBatch) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::run, "userbound-grant-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void write(AccessTokenRecord token, LoginHistoryEntry success) {
        if (closed) {
            throw new StoreException("the grant writer is closed", null);
        }
        Pending p = new Pending(token, success, new CompletableFuture<>());
        queue.add(p);
        try {
            p.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("grant rows not written", e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("grant rows not committed within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the grant rows were written", e);
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

    private void commit(List<Pending> batch) {
        try {
            insert(batch);
            batch.forEach(p -> p.done.complete(null));
        } catch (SQLException e) {
            if (batch.size() == 1) {
                Pending p = batch.get(0);
                p.done.completeExceptionally(Db.isUniqueViolation(e)
                        ? new DuplicateValueException(TOKEN_HASH.field(), "a token or row id is already taken")
                        : Db.failure(e));
                return;
            }
            LOG.warn("a batch of {} grants failed ({}); writing them one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                commit(new ArrayList<>(List.of(p)));
            }
        }
    }

    private void insert(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tokens = c.prepareStatement(JdbcTokenStore.INSERT);
                    PreparedStatement rows = c.prepareStatement(JdbcLoginHistoryStore.INSERT)) {
                for (Pending p : batch) {
                    JdbcTokenStore.bindInsert(tokens, p.token);
                    tokens.addBatch();
                    JdbcLoginHistoryStore.bindInsert(rows, p.success);
                    rows.addBatch();
                }
                tokens.executeBatch();
                rows.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
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
