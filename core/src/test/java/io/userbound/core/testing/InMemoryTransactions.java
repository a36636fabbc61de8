package io.userbound.core.testing;

import io.userbound.core.port.Transactions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Transactions for the in-memory fakes. Every write a fake makes through {@link #put}, {@link #remove}, {@link #add}
 * or {@link #set} inside {@link #inTransaction} registers an undo action; when the work throws, the actions run in
 * reverse, so a refused change leaves nothing behind (like the JDBC store's rollback). A nested call joins the outer
 * transaction. Tables are insertion-ordered and safe to use from several threads.
 */
public final class InMemoryTransactions implements Transactions {
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
    public boolean active() {
        return undo.get() != null;
    }

    /** Registers an undo action when inside a transaction (outside one, a write is final at once). */
    public void onRollback(Runnable action) {
        List<Runnable> actions = undo.get();
        if (actions != null) {
            actions.add(action);
        }
    }

    /** A new, empty, insertion-ordered and thread-safe table. */
    public static <K, V> Map<K, V> table() {
        return Collections.synchronizedMap(new LinkedHashMap<>());
    }

    /** A new, empty, thread-safe list of rows. */
    public static <E> List<E> rows() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** A copy of the table's values, in insertion order, taken under its lock (safe to stream). */
    public static <V> List<V> snapshot(Map<?, V> table) {
        synchronized (table) {
            return new ArrayList<>(table.values());
        }
    }

    /** A copy of the rows, taken under their lock (safe to stream). */
    public static <E> List<E> snapshot(Collection<E> rows) {
        synchronized (rows) {
            return new ArrayList<>(rows);
        }
    }

    /** Puts a value; a rollback restores the previous value (or removes the key). Returns the previous value. */
    public <K, V> V put(Map<K, V> table, K key, V value) {
        V old = table.put(key, value);
        onRollback(() -> {
            if (old == null) {
                table.remove(key, value);
            } else {
                table.put(key, old);
            }
        });
        return old;
    }

    /** Removes a key; a rollback puts the value back. Returns the removed value, or null. */
    public <K, V> V remove(Map<K, V> table, K key) {
        V old = table.remove(key);
        if (old != null) {
            onRollback(() -> table.put(key, old));
        }
        return old;
    }

    /** Adds a row; a rollback removes it again. Returns whether the collection changed. */
    public <E> boolean add(Collection<E> rows, E row) {
        boolean added = rows.add(row);
        if (added) {
            onRollback(() -> rows.remove(row));
        }
        return added;
    }

    /** Removes a row; a rollback adds it back. Returns whether the collection changed. */
    public <E> boolean removeRow(Collection<E> rows, E row) {
        boolean removed = rows.remove(row);
        if (removed) {
            onRollback(() -> rows.add(row));
        }
        return removed;
    }

    /** Replaces the row at {@code index}; a rollback puts the old row back. */
    public <E> void set(List<E> rows, int index, E row) {
        E old = rows.set(index, row);
        onRollback(() -> rows.set(index, old));
    }
}
