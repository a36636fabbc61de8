package io.userbound.oauth;

import io.userbound.core.port.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Transactions for in-memory fakes: stores register undo actions, which run in reverse when the work throws. */
final class InMemoryTransactions implements Transactions {
    private final ThreadLocal<List<Runnable>> undo = new ThreadLocal<>();

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (undo.get() != null) {
            return work.get();
        }
        List<Runnable> actions = new ArrayList<>();
        undo.set(actions);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            for (int i = actions.size() - 1; i >= 0; i--) {
                actions.get(i).run();
            }
            throw e;
        } finally {
            undo.remove();
        }
    }

    /** True while the calling thread is inside {@link #inTransaction}. */
    boolean active() {
        return undo.get() != null;
    }

    /** Registers an undo action when inside a transaction. */
    void onRollback(Runnable action) {
        List<Runnable> actions = undo.get();
        if (actions != null) {
            actions.add(action);
        }
    }
}
