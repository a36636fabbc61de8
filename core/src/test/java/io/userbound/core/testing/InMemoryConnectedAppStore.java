package io.userbound.core.testing;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.DuplicateValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Connected apps over {@link InMemoryStores#apps}: names unique per org in any case and consumer keys unique;
 * {@link #update} keeps the stored secrets and {@link #delete} takes the app's certificates, access grants and
 * approvals with it, like the JDBC store.
 */
public final class InMemoryConnectedAppStore implements ConnectedAppStore {
    private final InMemoryStores db;
    /** When set, {@link #findByConsumerKey} throws it (the store is down). */
    public volatile RuntimeException failure;

    InMemoryConnectedAppStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void insert(ConnectedApp app) {
        synchronized (db.apps) {
            if (findByName(app.orgId(), app.name()).isPresent()) {
                throw new DuplicateValueException("Name", "taken");
            }
            if (findByConsumerKey(app.consumerKey()).isPresent()) {
                throw new DuplicateValueException("ConsumerKey", "consumer key taken");
            }
            db.transactions().put(db.apps, app.id(), app);
        }
    }

    /** Like the JDBC store: every field but the consumer secrets. */
    @Override
    public void update(ConnectedApp app) {
        synchronized (db.apps) {
            ConnectedApp old = db.apps.get(app.id());
            db.transactions().put(db.apps, app.id(), old == null ? app : app.withSecrets(old.consumerSecretHash(),
                    old.previousSecretHash(), old.previousSecretExpires(), app.lastModifiedDate()));
        }
    }

    @Override
    public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
            Instant previousExpires, Instant lastModified) {
        synchronized (db.apps) {
            if (db.secretConflicts > 0) {
                db.secretConflicts--;
                return false;
            }
            ConnectedApp old = db.apps.get(appId);
            if (old == null || !Objects.equals(old.consumerSecretHash(), expectedCurrentHash)) {
                return false;
            }
            db.transactions().put(db.apps, appId, old.withSecrets(newHash, previousHash, previousExpires,
                    lastModified));
            return true;
        }
    }

    @Override
    public Optional<ConnectedApp> findById(String id) {
        return Optional.ofNullable(db.apps.get(id));
    }

    @Override
    public boolean delete(String appId) {
        removeFor(db.certificates, appId, c -> c.appId());
        removeFor(db.grants, appId, g -> g.appId());
        removeFor(db.approvals, appId, a -> a.appId());
        return db.transactions().remove(db.apps, appId) != null;
    }

    private <V> void removeFor(Map<String, V> table, String appId, java.util.function.Function<V, String> appOf) {
        synchronized (table) {
            for (Map.Entry<String, V> e : List.copyOf(table.entrySet())) {
                if (appOf.apply(e.getValue()).equals(appId)) {
                    db.transactions().remove(table, e.getKey());
                }
            }
        }
    }

    @Override
    public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return InMemoryTransactions.snapshot(db.apps).stream().filter(a -> a.consumerKey().equals(consumerKey))
                .findFirst();
    }

    @Override
    public Optional<ConnectedApp> findByName(String orgId, String name) {
        return list(orgId).stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<ConnectedApp> list(String orgId) {
        return InMemoryTransactions.snapshot(db.apps).stream().filter(a -> a.orgId().equals(orgId)).toList();
    }
}
