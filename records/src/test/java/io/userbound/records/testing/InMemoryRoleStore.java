package io.userbound.records.testing;

import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.testing.InMemoryTransactions;
import io.userbound.records.port.Role;
import io.userbound.records.port.RoleStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Roles and users' roles over {@link InMemoryRecordStores}: names unique per org; only known users get a role. */
public final class InMemoryRoleStore implements RoleStore {
    private final InMemoryRecordStores db;

    InMemoryRoleStore(InMemoryRecordStores db) {
        this.db = db;
    }

    @Override
    public void insert(Role role) {
        synchronized (db.roles) {
            if (findByName(role.orgId(), role.name()).isPresent()) {
                throw new DuplicateValueException("Name", "duplicate");
            }
            db.transactions().put(db.roles, role.id(), role);
        }
    }

    @Override
    public Optional<Role> findById(String id) {
        return Optional.ofNullable(db.roles.get(id));
    }

    @Override
    public Optional<Role> findByName(String orgId, String name) {
        return all(orgId).stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public List<Role> all(String orgId) {
        return InMemoryTransactions.snapshot(db.roles).stream().filter(r -> r.orgId().equals(orgId)).toList();
    }

    @Override
    public Optional<String> roleOf(String userId) {
        return Optional.ofNullable(db.userRoles.get(userId));
    }

    @Override
    public boolean setRole(String userId, String roleIdOrNull) {
        if (!db.users.containsKey(userId)) {
            return false;
        }
        if (roleIdOrNull == null) {
            db.transactions().remove(db.userRoles, userId);
        } else {
            db.transactions().put(db.userRoles, userId, roleIdOrNull);
        }
        return true;
    }

    @Override
    public Set<String> usersInRoles(Collection<String> roleIds) {
        Map<String, String> copy;
        synchronized (db.userRoles) {
            copy = new LinkedHashMap<>(db.userRoles);
        }
        Set<String> out = new LinkedHashSet<>();
        copy.forEach((u, r) -> {
            if (roleIds.contains(r)) {
                out.add(u);
            }
        });
        return out;
    }
}
