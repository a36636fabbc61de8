package io.userbound.core.admin.users;

import static io.userbound.core.admin.AdminSupport.SECTION_USERS;
import static io.userbound.core.admin.AdminSupport.crossReference;
import static io.userbound.core.admin.AdminSupport.duplicate;
import static io.userbound.core.admin.AdminSupport.maxLength;
import static io.userbound.core.admin.AdminSupport.pathId;
import static io.userbound.core.admin.AdminSupport.refId;
import static io.userbound.core.admin.AdminSupport.revokedNote;

import io.userbound.core.ApiException;
import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.AdminSupport;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.TokenRevocations;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Users and their permission set assignments ({@code sobjects/User}, {@code sobjects/PermissionSetAssignment}):
 * creation, reads, the changes of a {@code PATCH} (activation, deactivation, profile, names, email; see
 * {@link UserChanges}), and assigning and unassigning permission sets. Deactivating a user, or any change of what a
 * user may use, revokes the tokens concerned in the change's transaction ({@link TokenRevocations}).
 */
public final class UserAdmin {
    private final AdminSupport support;
    private final AdminPorts ports;
    private final UserChanges rules;

    public UserAdmin(AdminSupport support) {
        this.support = support;
        this.ports = support.ports();
        this.rules = new UserChanges(ports.profiles());
    }

    /**
     * {@code POST sobjects/User}; needs {@code ManageUsers}, checked before the body is read: {@code command} is
     * called after that check (such as {@code () -> NewUser.from(body)}).
     */
    public User create(Caller caller, Supplier<NewUser> command) {
        caller.require(SystemPermission.MANAGE_USERS, "create users");
        return create(caller, command.get());
    }

    /** Creates the user a checked {@link NewUser} describes; needs {@code ManageUsers}. */
    public User create(Caller caller, NewUser command) {
        caller.require(SystemPermission.MANAGE_USERS, "create users");
        UserType type = command.type();
        Profile profile;
        if (command.profileRef() != null) {
            profile = rules.profileRef(caller, "ProfileId", command.profileRef());
        } else {
            String name = type == UserType.INTEGRATION ? Profile.API_ONLY_INTEGRATIONS : Profile.STANDARD_USER;
            profile = ports.profiles().findByName(caller.orgId(), name).orElseThrow(() -> new ApiException(
                    RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "ProfileId: the default profile '" + name
                            + "' does not exist in this org; give ProfileId", List.of("ProfileId")));
        }
        UserChanges.checkProfileFits(type, profile);
        String username = command.username();
        if (ports.users().findByUsername(username).isPresent()) {
            throw duplicateUsername(username);
        }
        Instant now = support.now();
        User user = new User(support.ids().next(KeyPrefix.USER), caller.orgId(), username, command.firstName(),
                command.lastName(), command.email(), type, true, profile.id(), now, now);
        String context = support.context(caller);
        support.change(() -> {
            ports.users().insert(user);
            support.audit(caller, context, now, "createdUser", SECTION_USERS,
                    "Created new " + type.cliName() + " user " + username + " with profile " + profile.name());
        }, e -> "Username".equals(e.field()) ? duplicateUsername(username) : null);
        return user;
    }

    /** {@code GET sobjects/User/{id}}: one's own record, or any with {@code ViewSetup} or {@code ManageUsers}. */
    public User get(Caller caller, String id) {
        String id18 = pathId(id, KeyPrefix.USER);
        if (!id18.equals(caller.userId())) {
            caller.requireAny("read other users", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        }
        return support.userInOrg(caller, id18);
    }

    /** {@code GET sobjects/User/Username/{username}}: same access as {@link #get}. */
    public User getByUsername(Caller caller, String username) {
        String wanted = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!wanted.equals(caller.user().username())) {
            caller.requireAny("read other users", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        }
        return ports.users().findByUsername(wanted).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /**
     * {@code PATCH sobjects/User/{id}}: any of {@code IsActive}, {@code ProfileId}, {@code FirstName},
     * {@code LastName}, {@code Email}; needs {@code ManageUsers}. A user cannot deactivate themselves, and the
     * Automated Process user cannot be changed. An empty body changes nothing and writes no audit row.
     */
    public void update(Caller caller, String id, UserUpdate command) {
        caller.require(SystemPermission.MANAGE_USERS, "edit users");
        String id18 = pathId(id, KeyPrefix.USER);
        User seen = support.userInOrg(caller, id18);
        if (command.changesNothing()) {
            return;
        }
        Instant now = support.now();
        // checked once before the transaction, so that a bad body fails without one
        rules.plan(caller, seen, command, now);
        String context = support.context(caller);
        support.change(() -> {
            // decided again on the user as the database holds it now (inside a transaction the caches read the
            // database): a change made on another node a moment ago must not be undone or missed
            User old = support.userInOrg(caller, id18);
            UserChanges.Plan plan = rules.plan(caller, old, command, now);
            boolean activeChanged = plan.updated().active() != old.active();
            boolean profileChanged = !plan.updated().profileId().equals(old.profileId());
            // Deactivation is revocation; so is reactivation (see TokenRevocations): no token from before comes back.
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = !activeChanged && profileChanged
                    ? revocations.before(List.of(old.id()), support.appIds(old.orgId())) : null;
            ports.users().update(plan.updated());
            if (activeChanged) {
                revocations.allOf(plan.updated());
            } else if (access != null) {
                access.revokeChanged();
            }
            support.audit(caller, context, now, plan.action(), SECTION_USERS,
                    "Changed user " + old.username() + ": " + (plan.changes().isEmpty() ? "no change"
                            : String.join(", ", plan.changes())) + revokedNote(revocations));
        }, e -> null);
    }

    // ------------------------------------------------------------------------------------------------ assignments

    /** {@code POST sobjects/PermissionSetAssignment}; needs {@code ManageUsers}. */
    public PermissionSetAssignment assign(Caller caller, NewAssignment command) {
        caller.require(SystemPermission.MANAGE_USERS, "assign permission sets");
        String assigneeId = refId("AssigneeId", command.assigneeRef().required(), KeyPrefix.USER);
        String permissionSetId = refId("PermissionSetId", command.permissionSetRef().required(),
                KeyPrefix.PERMISSION_SET);
        User assignee = ports.users().findById(assigneeId).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("AssigneeId", assigneeId));
        PermissionSet ps = ports.permissionSets().findById(permissionSetId)
                .filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("PermissionSetId", permissionSetId));
        Supplier<ApiException> dup = () -> duplicate("AssigneeId",
                "user " + assignee.username() + " already holds permission set " + ps.name());
        if (ports.permissionSets().assignmentsOf(assigneeId).stream()
                .anyMatch(a -> a.permissionSetId().equals(permissionSetId))) {
            throw dup.get();
        }
        Instant now = support.now();
        PermissionSetAssignment assignment = new PermissionSetAssignment(
                support.ids().next(KeyPrefix.PERMISSION_SET_ASSIGNMENT), caller.orgId(), assigneeId, permissionSetId,
                now);
        assignmentChange(caller, now, assigneeId, () -> ports.permissionSets().assign(assignment), "PermSetAssign",
                "Permission set " + ps.name() + ": assigned to " + assignee.username(), e -> dup.get());
        return assignment;
    }

    /** {@code GET sobjects/PermissionSetAssignment/{id}}; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSetAssignment getAssignment(Caller caller, String id) {
        caller.requireAny("read permission set assignments", SystemPermission.VIEW_SETUP,
                SystemPermission.MANAGE_USERS);
        String id18 = pathId(id, KeyPrefix.PERMISSION_SET_ASSIGNMENT);
        return ports.permissionSets().findAssignment(id18).filter(a -> a.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code DELETE sobjects/PermissionSetAssignment/{id}}; needs {@code ManageUsers}. */
    public void unassign(Caller caller, String id) {
        caller.require(SystemPermission.MANAGE_USERS, "remove permission set assignments");
        String id18 = pathId(id, KeyPrefix.PERMISSION_SET_ASSIGNMENT);
        PermissionSetAssignment a = ports.permissionSets().findAssignment(id18)
                .filter(x -> x.orgId().equals(caller.orgId())).orElseThrow(ApiException::notFound);
        String psName = ports.permissionSets().findById(a.permissionSetId()).map(PermissionSet::name)
                .orElse(a.permissionSetId());
        String username = ports.users().findById(a.assigneeId()).map(User::username).orElse(a.assigneeId());
        assignmentChange(caller, support.now(), a.assigneeId(), () -> {
            if (!ports.permissionSets().unassign(id18)) {
                throw ApiException.notFound();
            }
        }, "PermSetUnassign", "Permission set " + psName + ": unassigned from " + username, e -> null);
    }

    /** A change of one user's assignments: it may change the user's access to every app of the org. */
    private void assignmentChange(Caller caller, Instant now, String userId, Runnable write, String action,
            String display, Function<DuplicateValueException, ApiException> onDuplicate) {
        support.accessChange(caller, now, () -> List.of(userId), () -> support.appIds(caller.orgId()), write, action,
                SECTION_USERS, display, onDuplicate);
    }

    static ApiException duplicateUsername(String username) {
        return duplicate("Username", "Username " + username + " is already taken");
    }
}
