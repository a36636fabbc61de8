package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.DuplicateValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryConnectedAppStore implements ConnectedAppStore {
    private final Map<String, ConnectedApp> byId = new ConcurrentHashMap<>();
    volatile RuntimeException failure;

    @Override
    public void insert(ConnectedApp app) {
        if (findByConsumerKey(app.consumerKey()).isPresent()) {
            throw new DuplicateValueException("ConsumerKey", "consumer key taken");
        }
        byId.put(app.id(), app);
    }

    /** Like the JDBC store: every field but the consumer secrets. */
    @Override
    public void update(ConnectedApp app) {
        byId.compute(app.id(), (id, old) -> old == null ? app : app.withSecrets(old.consumerSecretHash(),
                old.previousSecretHash(), old.previousSecretExpires(), app.lastModifiedDate()));
    }

    @Override
    public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
            Instant previousExpires, Instant lastModified) {
        boolean[] replaced = new boolean[1];
        byId.computeIfPresent(appId, (id, old) -> {
            if (!Objects.equals(old.consumerSecretHash(), expectedCurrentHash)) {
                return old;
            }
            replaced[0] = true;
            return old.withSecrets(newHash, previousHash, previousExpires, lastModified);
        });
        return replaced[0];
    }

    @Override
    public Optional<ConnectedApp> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
        if (failure != null) {
            throw failure;
        }
        return byId.values().stream().filter(a -> a.consumerKey().equals(consumerKey)).findFirst();
    }

    @Override
    public Optional<ConnectedApp> findByName(String orgId, String name) {
        return byId.values().stream()
                .filter(a -> a.orgId().equals(orgId) && a.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<ConnectedApp> list(String orgId) {
        return byId.values().stream().filter(a -> a.orgId().equals(orgId)).toList();
    }

    @Override
    public boolean delete(String appId) {
        return byId.remove(appId) != null;
    }
}
