package io.userbound.records.access;

import io.userbound.core.EffectivePermissions;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.User;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.Role;
import io.userbound.records.port.RoleStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads and caches {@link AccessSnapshot}s. A snapshot is reused for at most {@code ttlMillis} (architecture section
 * 5: loaded once per token and cached), so a changed permission, role or assignment takes effect on every node
 * within that bound; {@link #invalidateAll()} makes local changes visible at once.
 */
public final class AccessSnapshots {
    /** The default reuse bound: well inside the two seconds a change may take to reach every node. */
    public static final long DEFAULT_TTL_MILLIS = 1_000;
    private static final int MAX_ENTRIES = 50_000;

    private final EffectivePermissions permissions;
    private final PermissionSetStore permissionSets;
    private final AccessStore access;
    private final RoleStore roles;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile long generation;

    private record Entry(AccessSnapshot snapshot, long loadedAt, long generation) {
    }

    public AccessSnapshots(EffectivePermissions permissions, PermissionSetStore permissionSets, AccessStore access,
            RoleStore roles, Clock clock, long ttlMillis) {
        this.permissions = permissions;
        this.permissionSets = permissionSets;
        this.access = access;
        this.roles = roles;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    /** The user's snapshot, from the cache when fresh. */
    public AccessSnapshot of(User user) {
        long now = clock.millis();
        Entry e = cache.get(user.id());
        if (e != null && e.generation == generation && now - e.loadedAt < ttlMillis) {
            return e.snapshot;
        }
        long gen = generation;
        AccessSnapshot loaded = load(user);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(user.id(), new Entry(loaded, now, gen));
        return loaded;
    }

    /** Forgets every cached snapshot; called after a local change of permissions, roles or assignments. */
    public void invalidateAll() {
        generation++;
        cache.clear();
    }

    /** Computes a snapshot from the store, bypassing the cache. */
    public AccessSnapshot load(User user) {
        List<String> parents = new ArrayList<>();
        parents.add(user.profileId());
        for (PermissionSet ps : permissionSets.assignedTo(user.id())) {
            parents.add(ps.id());
        }
        Map<String, ObjectAccess> objects = new HashMap<>();
        for (ObjectPermissionRow row : access.objectPermissions(parents)) {
            objects.merge(row.objectName(), row.access(), ObjectAccess::union);
        }
        Map<String, FieldAccess> fields = new HashMap<>();
        for (FieldPermissionRow row : access.fieldPermissions(parents)) {
            fields.merge(row.objectName() + "." + row.fieldName(), row.access(), FieldAccess::union);
        }
        String roleId = roles.roleOf(user.id()).orElse(null);
        Set<String> subRoles = roleId == null ? Set.of() : below(roleId, roles.all(user.orgId()));
        Set<String> subUsers = subRoles.isEmpty() ? Set.of() : roles.usersInRoles(subRoles);
        return new AccessSnapshot(user.orgId(), user.id(), permissions.of(user), roleId, subRoles, subUsers,
                objects, fields);
    }

    /** The roles strictly below {@code roleId}; a cycle in the stored hierarchy cannot loop. */
    static Set<String> below(String roleId, List<Role> all) {
        Map<String, List<String>> children = new HashMap<>();
        for (Role r : all) {
            if (r.parentRoleId() != null) {
                children.computeIfAbsent(r.parentRoleId(), k -> new ArrayList<>()).add(r.id());
            }
        }
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(roleId, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!next.equals(roleId) && out.add(next)) {
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return out;
    }
}
