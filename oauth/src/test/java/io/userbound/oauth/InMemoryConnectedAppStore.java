package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.DuplicateValueException;
import java.util.List;
import java.util.Map;
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

    @Override
    public void update(ConnectedApp app) {
        byId.put(app.id(), app);
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
}
