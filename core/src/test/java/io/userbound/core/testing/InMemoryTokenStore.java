package io.userbound.core.testing;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.port.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Access tokens over {@link InMemoryStores#tokens}; revocation replaces a row with its revoked copy. */
public final class InMemoryTokenStore implements TokenStore {
    private final InMemoryStores db;
    /** How many times {@link #findById} was called. */
    public final AtomicInteger lookups = new AtomicInteger();
    /** Whether the last insert ran inside a transaction. */
    public volatile boolean insertedInTransaction;

    InMemoryTokenStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void insert(AccessTokenRecord token) {
        synchronized (db.tokens) {
            if (db.tokens.containsKey(token.id())) {
                throw new IllegalStateException("duplicate token id");
            }
            db.transactions().put(db.tokens, token.id(), token);
        }
        insertedInTransaction = db.transactions().active();
    }

    @Override
    public Optional<AccessTokenRecord> findById(String id) {
        lookups.incrementAndGet();
        return Optional.ofNullable(db.tokens.get(id));
    }

    @Override
    public boolean revoke(String id, Instant when) {
        synchronized (db.tokens) {
            AccessTokenRecord t = db.tokens.get(id);
            if (t == null || t.revokedAt() != null) {
                return false;
            }
            db.transactions().put(db.tokens, id, t.revoked(when));
            return true;
        }
    }

    @Override
    public int revokeForUser(String appId, String userId, String grantType, Instant when) {
        return revokeWhere(t -> t.appId().equals(appId) && t.userId().equals(userId)
                && (grantType == null || t.grantType() == null || grantType.equals(t.grantType())), when);
    }

    @Override
    public int revokeForApp(String appId, Instant when) {
        return revokeWhere(t -> t.appId().equals(appId), when);
    }

    private int revokeWhere(Predicate<AccessTokenRecord> which, Instant when) {
        int n = 0;
        for (AccessTokenRecord t : all()) {
            if (which.test(t) && t.revokedAt() == null && t.expiresAt().isAfter(when) && revoke(t.id(), when)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int purgeExpired(Instant before, int limit) {
        int n = 0;
        for (AccessTokenRecord t : all()) {
            if (n < limit && t.expiresAt().isBefore(before)) {
                db.transactions().remove(db.tokens, t.id());
                n++;
            }
        }
        return n;
    }

    /** Every token row, in the order issued. */
    public List<AccessTokenRecord> all() {
        return List.copyOf(InMemoryTransactions.snapshot(db.tokens));
    }

    public int size() {
        return db.tokens.size();
    }
}
