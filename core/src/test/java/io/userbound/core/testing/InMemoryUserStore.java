package io.userbound.core.testing;

import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.UserStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Users over {@link InMemoryStores#users}: usernames unique in any case; lists by created date, ids sorted. */
public final class InMemoryUserStore implements UserStore {
    private final InMemoryStores db;

    InMemoryUserStore(InMemoryStores db) {
        this.db = db;
    }

    private List<User> all() {
        return InMemoryTransactions.snapshot(db.users);
    }

    @Override
    public void insert(User user) {
        synchronized (db.users) {
            if (findByUsername(user.username()).isPresent()) {
                throw new DuplicateValueException("Username", "username taken");
            }
            db.transactions().put(db.users, user.id(), user);
        }
    }

    @Override
    public void update(User user) {
        db.transactions().put(db.users, user.id(), user);
    }

    @Override
    public Optional<User> findById(String id) {
        return Optional.ofNullable(db.users.get(id));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        return all().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    @Override
    public List<User> listByType(String orgId, UserType type, int limit) {
        return list(orgId, Integer.MAX_VALUE).stream().filter(u -> u.type() == type).limit(limit).toList();
    }

    @Override
    public List<User> list(String orgId, int limit) {
        return all().stream().filter(u -> u.orgId().equals(orgId)).sorted(Comparator.comparing(User::createdDate))
                .limit(limit).toList();
    }

    @Override
    public List<String> ids(String orgId) {
        return all().stream().filter(u -> u.orgId().equals(orgId)).map(User::id).sorted().toList();
    }

    @Override
    public List<String> idsWithProfile(String profileId) {
        return all().stream().filter(u -> u.profileId().equals(profileId)).map(User::id).sorted().toList();
    }
}
