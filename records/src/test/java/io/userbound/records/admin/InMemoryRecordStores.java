package io.userbound.records.admin;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.RecordTables;
import io.userbound.records.port.Role;
import io.userbound.records.port.RoleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * In-memory fakes of the ports {@link RecordsAdmin} uses. Transactions restore every table when the work throws, so
 * tests can check that a failed change leaves nothing behind; record-table DDL is only recorded.
 */
final class InMemoryRecordStores {
    final List<ObjectRow> objects = new ArrayList<>();
    final List<CustomFieldRow> fields = new ArrayList<>();
    final Set<String> tracked = new LinkedHashSet<>();
    final Map<String, ObjectPermissionRow> objectPermissions = new LinkedHashMap<>();
    final Map<String, FieldPermissionRow> fieldPermissions = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();
    final Map<String, String> userRoles = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
    final Map<String, ConnectedApp> apps = new LinkedHashMap<>();
    final List<SetupAuditEntry> audit = new ArrayList<>();
    /** Every definition passed to {@link RecordTables#ensure}, in order. */
    final List<ObjectDefinition> ensured = new ArrayList<>();
    /** How many object and field rows existed at each {@link RecordTables#ensure} call. */
    final List<Integer> rowsAtEnsure = new ArrayList<>();
    /** When set, the next audit append throws (a failure after the first write of a change). */
    RuntimeException failNextAudit;

    RecordsAdminPorts ports() {
        return new RecordsAdminPorts(new Tx(), new Metadata(), o -> {
            ensured.add(o);
            rowsAtEnsure.add(objects.size() + fields.size());
        }, new Access(), new Roles(), new Users(),
                new PermissionSets(), new Apps(), new Audit());
    }

    MetadataStore metadata() {
        return new Metadata();
    }

    private final class Tx implements Transactions {
        private int depth;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (depth > 0) {
                return work.get();
            }
            List<Object> saved = List.of(new ArrayList<>(objects), new ArrayList<>(fields),
                    new LinkedHashSet<>(tracked), new LinkedHashMap<>(objectPermissions),
                    new LinkedHashMap<>(fieldPermissions), new LinkedHashMap<>(roles), new LinkedHashMap<>(userRoles),
                    new ArrayList<>(audit));
            depth++;
            try {
                return work.get();
            } catch (RuntimeException e) {
                restore(saved);
                throw e;
            } finally {
                depth--;
            }
        }

        @SuppressWarnings("unchecked")
        private void restore(List<Object> saved) {
            objects.clear();
            objects.addAll((List<ObjectRow>) saved.get(0));
            fields.clear();
            fields.addAll((List<CustomFieldRow>) saved.get(1));
            tracked.clear();
            tracked.addAll((Set<String>) saved.get(2));
            objectPermissions.clear();
            objectPermissions.putAll((Map<String, ObjectPermissionRow>) saved.get(3));
            fieldPermissions.clear();
            fieldPermissions.putAll((Map<String, FieldPermissionRow>) saved.get(4));
            roles.clear();
            roles.putAll((Map<String, Role>) saved.get(5));
            userRoles.clear();
            userRoles.putAll((Map<String, String>) saved.get(6));
            audit.clear();
            audit.addAll((List<SetupAuditEntry>) saved.get(7));
        }
    }

    private final class Metadata implements MetadataStore {
        @Override
        public List<ObjectRow> objects(String orgId) {
            return objects.stream().filter(o -> o.orgId().equals(orgId)).toList();
        }

        @Override
        public List<CustomFieldRow> customFields(String orgId) {
            return fields.stream().filter(f -> f.orgId().equals(orgId)).toList();
        }

        @Override
        public Set<String> trackedFields(String orgId) {
            Set<String> out = new LinkedHashSet<>();
            for (String t : tracked) {
                if (t.startsWith(orgId + ":")) {
                    out.add(t.substring(orgId.length() + 1));
                }
            }
            return out;
        }

        @Override
        public void insertObject(ObjectRow row) {
            for (ObjectRow o : objects) {
                if (o.orgId().equals(row.orgId()) && o.apiName().equalsIgnoreCase(row.apiName())) {
                    throw new DuplicateValueException("DeveloperName", "duplicate");
                }
                if (o.orgId().equals(row.orgId()) && o.keyPrefix().equals(row.keyPrefix())) {
                    throw new DuplicateValueException("KeyPrefix", "duplicate");
                }
            }
            objects.add(row);
        }

        @Override
        public boolean updateSharingModel(String objectRowId, SharingModel model, Instant now) {
            for (int i = 0; i < objects.size(); i++) {
                ObjectRow o = objects.get(i);
                if (o.id().equals(objectRowId)) {
                    objects.set(i, new ObjectRow(o.id(), o.orgId(), o.apiName(), o.label(), o.pluralLabel(),
                            o.keyPrefix(), o.custom(), model, o.table(), o.createdDate(), now));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void insertField(CustomFieldRow row) {
            for (CustomFieldRow f : fields) {
                if (f.orgId().equals(row.orgId()) && f.objectName().equals(row.objectName())
                        && f.field().key().equals(row.field().key())) {
                    throw new DuplicateValueException("DeveloperName", "duplicate");
                }
            }
            fields.add(row);
        }

        @Override
        public void track(String orgId, String objectName, String fieldName, Instant now) {
            tracked.add(orgId + ":" + objectName.toLowerCase(Locale.ROOT) + "." + fieldName.toLowerCase(Locale.ROOT));
        }

        @Override
        public boolean untrack(String orgId, String objectName, String fieldName) {
            return tracked.remove(orgId + ":" + objectName.toLowerCase(Locale.ROOT) + "."
                    + fieldName.toLowerCase(Locale.ROOT));
        }
    }

    private final class Access implements AccessStore {
        @Override
        public List<ObjectPermissionRow> objectPermissions(Collection<String> parentIds) {
            return objectPermissions.values().stream().filter(r -> parentIds.contains(r.parentId())).toList();
        }

        @Override
        public List<FieldPermissionRow> fieldPermissions(Collection<String> parentIds) {
            return fieldPermissions.values().stream().filter(r -> parentIds.contains(r.parentId())).toList();
        }

        @Override
        public void saveObjectPermission(ObjectPermissionRow row) {
            String key = row.parentId() + ":" + row.objectName();
            ObjectPermissionRow old = objectPermissions.get(key);
            objectPermissions.put(key, old == null ? row : new ObjectPermissionRow(old.id(), old.orgId(),
                    old.parentId(), old.objectName(), row.access()));
        }

        @Override
        public void saveFieldPermission(FieldPermissionRow row) {
            String key = row.parentId() + ":" + row.objectName() + "." + row.fieldName();
            FieldPermissionRow old = fieldPermissions.get(key);
            fieldPermissions.put(key, old == null ? row : new FieldPermissionRow(old.id(), old.orgId(),
                    old.parentId(), old.objectName(), old.fieldName(), row.access()));
        }

        @Override
        public boolean hasObjectPermissions(String parentId) {
            return objectPermissions.values().stream().anyMatch(r -> r.parentId().equals(parentId));
        }
    }

    private final class Roles implements RoleStore {
        @Override
        public void insert(Role role) {
            if (findByName(role.orgId(), role.name()).isPresent()) {
                throw new DuplicateValueException("Name", "duplicate");
            }
            roles.put(role.id(), role);
        }

        @Override
        public Optional<Role> findById(String id) {
            return Optional.ofNullable(roles.get(id));
        }

        @Override
        public Optional<Role> findByName(String orgId, String name) {
            return roles.values().stream().filter(r -> r.orgId().equals(orgId) && r.name().equalsIgnoreCase(name))
                    .findFirst();
        }

        @Override
        public List<Role> all(String orgId) {
            return roles.values().stream().filter(r -> r.orgId().equals(orgId)).toList();
        }

        @Override
        public Optional<String> roleOf(String userId) {
            return Optional.ofNullable(userRoles.get(userId));
        }

        @Override
        public boolean setRole(String userId, String roleIdOrNull) {
            if (!users.containsKey(userId)) {
                return false;
            }
            if (roleIdOrNull == null) {
                userRoles.remove(userId);
            } else {
                userRoles.put(userId, roleIdOrNull);
            }
            return true;
        }

        @Override
        public Set<String> usersInRoles(Collection<String> roleIds) {
            Set<String> out = new LinkedHashSet<>();
            userRoles.forEach((u, r) -> {
                if (roleIds.contains(r)) {
                    out.add(u);
                }
            });
            return out;
        }
    }

    private final class Users implements UserStore {
        @Override
        public void insert(User user) {
            users.put(user.id(), user);
        }

        @Override
        public void update(User user) {
            users.put(user.id(), user);
        }

        @Override
        public Optional<User> findById(String id) {
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public Optional<User> findByUsername(String username) {
            return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
        }

        @Override
        public List<User> listByType(String orgId, UserType type, int limit) {
            return users.values().stream().filter(u -> u.orgId().equals(orgId) && u.type() == type).limit(limit)
                    .toList();
        }

        @Override
        public List<User> list(String orgId, int limit) {
            return users.values().stream().filter(u -> u.orgId().equals(orgId)).limit(limit).toList();
        }

        @Override
        public List<String> ids(String orgId) {
            return users.values().stream().filter(u -> u.orgId().equals(orgId)).map(User::id).toList();
        }

        @Override
        public List<String> idsWithProfile(String profileId) {
            return users.values().stream().filter(u -> u.profileId().equals(profileId)).map(User::id).toList();
        }
    }

    private final class PermissionSets implements PermissionSetStore {
        @Override
        public void insert(PermissionSet permissionSet) {
            permissionSets.put(permissionSet.id(), permissionSet);
        }

        @Override
        public Optional<PermissionSet> findById(String id) {
            return Optional.ofNullable(permissionSets.get(id));
        }

        @Override
        public Optional<PermissionSet> findByName(String orgId, String name) {
            return permissionSets.values().stream()
                    .filter(p -> p.orgId().equals(orgId) && p.name().equalsIgnoreCase(name)).findFirst();
        }

        @Override
        public List<PermissionSet> list(String orgId) {
            return permissionSets.values().stream().filter(p -> p.orgId().equals(orgId)).toList();
        }

        @Override
        public void assign(PermissionSetAssignment assignment) {
            throw new UnsupportedOperationException("not used by RecordsAdmin");
        }

        @Override
        public boolean unassign(String assignmentId) {
            throw new UnsupportedOperationException("not used by RecordsAdmin");
        }

        @Override
        public List<String> assigneeIds(String permissionSetId) {
            throw new UnsupportedOperationException("not used by RecordsAdmin");
        }

        @Override
        public Optional<PermissionSetAssignment> findAssignment(String assignmentId) {
            return Optional.empty();
        }

        @Override
        public List<PermissionSetAssignment> assignmentsOf(String userId) {
            return List.of();
        }

        @Override
        public List<PermissionSet> assignedTo(String userId) {
            return List.of();
        }
    }

    private final class Apps implements ConnectedAppStore {
        @Override
        public void insert(ConnectedApp app) {
            apps.put(app.id(), app);
        }

        @Override
        public void update(ConnectedApp app) {
            apps.put(app.id(), app);
        }

        @Override
        public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
                Instant previousExpires, Instant lastModified) {
            throw new UnsupportedOperationException("not used by RecordsAdmin");
        }

        @Override
        public Optional<ConnectedApp> findById(String id) {
            return Optional.ofNullable(apps.get(id));
        }

        @Override
        public boolean delete(String appId) {
            return apps.remove(appId) != null;
        }

        @Override
        public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
            return apps.values().stream().filter(a -> a.consumerKey().equals(consumerKey)).findFirst();
        }

        @Override
        public Optional<ConnectedApp> findByName(String orgId, String name) {
            return apps.values().stream().filter(a -> a.orgId().equals(orgId) && a.name().equalsIgnoreCase(name))
                    .findFirst();
        }

        @Override
        public List<ConnectedApp> list(String orgId) {
            return apps.values().stream().filter(a -> a.orgId().equals(orgId)).toList();
        }
    }

    private final class Audit implements SetupAuditStore {
        @Override
        public void append(SetupAuditEntry entry) {
            if (failNextAudit != null) {
                RuntimeException e = failNextAudit;
                failNextAudit = null;
                throw e;
            }
            audit.add(entry);
        }

        @Override
        public List<SetupAuditEntry> list(String orgId, int limit) {
            List<SetupAuditEntry> out = new ArrayList<>(audit.stream().filter(a -> a.orgId().equals(orgId)).toList());
            java.util.Collections.reverse(out);
            return out.stream().limit(limit).toList();
        }
    }
}
