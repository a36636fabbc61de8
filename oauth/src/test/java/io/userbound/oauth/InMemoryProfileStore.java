package io.userbound.oauth;

import io.userbound.core.model.Profile;
import io.userbound.core.port.ProfileStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryProfileStore implements ProfileStore {
    private final Map<String, Profile> byId = new ConcurrentHashMap<>();

    @Override
    public void insert(Profile profile) {
        byId.put(profile.id(), profile);
    }

    @Override
    public Optional<Profile> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Profile> findByName(String orgId, String name) {
        return byId.values().stream()
                .filter(p -> p.orgId().equals(orgId) && p.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<Profile> list(String orgId) {
        return byId.values().stream().filter(p -> p.orgId().equals(orgId)).toList();
    }
}
