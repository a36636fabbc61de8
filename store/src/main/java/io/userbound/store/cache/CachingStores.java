package io.userbound.store.cache;

import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.ProfileStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Read-through caches in front of the configuration stores that every token request reads (app by consumer key,
 * its certificates, the user by username, and by id outside transactions, the profile, the permission sets, the app
 * grant, the approval).
 *
 * <p>Bound on staleness: a change made through these stores on this node is seen at once (every write moves the
 * node's {@link Generation} on, which drops every entry); a change made on another node is seen within {@code ttl}
 * (default 1 s, at most 2 s as the multi-node contract requires). Writes and non-hot reads pass straight through.
 * Use the {@link #transactions()} returned here so that a rolled-back write cannot leave a cached value behind.
 *
 * <p>Why one class of some 470 lines: it is one concept, the cache layer, and its nested classes are thin views of
 * it, one per port, each only choosing which reads go through which {@link TtlCache}; they share this object's
 * {@link Generation}, its write bracket (advance before and after every write) and its transaction state, which must
 * not be reachable from outside, so that no write can bypass the invalidation.
 */
public final class CachingStores {
    private final Generation generation = new Generation();
    private final Transactions transactions;
    private final CachedTransactions cachedTransactions;
    private final ConnectedAppStore apps;
    private final CertificateStore certificates;
    private final UserStore users;
    private final ProfileStore profiles;
    private final PermissionSetStore permissionSets;
    private final AppAccessStore appAccess;
    private final ApprovalStore approvals;

    public CachingStores(Transactions transactions, ConnectedAppStore apps, CertificateStore certificates,
            UserStore users, ProfileStore profiles, PermissionSetStore permissionSets, AppAccessStore appAccess,
            ApprovalStore approvals, Duration ttl, int maxEntriesPerCache) {
        if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new IllegalArgumentException("cache ttl must be between 0 and 2 s, got " + ttl);
        }
        long ttlNanos = ttl.toNanos();
        this.transactions = new CachedTransactions(transactions, generation);
        this.cachedTransactions = (CachedTransactions) this.transactions;
        this.apps = new Apps(apps, cache(ttlNanos, maxEntriesPerCache), cache(ttlNanos, maxEntriesPerCache));
        this.certificates = new Certificates(certificates, cache(ttlNanos, maxEntriesPerCache));
        this.users = new Users(users, cache(ttlNanos, maxEntriesPerCache), cache(ttlNanos, maxEntriesPerCache));
        this.profiles = new Profiles(profiles, cache(ttlNanos, maxEntriesPerCache));
        this.permissionSets = new PermissionSets(permissionSets, cache(ttlNanos, maxEntriesPerCache));
        this.appAccess = new Access(appAccess, cache(ttlNanos, maxEntriesPerCache));
        this.approvals = new Approvals(approvals, cache(ttlNanos, maxEntriesPerCache));
    }

    private <K, V> TtlCache<K, V> cache(long ttlNanos, int max) {
        return new TtlCache<>(ttlNanos, max, generation, System::nanoTime);
    }

    public Transactions transactions() {
        return transactions;
    }

    public ConnectedAppStore apps() {
        return apps;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    public UserStore users() {
        return users;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    public PermissionSetStore permissionSets() {
        return permissionSets;
    }

    public AppAccessStore appAccess() {
        return appAccess;
    }

    public ApprovalStore approvals() {
        return approvals;
    }

    /** Drops every cached entry on this node. */
    public void invalidateAll() {
        generation.advance();
    }

    private <T> T write(Supplier<T> w) {
        generation.advance();
        try {
            return w.get();
        } finally {
            generation.advance();
        }
    }

    private void write(Runnable w) {
        write(() -> {
            w.run();
            return null;
        });
    }

    private static final class CachedTransactions implements Transactions {
        private final Transactions delegate;
        private final Generation generation;
        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        CachedTransactions(Transactions delegate, Generation generation) {
            this.delegate = delegate;
            this.generation = generation;
        }

        /** True while the calling thread is inside {@link #inTransaction}. */
        boolean active() {
            return depth.get()[0] > 0;
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            int[] d = depth.get();
            d[0]++;
            try {
                return delegate.inTransaction(work);
            } finally {
                if (--d[0] == 0) {
                    generation.transactionEnded();
                }
            }
        }
    }

    private final class Apps implements ConnectedAppStore {
        private final ConnectedAppStore d;
        private final TtlCache<String, Optional<ConnectedApp>> byKey;
        private final TtlCache<String, Optional<ConnectedApp>> byId;

        Apps(ConnectedAppStore d, TtlCache<String, Optional<ConnectedApp>> byKey,
                TtlCache<String, Optional<ConnectedApp>> byId) {
            this.d = d;
            this.byKey = byKey;
            this.byId = byId;
        }

        @Override
        public void insert(ConnectedApp app) {
            write(() -> d.insert(app));
        }

        @Override
        public void update(ConnectedApp app) {
            write(() -> d.update(app));
        }

        @Override
        public boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
                Instant previousExpires, Instant lastModified) {
            return write(() -> d.replaceSecrets(appId, expectedCurrentHash, newHash, previousHash, previousExpires,
                    lastModified));
        }

        @Override
        public boolean delete(String appId) {
            return write(() -> d.delete(appId));
        }

        /** Cached outside transactions (every API call checks its token's app); inside one, read from the database. */
        @Override
        public Optional<ConnectedApp> findById(String id) {
            return cachedTransactions.active() ? d.findById(id) : byId.get(id, d::findById);
        }

        @Override
        public Optional<ConnectedApp> findByConsumerKey(String consumerKey) {
            return byKey.get(consumerKey, d::findByConsumerKey);
        }

        @Override
        public Optional<ConnectedApp> findByName(String orgId, String name) {
            return d.findByName(orgId, name);
        }

        @Override
        public List<ConnectedApp> list(String orgId) {
            return d.list(orgId);
        }
    }

    private final class Certificates implements CertificateStore {
        private final CertificateStore d;
        private final TtlCache<String, List<AppCertificate>> active;

        Certificates(CertificateStore d, TtlCache<String, List<AppCertificate>> active) {
            this.d = d;
            this.active = active;
        }

        @Override
        public void insert(AppCertificate certificate) {
            write(() -> d.insert(certificate));
        }

        @Override
        public Optional<AppCertificate> findById(String id) {
            return d.findById(id);
        }

        @Override
        public List<AppCertificate> activeForApp(String appId) {
            return active.get(appId, d::activeForApp);
        }

        @Override
        public List<AppCertificate> listForApp(String appId) {
            return d.listForApp(appId);
        }

        @Override
        public boolean remove(String appId, String thumbprint) {
            return write(() -> d.remove(appId, thumbprint));
        }

        @Override
        public void markUsed(String certificateId, Instant when) {
            d.markUsed(certificateId, when);
        }
    }

    private final class Users implements UserStore {
        private final UserStore d;
        private final TtlCache<String, Optional<User>> byUsername;
        private final TtlCache<String, Optional<User>> byId;

        Users(UserStore d, TtlCache<String, Optional<User>> byUsername, TtlCache<String, Optional<User>> byId) {
            this.d = d;
            this.byUsername = byUsername;
            this.byId = byId;
        }

        @Override
        public void insert(User user) {
            write(() -> d.insert(user));
        }

        @Override
        public void update(User user) {
            write(() -> d.update(user));
        }

        @Override
        /**
         * Cached outside transactions (the client credentials grant reads its run-as user by id); inside one, as in
         * an admin read-modify-write, always read from the database.
         */
        public Optional<User> findById(String id) {
            return cachedTransactions.active() ? d.findById(id) : byId.get(id, d::findById);
        }

        @Override
        public Optional<User> findByUsername(String username) {
            return byUsername.get(username.toLowerCase(java.util.Locale.ROOT), d::findByUsername);
        }

        @Override
        public List<User> listByType(String orgId, UserType type, int limit) {
            return d.listByType(orgId, type, limit);
        }

        @Override
        public List<User> list(String orgId, int limit) {
            return d.list(orgId, limit);
        }

        @Override
        public List<String> ids(String orgId) {
            return d.ids(orgId);
        }

        @Override
        public List<String> idsWithProfile(String profileId) {
            return d.idsWithProfile(profileId);
        }
    }

    private final class Profiles implements ProfileStore {
        private final ProfileStore d;
        private final TtlCache<String, Optional<Profile>> byId;

        Profiles(ProfileStore d, TtlCache<String, Optional<Profile>> byId) {
            this.d = d;
            this.byId = byId;
        }

        @Override
        public void insert(Profile profile) {
            write(() -> d.insert(profile));
        }

        @Override
        public Optional<Profile> findById(String id) {
            return byId.get(id, d::findById);
        }

        @Override
        public Optional<Profile> findByName(String orgId, String name) {
            return d.findByName(orgId, name);
        }

        @Override
        public List<Profile> list(String orgId) {
            return d.list(orgId);
        }
    }

    private final class PermissionSets implements PermissionSetStore {
        private final PermissionSetStore d;
        private final TtlCache<String, List<PermissionSet>> assigned;

        PermissionSets(PermissionSetStore d, TtlCache<String, List<PermissionSet>> assigned) {
            this.d = d;
            this.assigned = assigned;
        }

        @Override
        public void insert(PermissionSet permissionSet) {
            write(() -> d.insert(permissionSet));
        }

        @Override
        public boolean update(String id, String label, java.util.Set<io.userbound.core.model.SystemPermission>
                permissions) {
            return write(() -> d.update(id, label, permissions));
        }

        @Override
        public Optional<PermissionSet> findById(String id) {
            return d.findById(id);
        }

        @Override
        public Optional<PermissionSet> findByName(String orgId, String name) {
            return d.findByName(orgId, name);
        }

        @Override
        public List<PermissionSet> list(String orgId) {
            return d.list(orgId);
        }

        @Override
        public void assign(PermissionSetAssignment assignment) {
            write(() -> d.assign(assignment));
        }

        @Override
        public boolean unassign(String assignmentId) {
            return write(() -> d.unassign(assignmentId));
        }

        @Override
        public Optional<PermissionSetAssignment> findAssignment(String assignmentId) {
            return d.findAssignment(assignmentId);
        }

        @Override
        public List<PermissionSetAssignment> assignmentsOf(String userId) {
            return d.assignmentsOf(userId);
        }

        @Override
        public List<PermissionSet> assignedTo(String userId) {
            return assigned.get(userId, d::assignedTo);
        }

        @Override
        public List<String> assigneeIds(String permissionSetId) {
            return d.assigneeIds(permissionSetId);
        }
    }

    private record GrantKey(String appId, String userId, String profileId) {
    }

    private final class Access implements AppAccessStore {
        private final AppAccessStore d;
        private final TtlCache<GrantKey, Boolean> granted;

        Access(AppAccessStore d, TtlCache<GrantKey, Boolean> granted) {
            this.d = d;
            this.granted = granted;
        }

        @Override
        public void grant(AppAccessGrant grant) {
            write(() -> d.grant(grant));
        }

        @Override
        public boolean revoke(String grantId) {
            return write(() -> d.revoke(grantId));
        }

        @Override
        public Optional<AppAccessGrant> findById(String grantId) {
            return d.findById(grantId);
        }

        @Override
        public List<AppAccessGrant> listForApp(String appId) {
            return d.listForApp(appId);
        }

        /** Cached outside transactions; inside one (an admin change deciding whose access ended) from the database. */
        @Override
        public boolean isGranted(String appId, String userId, String profileId) {
            if (cachedTransactions.active()) {
                return d.isGranted(appId, userId, profileId);
            }
            return granted.get(new GrantKey(appId, userId, profileId),
                    k -> d.isGranted(k.appId(), k.userId(), k.profileId()));
        }
    }

    private record ApprovalKey(String appId, String userId) {
    }

    private final class Approvals implements ApprovalStore {
        private final ApprovalStore d;
        private final TtlCache<ApprovalKey, Optional<Approval>> byKey;

        Approvals(ApprovalStore d, TtlCache<ApprovalKey, Optional<Approval>> byKey) {
            this.d = d;
            this.byKey = byKey;
        }

        @Override
        public void insert(Approval approval) {
            write(() -> d.insert(approval));
        }

        /** Cached outside transactions; inside one from the database. */
        @Override
        public Optional<Approval> find(String appId, String userId) {
            if (cachedTransactions.active()) {
                return d.find(appId, userId);
            }
            return byKey.get(new ApprovalKey(appId, userId), k -> d.find(k.appId(), k.userId()));
        }

        @Override
        public boolean delete(String appId, String userId) {
            return write(() -> d.delete(appId, userId));
        }
    }
}
