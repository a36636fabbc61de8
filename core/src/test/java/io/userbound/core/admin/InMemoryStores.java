package io.userbound.core.admin;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.ProfileStore;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * In-memory fakes of the store ports, with transactions that restore every table when the work throws, so tests can
 * check that a refused change leaves nothing behind.
 */
final class InMemoryStores {
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Profile> profiles = new LinkedHashMap<>();
    final Map<String, PermissionSet> permissionSets = new LinkedHashMap<>();
    final Map<String, PermissionSetAssignment> assignments = new LinkedHashMap<>();
    final Map<String, ConnectedApp> apps = new LinkedHashMap<>();
    final Map<String, AppCertificate> certificates = new LinkedHashMap<>();
    final Map<String, AppAccessGrant> grants = new LinkedHashMap<>();
    final Map<String, Approval> approvals = new LinkedHashMap<>();
    final List<LoginHistoryEntry> loginHistory = new ArrayList<>();
    final List<SetupAuditEntry> audit = new ArrayList<>();
    /** Issued tokens by id (the test puts them here); revocations replace them with revoked copies. */
    final Map<String, AccessTokenRecord> tokens = new LinkedHashMap<>();
    /** When set, the next audit append throws (simulates a failure after the first write of a change). */
    RuntimeException failNextAudit;
    /** How many of the next secret compare-and-sets report a concurrent change (another rotation won the race). */
    int secretConflicts;

    AdminPorts ports() {
        return new AdminPorts(new Tx(), new Users(), new Profiles(), new PermissionSets(), new Apps(), new Certs(),
                new Access(), new Approvals(), new Logins(), new Audit(), new Tokens());
    }

    private final class Tx implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            List<Map<String, ?>> maps = List.of(users, profiles, permissionSets, assignments, apps, certificates,
                    grants, approvals, tokens);
            List<Map<String, Object>> copies = new ArrayList<>();
            for (Map<String, ?> m : maps) {
                copies.add(new LinkedHashMap<>(m));
            }
            List<LoginHistoryEntry> lh = new ArrayList<>(loginHistory);
            List<SetupAuditEntry> au = new ArrayList<>(audit);
            try {
                return work.get();
            } catch (RuntimeException e) {
                for (int i = 0; i < maps.size(); i++) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) maps.get(i);
                    m.clear();
                    m.putAll(copies.get(i));
                }
                loginHistory.clear();
                loginHistory.addAll(lh);
                audit.clear();
                audit.addAll(au);
                throw e;
            }
        }
    }

    private final class Users implements UserStore {
        @Override
        public void insert(User user) {
            if (findByUsername(user.username()).isPresent()) {
                throw new DuplicateValueException("Username", "taken");
            }
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
        public List<String> ids(String orgId) {
            return users.values().stream().filter(u -> u.orgId().equals(orgId)).map(User::id).toList();
        }

        @Override
        public List<String> idsWithProfile(String profileId) {
            return users.values().stream().filter(u -> u.profileId().equals(profileId)).map(User::id).toList();
        }

        @Override
        public List<User> list(String orgId, int limit) {
            return users.values().stream().filter(u -> u.orgId().equals(orgId)).limit(limit).toList();
        }
    }

    private final class Profiles implements ProfileStore {
        @Override
        public void insert(Profile profile) {
            profiles.put(profile.id(), profile);
        }

        @Override
        public Optional<Profile> findById(String id) {
            return Optional.ofNullable(profiles.get(id));
        }

        @Override
        public Optional<Profile> findByName(String orgId, String name) {
            return profiles.values().stream().filter(p -> p.orgId().equals(orgId) && p.name().equalsIgnoreCase(name))
                    .findFirst();
        }

        @Override
        public List<Profile> list(String orgId) {
            return profiles.values().stream().filter(p -> p.orgId().equals(orgId)).toList();
        }
    }

    private final class PermissionSets implements PermissionSetStore {
        @Override
        public void insert(PermissionSet ps) {
            if (findByName(ps.orgId(), ps.name()).isPresent()) {
                throw new DuplicateValueException("Name", "taken");
            }
            permissionSets.put(ps.id(), ps);
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
        public void assign(PermissionSetAssignment a) {
            if (assignmentsOf(a.assigneeId()).stream().anyMatch(x -> x.permissionSetId().equals(a.permissionSetId()))) {
                throw new DuplicateValueException("AssigneeId", "taken");
            }
            assignments.put(a.id(), a);
        }

        @Override
        public boolean unassign(String id) {
            return assignments.remove(id) != null;
        }

        @Override
        public Optional<PermissionSetAssignment> findAssignment(String id) {
            return Optional.ofNullable(assignments.get(id));
        }

        @Override
        public List<PermissionSetAssignment> assignmentsOf(String userId) {
            return assignments.values().stream().filter(a -> a.assigneeId().equals(userId)).toList();
        }

        @Override
        public List<String> assigneeIds(String permissionSetId) {
            return assignments.values().stream().filter(a -> a.permissionSetId().equals(permissionSetId))
                    .map(PermissionSetAssignment::assigneeId).toList();
        }

        @Override
        public List<PermissionSet> assignedTo(String userId) {
            return assignmentsOf(userId).stream().map(a -> permissionSets.get(a.permissionSetId())).toList();
        }
    }

    private final class Apps implements ConnectedAppStore {
        @Override
        public void insert(ConnectedApp app) {
            if (findByName(app.orgId(), app.name()).isPresent()) {
                throw new DuplicateValueException("Name", "taken");
            }
            apps.put(app.id(), app);
        }

        /** Like the JDBC store: every field but the consumer secrets. */
        @Override
        public void update(ConnectedApp app) {
            ConnectedApp old = apps.get(app.id());
            apps.put(app.id(), old == null ? app : app.withSecrets(old.consumerSecretHash(),
                    old.previousSecretHash(), old.previousSecretExpires(), app.lastModifiedDate()));
        }

        @Override
        public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
                Instant previousExpires, Instant lastModified) {
            ConnectedApp old = apps.get(appId);
            if (secretConflicts > 0) {
                secretConflicts--;
                return false;
            }
            if (old == null || !java.util.Objects.equals(old.consumerSecretHash(), expectedCurrentHash)) {
                return false;
            }
            apps.put(appId, old.withSecrets(newHash, previousHash, previousExpires, lastModified));
            return true;
        }

        @Override
        public Optional<ConnectedApp> findById(String id) {
            return Optional.ofNullable(apps.get(id));
        }

        @Override
        public boolean delete(String appId) {
            certificates.values().removeIf(c -> c.appId().equals(appId));
            grants.values().removeIf(g -> g.appId().equals(appId));
            approvals.values().removeIf(a -> a.appId().equals(appId));
            return apps.remove(appId) != null;
        }

        @Override
        public Optional<ConnectedApp> findByConsumerKey(String key) {
            return apps.values().stream().filter(a -> a.consumerKey().equals(key)).findFirst();
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

    private final class Certs implements CertificateStore {
        @Override
        public void insert(AppCertificate c) {
            if (listForApp(c.appId()).stream().anyMatch(x -> x.thumbprint().equals(c.thumbprint()))) {
                throw new DuplicateValueException("Thumbprint", "taken");
            }
            certificates.put(c.id(), c);
        }

        @Override
        public Optional<AppCertificate> findById(String id) {
            return Optional.ofNullable(certificates.get(id));
        }

        @Override
        public List<AppCertificate> activeForApp(String appId) {
            return listForApp(appId).stream().filter(AppCertificate::active).toList();
        }

        @Override
        public List<AppCertificate> listForApp(String appId) {
            return certificates.values().stream().filter(c -> c.appId().equals(appId)).toList();
        }

        @Override
        public boolean remove(String appId, String thumbprint) {
            return certificates.values().removeIf(c -> c.appId().equals(appId) && c.thumbprint().equals(thumbprint));
        }

        @Override
        public void markUsed(String id, Instant when) {
        }
    }

    private final class Access implements AppAccessStore {
        @Override
        public void grant(AppAccessGrant g) {
            grants.put(g.id(), g);
        }

        @Override
        public boolean revoke(String id) {
            return grants.remove(id) != null;
        }

        @Override
        public Optional<AppAccessGrant> findById(String id) {
            return Optional.ofNullable(grants.get(id));
        }

        @Override
        public List<AppAccessGrant> listForApp(String appId) {
            return grants.values().stream().filter(g -> g.appId().equals(appId)).toList();
        }

        @Override
        public boolean isGranted(String appId, String userId, String profileId) {
            // as the store: the profile, or a permission set assigned to the user, grants the app
            return listForApp(appId).stream().anyMatch(g -> g.parentId().equals(profileId)
                    || assignments.values().stream().anyMatch(a -> a.assigneeId().equals(userId)
                            && a.permissionSetId().equals(g.parentId())));
        }
    }

    private final class Approvals implements ApprovalStore {
        @Override
        public void insert(Approval a) {
            approvals.put(a.appId() + "/" + a.userId(), a);
        }

        @Override
        public Optional<Approval> find(String appId, String userId) {
            return Optional.ofNullable(approvals.get(appId + "/" + userId));
        }

        @Override
        public boolean delete(String appId, String userId) {
            return approvals.remove(appId + "/" + userId) != null;
        }
    }

    private final class Logins implements LoginHistoryStore {
        @Override
        public void append(LoginHistoryEntry e) {
            loginHistory.add(e);
        }

        @Override
        public Optional<LoginHistoryEntry> findById(String id) {
            return loginHistory.stream().filter(e -> e.id().equals(id)).findFirst();
        }

        @Override
        public List<LoginHistoryEntry> list(String orgId, String userId, int limit) {
            return loginHistory.stream()
                    .filter(e -> orgId.equals(e.orgId()) && (userId == null || userId.equals(e.userId())))
                    .sorted(Comparator.comparing(LoginHistoryEntry::loginTime).reversed()).limit(limit).toList();
        }

        @Override
        public int purgeOlderThan(Instant before, int limit) {
            List<LoginHistoryEntry> oldest = loginHistory.stream().filter(e -> e.loginTime().isBefore(before))
                    .sorted(Comparator.comparing(LoginHistoryEntry::loginTime)).limit(limit).toList();
            loginHistory.removeAll(oldest);
            return oldest.size();
        }
    }

    private final class Audit implements SetupAuditStore {
        @Override
        public void append(SetupAuditEntry e) {
            if (failNextAudit != null) {
                RuntimeException f = failNextAudit;
                failNextAudit = null;
                throw f;
            }
            audit.add(e);
        }

        @Override
        public List<SetupAuditEntry> list(String orgId, int limit) {
            List<SetupAuditEntry> out = new ArrayList<>(audit.stream().filter(e -> e.orgId().equals(orgId)).toList());
            out.sort(Comparator.comparing(SetupAuditEntry::createdDate).reversed());
            return out.stream().limit(limit).toList();
        }
    }

    private final class Tokens implements TokenStore {
        @Override
        public void insert(AccessTokenRecord token) {
            tokens.put(token.id(), token);
        }

        @Override
        public Optional<AccessTokenRecord> findById(String id) {
            return Optional.ofNullable(tokens.get(id));
        }

        @Override
        public boolean revoke(String id, Instant when) {
            AccessTokenRecord t = tokens.get(id);
            if (t == null || t.revokedAt() != null) {
                return false;
            }
            tokens.put(id, revoked(t, when));
            return true;
        }

        @Override
        public int revokeForUser(String appId, String userId, String grantType, Instant when) {
            return revokeWhere(t -> t.appId().equals(appId) && t.userId().equals(userId)
                    && (grantType == null || t.grantType() == null || grantType.equals(t.grantType())), when);
        }

        @Override
        public int revokeForApp(String appId, Instant when) {
            return revokeWhere(t -> t.appId().equals(appId), when);
        }

        private int revokeWhere(java.util.function.Predicate<AccessTokenRecord> which, Instant when) {
            int n = 0;
            for (AccessTokenRecord t : new ArrayList<>(tokens.values())) {
                if (which.test(t) && t.revokedAt() == null && t.expiresAt().isAfter(when)) {
                    tokens.put(t.id(), revoked(t, when));
                    n++;
                }
            }
            return n;
        }

        private static AccessTokenRecord revoked(AccessTokenRecord t, Instant when) {
            return t.revoked(when);
        }

        @Override
        public int purgeExpired(Instant before, int limit) {
            throw new UnsupportedOperationException("not used by the admin service");
        }
    }
}
