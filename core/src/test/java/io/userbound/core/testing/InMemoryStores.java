package io.userbound.core.testing;

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
import java.util.List;
import java.util.Map;

/**
 * One in-memory database for the core ports: the tables (public, so a test can seed or inspect them directly), one
 * {@link InMemoryTransactions} whose rollback undoes every store's writes, and one fake per port over those tables.
 * The fakes behave like the JDBC store where tests rely on it: unique usernames, permission set, connected app and
 * certificate names, deleting an app deletes its certificates, access grants and approvals, lists are ordered as
 * documented on each fake. Safe to use from several threads.
 */
public class InMemoryStores {
    public final Map<String, User> users = InMemoryTransactions.table();
    public final Map<String, Profile> profiles = InMemoryTransactions.table();
    public final Map<String, PermissionSet> permissionSets = InMemoryTransactions.table();
    public final Map<String, PermissionSetAssignment> assignments = InMemoryTransactions.table();
    public final Map<String, ConnectedApp> apps = InMemoryTransactions.table();
    public final Map<String, AppCertificate> certificates = InMemoryTransactions.table();
    public final Map<String, AppAccessGrant> grants = InMemoryTransactions.table();
    /** Approvals by {@code appId/userId}. */
    public final Map<String, Approval> approvals = InMemoryTransactions.table();
    public final List<LoginHistoryEntry> loginHistory = InMemoryTransactions.rows();
    public final List<SetupAuditEntry> audit = InMemoryTransactions.rows();
    /** Issued tokens by id; revocations replace them with revoked copies. */
    public final Map<String, AccessTokenRecord> tokens = InMemoryTransactions.table();
    /** When set, the next setup audit append throws it (a failure after the first write of a change). */
    public volatile RuntimeException failNextAudit;
    /** How many of the next secret compare-and-sets report a concurrent change (another rotation won the race). */
    public volatile int secretConflicts;

    private final InMemoryTransactions transactions = new InMemoryTransactions();
    private final InMemoryUserStore userStore = new InMemoryUserStore(this);
    private final InMemoryProfileStore profileStore = new InMemoryProfileStore(this);
    private final InMemoryPermissionSetStore permissionSetStore = new InMemoryPermissionSetStore(this);
    private final InMemoryConnectedAppStore connectedAppStore = new InMemoryConnectedAppStore(this);
    private final InMemoryCertificateStore certificateStore = new InMemoryCertificateStore(this);
    private final InMemoryAppAccessStore appAccessStore = new InMemoryAppAccessStore(this);
    private final InMemoryApprovalStore approvalStore = new InMemoryApprovalStore(this);
    private final InMemoryLoginHistoryStore loginHistoryStore = new InMemoryLoginHistoryStore(this);
    private final InMemorySetupAuditStore setupAuditStore = new InMemorySetupAuditStore(this);
    private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(this);
    private final InMemoryReplayGuard replayGuard = new InMemoryReplayGuard(this);

    public InMemoryTransactions transactions() {
        return transactions;
    }

    public InMemoryUserStore userStore() {
        return userStore;
    }

    public InMemoryProfileStore profileStore() {
        return profileStore;
    }

    public InMemoryPermissionSetStore permissionSetStore() {
        return permissionSetStore;
    }

    public InMemoryConnectedAppStore connectedAppStore() {
        return connectedAppStore;
    }

    public InMemoryCertificateStore certificateStore() {
        return certificateStore;
    }

    public InMemoryAppAccessStore appAccessStore() {
        return appAccessStore;
    }

    public InMemoryApprovalStore approvalStore() {
        return approvalStore;
    }

    public InMemoryLoginHistoryStore loginHistoryStore() {
        return loginHistoryStore;
    }

    public InMemorySetupAuditStore setupAuditStore() {
        return setupAuditStore;
    }

    public InMemoryTokenStore tokenStore() {
        return tokenStore;
    }

    public InMemoryReplayGuard replayGuard() {
        return replayGuard;
    }
}
