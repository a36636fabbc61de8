package io.userbound.core.testing;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.port.LoginHistoryStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** LoginHistory rows over {@link InMemoryStores#loginHistory}, newest first; with a switch that makes appends fail. */
public final class InMemoryLoginHistoryStore implements LoginHistoryStore {
    private final InMemoryStores db;
    /** When true, appends throw (the store is down). */
    public volatile boolean failAppends;
    /** Whether the last append ran inside a transaction. */
    public volatile boolean appendedInTransaction;

    InMemoryLoginHistoryStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void append(LoginHistoryEntry entry) {
        if (failAppends) {
            throw new IllegalStateException("login history store is down");
        }
        db.transactions().add(db.loginHistory, entry);
        appendedInTransaction = db.transactions().active();
    }

    @Override
    public Optional<LoginHistoryEntry> findById(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public List<LoginHistoryEntry> list(String orgId, String userId, int limit) {
        return all().stream()
                .filter(r -> Objects.equals(r.orgId(), orgId) && (userId == null || userId.equals(r.userId())))
                .sorted(Comparator.comparing(LoginHistoryEntry::loginTime).reversed()).limit(limit).toList();
    }

    @Override
    public int purgeOlderThan(Instant before, int limit) {
        synchronized (db.loginHistory) {
            List<LoginHistoryEntry> oldest = all().stream().filter(r -> r.loginTime().isBefore(before))
                    .sorted(Comparator.comparing(LoginHistoryEntry::loginTime)).limit(limit).toList();
            db.loginHistory.removeAll(oldest);
            return oldest.size();
        }
    }

    /** Every row, in the order appended. */
    public List<LoginHistoryEntry> all() {
        return List.copyOf(InMemoryTransactions.snapshot(db.loginHistory));
    }

    public int size() {
        return db.loginHistory.size();
    }

    /** The row appended last. */
    public LoginHistoryEntry last() {
        List<LoginHistoryEntry> all = all();
        return all.get(all.size() - 1);
    }

    /** The only row; fails the test when there is not exactly one. */
    public LoginHistoryEntry only() {
        List<LoginHistoryEntry> all = all();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one LoginHistory row, found " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    public void clear() {
        db.loginHistory.clear();
    }
}
