package io.userbound.oauth;

import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.UserStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryUserStore implements UserStore {
    private final Map<String, User> byId = new ConcurrentHashMap<>();

    @Override
    public void insert(User user) {
        if (findByUsername(user.username()).isPresent()) {
            throw new DuplicateValueException("Username", "username taken");
        }
        byId.put(user.id(), user);
    }

    @Override
    public void update(User user) {
        byId.put(user.id(), user);
    }

    @Override
    public Optional<User> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        String key = username.toLowerCase(Locale.ROOT);
        return byId.values().stream().filter(u -> u.username().toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    @Override
    public List<User> listByType(String orgId, UserType type, int limit) {
        return list(orgId, Integer.MAX_VALUE).stream().filter(u -> u.type() == type).limit(limit).toList();
    }

    @Override
    public List<User> list(String orgId, int limit) {
        return byId.values().stream().filter(u -> u.orgId().equals(orgId))
                .sorted(Comparator.comparing(User::createdDate)).limit(limit).toList();
    }

    @Override
    public List<String> ids(String orgId) {
        return byId.values().stream().filter(u -> u.orgId().equals(orgId)).map(User::id).sorted().toList();
    }

    @Override
    public List<String> idsWithProfile(String profileId) {
        return byId.values().stream().filter(u -> u.profileId().equals(profileId)).map(User::id).sorted().toList();
    }
}
