package io.userbound.records.admin;

import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.RecordTables;
import io.userbound.records.port.RoleStore;
import java.util.Objects;

/**
 * The store ports {@link RecordsAdmin} works on; none may be null. {@code apps} is read only, for the consumer key
 * that {@code SetupAuditTrail.CreatedByContext} names.
 */
public record RecordsAdminPorts(
        Transactions transactions,
        MetadataStore metadata,
        RecordTables tables,
        AccessStore access,
        RoleStore roles,
        UserStore users,
        PermissionSetStore permissionSets,
        ConnectedAppStore apps,
        SetupAuditStore setupAudit) {

    public RecordsAdminPorts {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(permissionSets, "permissionSets");
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(setupAudit, "setupAudit");
    }
}
