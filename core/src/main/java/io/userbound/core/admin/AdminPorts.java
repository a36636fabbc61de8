package io.userbound.core.admin;

import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.ProfileStore;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import java.util.Objects;

/** The store ports {@link AdminServices} work on; none may be null. */
public record AdminPorts(
        Transactions transactions,
        UserStore users,
        ProfileStore profiles,
        PermissionSetStore permissionSets,
        ConnectedAppStore apps,
        CertificateStore certificates,
        AppAccessStore appAccess,
        ApprovalStore approvals,
        LoginHistoryStore loginHistory,
        SetupAuditStore setupAudit,
        TokenStore tokens) {

    public AdminPorts {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(permissionSets, "permissionSets");
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(appAccess, "appAccess");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(loginHistory, "loginHistory");
        Objects.requireNonNull(setupAudit, "setupAudit");
        Objects.requireNonNull(tokens, "tokens");
    }
}
