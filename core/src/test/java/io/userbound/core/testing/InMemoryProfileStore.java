package io.userbound.core.testing;

import io.userbound.core.model.Profile;
import io.userbound.core.port.ProfileStore;
import java.util.List;
import java.util.Optional;

/** Profiles over {@link InMemoryStores#profiles}, listed in insertion order. */
public final class InMemoryProfileStore implements ProfileStore {
    private final InMemoryStores db;

    InMemoryProfileStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void insert(Profile profile) {
        db.transactions().put(db.profiles, profile.id(), profile);
    }

    @Override
    public Optional<Profile> findById(String id) {
        return Optional.ofNullable(db.profiles.get(id));
    }

    @Override
    public Optional<Profile> findByName(String orgId, String name) {
        return list(orgId).stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<Profile> list(String orgId) {
        return InMemoryTransactions.snapshot(db.profiles).stream().filter(p -> p.orgId().equals(orgId)).toList();
    }
}
