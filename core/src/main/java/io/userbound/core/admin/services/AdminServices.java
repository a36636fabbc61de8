package io.userbound.core.admin.services;

import io.userbound.core.IdGenerator;
import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.AdminSupport;
import io.userbound.core.admin.SecretHasher;
import io.userbound.core.admin.access.AccessAdmin;
import io.userbound.core.admin.appaccess.AppAccessAdmin;
import io.userbound.core.admin.apps.AppCredentialAdmin;
import io.userbound.core.admin.apps.ConnectedAppAdmin;
import io.userbound.core.admin.audit.AuditReads;
import io.userbound.core.admin.users.UserAdmin;
import java.time.Clock;

/**
 * The admin surface ({@code docs/admin-api.md}), one service per aggregate over one {@link AdminSupport}: who may
 * change what, how request fields are checked, and the {@code SetupAuditTrail} row that goes with every change.
 * Framework-free: the HTTP layer only turns JSON into calls and the returned records into JSON.
 */
public record AdminServices(UserAdmin users, AccessAdmin access, ConnectedAppAdmin apps,
        AppCredentialAdmin credentials, AppAccessAdmin appAccess, AuditReads audit) {

    /** @param secretHasher turns a new consumer secret into the keyed hash that is stored */
    public static AdminServices of(AdminPorts ports, IdGenerator ids, Clock clock, SecretHasher secretHasher) {
        AdminSupport support = new AdminSupport(ports, ids, clock);
        return new AdminServices(new UserAdmin(support), new AccessAdmin(support),
                new ConnectedAppAdmin(support, secretHasher), new AppCredentialAdmin(support, secretHasher),
                new AppAccessAdmin(support), new AuditReads(support));
    }
}
