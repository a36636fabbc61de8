package io.userbound.core.admin.audit;

import static io.userbound.core.admin.AdminSupport.pathId;
import static io.userbound.core.admin.AdminSupport.limit;

import io.userbound.core.ApiException;
import io.userbound.core.admin.*;
import io.userbound.core.model.*;
import io.userbound.protocol.KeyPrefix;
import java.util.*;

/** The reads of the audit: {@code LoginHistory} rows and the setup audit trail, newest first. */
public final class AuditReads {
    private final AdminSupport support;
    private final AdminPorts ports;

    public AuditReads(AdminSupport support) {
        this.support = support;
        this.ports = support.ports();
    }

    /** {@code GET sobjects/LoginHistory/{id}}: one's own rows, or any row of the org with {@code ManageUsers}. */
    public LoginHistoryEntry getLoginHistory(Caller caller, String id) {
        String id18 = pathId(id, KeyPrefix.LOGIN_HISTORY);
        LoginHistoryEntry e = ports.loginHistory().findById(id18)
                .filter(x -> caller.orgId().equals(x.orgId())).orElseThrow(ApiException::notFound);
        if (!caller.has(SystemPermission.MANAGE_USERS) && !caller.userId().equals(e.userId())) {
            throw ApiException.insufficientAccess(
                    "Insufficient access: ManageUsers permission is required to read other users' login history");
        }
        return e;
    }

    /**
     * {@code GET userbound/loginHistory?username=U&limit=N}, newest first. Without {@code ManageUsers} only the
     * caller's own rows are readable (and {@code username}, when given, must be the caller's).
     *
     * @param username may be null: every row of the org for {@code ManageUsers}, one's own rows otherwise
     * @param limit the raw {@code limit} parameter; null for the default
     */
    public List<LoginHistoryEntry> listLoginHistory(Caller caller, String username, String limit) {
        int n = limit(limit);
        String wanted = username == null || username.isBlank() ? null : username.strip().toLowerCase(Locale.ROOT);
        if (!caller.has(SystemPermission.MANAGE_USERS)) {
            if (wanted != null && !wanted.equals(caller.user().username())) {
                throw ApiException.insufficientAccess(
                        "Insufficient access: ManageUsers permission is required to read other users' login history");
            }
            return ports.loginHistory().list(caller.orgId(), caller.userId(), n);
        }
        if (wanted == null) {
            return ports.loginHistory().list(caller.orgId(), null, n);
        }
        Optional<User> user = ports.users().findByUsername(wanted).filter(u -> u.orgId().equals(caller.orgId()));
        return user.map(u -> ports.loginHistory().list(caller.orgId(), u.id(), n)).orElse(List.of());
    }

    /** {@code GET userbound/setupAuditTrail?limit=N}, newest first; needs {@code ViewSetup}. */
    public List<SetupAuditEntry> listSetupAudit(Caller caller, String limit) {
        caller.require(SystemPermission.VIEW_SETUP, "read the setup audit trail");
        return ports.setupAudit().list(caller.orgId(), limit(limit));
    }

}
