package io.userbound.store;

import io.userbound.core.port.StoreException;
import io.userbound.core.port.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Binds one pooled connection, with autocommit off, to the calling thread for the duration of the work; every store
 * call on that thread uses it. A nested call joins the outer transaction; if nested work throws, the whole
 * transaction is marked rollback-only so that nothing half-written can be committed by the outer work. A transaction
 * that wrote returns only once its commit is durable ({@link DurableCommits}).
 */
final class JdbcTransactions implements Transactions {
    private final Db db;

    JdbcTransactions(Db db) {
        this.db = db;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (work == null) {
            throw new NullPointerException("work");
        }
        Db.TxState outer = db.current();
        if (outer != null) {
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                outer.rollbackOnly = true;
                throw e;
            }
        }
        Connection c;
        try {
            c = db.dataSource().getConnection();
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
        Db.TxState tx = new Db.TxState(c);
        T result;
        DurableCommits.Ticket ticket = null;
        boolean committed = false;
        try {
            c.setAutoCommit(false);
            db.bind(tx);
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                Db.rollbackQuietly(c, e);
                throw e;
            }
            if (tx.rollbackOnly) {
                Db.rollbackQuietly(c, null);
                throw new StoreException("transaction rolled back: nested work failed and its failure was caught",
                        null);
            }
            c.commit();
            if (tx.wrote) {
                ticket = db.durable().committed(c);
            }
            committed = true;
        } catch (SQLException e) {
            Db.rollbackQuietly(c, e);
            throw SqlFailures.failure(e);
        } finally {
            if (!committed) {
                // rolled back, or a commit that may not last: no audit row of it is expected
                AuditSealer.resolve(db.sealer().take(), false);
            }
            db.unbind();
            Db.restoreAutoCommit(c);
            try {
                c.close();
            } catch (SQLException ignored) {
                // the pool evicts a connection it cannot return
            }
        }
        // committed: the caller may report success only once the commit is durable
        boolean durableNow = false;
        try {
            if (tx.wrote) {
                db.durable().await(ticket);
                db.committed();
            }
            durableNow = true;
        } finally {
            AuditSealer.resolve(db.sealer().take(), durableNow);
        }
        return result;
    }
}
