package io.userbound.core.admin;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.PermittedUsers;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every admin service shares, written once: the ports, the clock (to the millisecond, as stored), the
 * {@code SetupAuditTrail} row of a change, running a change in one transaction, the token revocations of a change
 * that may end someone's access to an app, and the checks of ids in paths and bodies.
 *
 * <p>Every change runs in one {@link io.userbound.core.port.Transactions#inTransaction} together with its audit row,
 * so a refused or failed change leaves nothing behind. Records of another org are reported as not found.
 */
public final class AdminSupport {
    /** The default and the cap of {@code limit} on list reads. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 2000;

    public static final String SECTION_USERS = "Manage Users";
    public static final String SECTION_APPS = "Connected Apps";

    private final AdminPorts ports;
    private final IdGenerator ids;
    private final Clock clock;
    private final PermittedUsers permitted;

    public AdminSupport(AdminPorts ports, IdGenerator ids, Clock clock) {
        this.ports = ports;
        this.ids = ids;
        this.clock = clock;
        this.permitted = new PermittedUsers(ports.appAccess(), ports.approvals());
    }

    public AdminPorts ports() {
        return ports;
    }

    public IdGenerator ids() {
        return ids;
    }

    /** The time of a change, to the millisecond. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The token revocations of one change, made at {@code now}; used inside the change's transaction. */
    public TokenRevocations revocations(Instant now) {
        return new TokenRevocations(ports.tokens(), ports.users(), ports.apps(), permitted, now);
    }

    public List<String> appIds(String orgId) {
        return ports.apps().list(orgId).stream().map(ConnectedApp::id).toList();
    }

    /** The users a profile or a permission set applies to. */
    public List<String> holdersOf(String parentId) {
        return parentId.startsWith(KeyPrefix.PROFILE.prefix()) ? ports.users().idsWithProfile(parentId)
                : ports.permissionSets().assigneeIds(parentId);
    }

    /** The audit trail's note of the tokens a change revoked; empty when it revoked none. */
    public static String revokedNote(TokenRevocations revocations) {
        int n = revocations.revoked();
        return n == 0 ? "" : "; " + n + (n == 1 ? " access token" : " access tokens") + " revoked";
    }

    /** The consumer key of the caller's app, for {@code SetupAuditTrail.CreatedByContext}. */
    public String context(Caller caller) {
        return caller.appId() == null ? null
                : ports.apps().findById(caller.appId()).map(ConnectedApp::consumerKey).orElse(null);
    }

    /** Appends the caller's {@code SetupAuditTrail} row of a change. */
    public void audit(Caller caller, String context, Instant now, String action, String section, String display) {
        audit(caller.orgId(), caller.userId(), context, now, action, section, display);
    }

    /**
     * Appends a {@code SetupAuditTrail} row.
     *
     * @param by the user who made the change
     * @param context the consumer key of the app the change came through; null for none
     */
    public void audit(String orgId, String by, String context, Instant now, String action, String section,
            String display) {
        ports.setupAudit().append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), orgId, action, section,
                display, by, context, now));
    }

    /**
     * Runs one change in one transaction. A uniqueness failure the pre-checks could not see (a concurrent insert)
     * becomes {@code DUPLICATE_VALUE}; nothing of the change stays.
     *
     * @param onDuplicate the refusal of a uniqueness failure; returning null means the store's own message
     */
    public void change(Runnable work, Function<DuplicateValueException, ApiException> onDuplicate) {
        try {
            ports.transactions().inTransaction(() -> {
                work.run();
                return null;
            });
        } catch (DuplicateValueException e) {
            ApiException mapped = onDuplicate.apply(e);
            throw mapped != null ? mapped : duplicate(e.field(), e.getMessage());
        }
    }

    /**
     * Runs a change that may change which of {@code users} may use which of {@code apps} (a grant, an assignment,
     * an approval or their removal), made at {@code now}, in one transaction, with the revocation of the tokens whose access it changed
     * and its audit row, whose text ends with the note of the tokens revoked. The users and apps are read inside
     * the transaction.
     */
    public void accessChange(Caller caller, Instant now, Supplier<List<String>> users,
            Supplier<List<String>> apps, Runnable write, String action, String section, String display,
            Function<DuplicateValueException, ApiException> onDuplicate) {
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(users.get(), apps.get());
            write.run();
            access.revokeChanged();
            audit(caller, context, now, action, section, display + revokedNote(revocations));
        }, onDuplicate);
    }

    /** The app of the caller's org with this id; another org's is not found. */
    public ConnectedApp appInOrg(Caller caller, String id18) {
        return ports.apps().findById(id18).filter(a -> a.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** The user of the caller's org with this id; another org's is not found. */
    public User userInOrg(Caller caller, String id18) {
        return ports.users().findById(id18).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** An id from the URL path: malformed is {@code MALFORMED_ID}, another entity type is {@code NOT_FOUND}. */
    public static String pathId(String raw, KeyPrefix prefix) {
        SalesforceId id = SalesforceId.parse(raw == null ? null : raw.strip()).orElseThrow(() -> new ApiException(
                RestErrorCode.MALFORMED_ID, prefix.sobjectType() + " id is malformed: " + raw));
        if (!id.is(prefix)) {
            throw ApiException.notFound();
        }
        return id.id18();
    }

    /** An id in a body field: malformed is {@code MALFORMED_ID}; another type is INVALID_CROSS_REFERENCE_KEY. */
    public static String refId(String field, String raw, KeyPrefix... prefixes) {
        SalesforceId id = SalesforceId.parse(raw).orElseThrow(() -> new ApiException(RestErrorCode.MALFORMED_ID,
                field + ": malformed id " + raw, List.of(field)));
        for (KeyPrefix p : prefixes) {
            if (id.is(p)) {
                return id.id18();
            }
        }
        throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, field + ": id " + raw + " is not a "
                + String.join(" or ", Arrays.stream(prefixes).map(KeyPrefix::sobjectType).toList()),
                List.of(field));
    }

    public static ApiException crossReference(String field, String id) {
        return new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                field + ": invalid cross reference id " + id, List.of(field));
    }

    public static ApiException duplicate(String field, String message) {
        return new ApiException(RestErrorCode.DUPLICATE_VALUE, "duplicate value found: " + message,
                field == null ? List.of() : List.of(field));
    }

    /** @throws ApiException {@code STRING_TOO_LONG} when {@code value} is longer than {@code max} */
    public static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw Fields.tooLong(field, max);
        }
        return value;
    }

    /** The raw {@code limit} parameter of a list read: null or blank for {@link #DEFAULT_LIMIT}. */
    public static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw Fields.badValue("limit", "'" + raw + "' is not a whole number");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw Fields.badValue("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return n;
    }
}
