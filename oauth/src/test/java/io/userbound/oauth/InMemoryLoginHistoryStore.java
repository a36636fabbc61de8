package io.userbound.oauth;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.port.LoginHistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

final class InMemoryLoginHistoryStore implements LoginHistoryStore {
    private final List<LoginHistoryEntry> rows = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryTransactions transactions;
    volatile boolean failAppends;
    volatile boolean appendedInTransaction;

    InMemoryLoginHistoryStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void append(LoginHistoryEntry entry) {
        if (failAppends) {
            throw new IllegalStateException("login history store is down");
        }
        rows.add(entry);
        appendedInTransaction = transactions.active();
        transactions.onRollback(() -> rows.remove(entry));
    }

    @Override
    public Optional<LoginHistoryEntry> findById(String id) {
        synchronized (rows) {
            return rows.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    @Override
    public List<LoginHistoryEntry> list(String orgId, String userId, int limit) {
        synchronized (rows) {
            return rows.stream()
                    .filter(r -> Objects.equals(r.orgId(), orgId) && (userId == null || userId.equals(r.userId())))
                    .sorted(Comparator.comparing(LoginHistoryEntry::loginTime).reversed())
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public int purgeOlderThan(Instant before, int limit) {
        synchronized (rows) {
            List<LoginHistoryEntry> oldest = rows.stream().filter(r -> r.loginTime().isBefore(before))
                    .sorted(Comparator.comparing(LoginHistoryEntry::loginTime)).limit(limit).toList();
            rows.removeAll(oldest);
            return oldest.size();
        }
    }

    List<LoginHistoryEntry> all() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    int size() {
        return rows.size();
    }

    LoginHistoryEntry last() {
        synchronized (rows) {
            return rows.get(rows.size() - 1);
        }
    }

    LoginHistoryEntry only() {
        List<LoginHistoryEntry> all = all();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one LoginHistory row, found " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    void clear() {
        rows.clear();
    }
}
