package io.userbound.core.admin;

import io.userbound.core.PermittedUsers;
import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The rules of the admin surface ({@code docs/admin-api.md}): who may change what, how request fields are checked,
 * and the {@code SetupAuditTrail} row that goes with every change. Framework-free: the HTTP layer only turns JSON
 * into the {@code Map} bodies taken here and the returned records into JSON.
 *
 * <p>Every change runs in one {@link io.userbound.core.port.Transactions#inTransaction} together with its audit row,
 * so a refused or failed change leaves nothing behind. Every refusal is an {@link ApiException} whose message names
 * the field or permission concerned. Records of another org are reported as not found.
 *
 * <p>Bodies are decoded JSON objects: {@code Map<String, Object>} whose values are strings, booleans, numbers,
 * lists, maps or null.
 */
public final class AdminService {
    /** The default and the cap of {@code limit} on list reads. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 2000;

    static final String SECTION_USERS = "Manage Users";
    static final String SECTION_APPS = "Connected Apps";

    /** Scopes a connected app may carry (Salesforce's OAuth scope names). */
    public static final Set<String> KNOWN_SCOPES = Set.of("api", "web", "full", "id", "openid", "refresh_token",
            "offline_access", "profile", "email", "address", "phone", "chatter_api", "custom_permissions",
            "visualforce", "wave_api", "lightning", "content", "cdp_query_api", "cdp_api", "pardot_api", "eclair_api",
            "sfap_api", "einstein_gpt_api", "chatbot_api", "interaction_api", "forgot_password",
            "user_registration_api", "mcp_api");

    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");
    private static final Pattern API_NAME = Pattern.compile("^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$");
    private static final int MAX_USERNAME = 80;
    private static final int MAX_NAME = 80;
    private static final int MAX_FIRST_NAME = 40;
    private static final int MAX_EMAIL = 128;

    private static final List<String> USER_CREATE_FIELDS =
            List.of("Username", "LastName", "FirstName", "Email", "UserType", "ProfileId");
    private static final List<String> USER_UPDATE_FIELDS =
            List.of("IsActive", "ProfileId", "FirstName", "LastName", "Email");
    private static final List<String> PERMISSION_SET_FIELDS = permissionSetFields();
    private static final List<String> ASSIGNMENT_FIELDS = List.of("AssigneeId", "PermissionSetId");
    private static final List<String> APP_SETTINGS = List.of("PermittedUsersPolicy", "ClientCredentialsEnabled",
            "RunAsUserId", "JtiRequired", "AssertionMaxLifetimeSeconds", "AllowedAlgorithms", "TokenLifetimeSeconds");
    private static final List<String> APP_CREATE_FIELDS = concat(List.of("Name", "Certificate", "Scopes"),
            APP_SETTINGS);
    private static final List<String> APP_UPDATE_FIELDS = APP_SETTINGS;
    /** The JWS algorithms an app may allow for assertions; never {@code none} or HMAC. */
    public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "ES256");
    public static final long MIN_ASSERTION_LIFETIME_SECONDS = 60;
    public static final long MAX_ASSERTION_LIFETIME_SECONDS = 3600;
    /** Bounds of an app's access-token lifetime: 5 minutes to 24 hours (default 2 hours). */
    public static final long MIN_TOKEN_LIFETIME_SECONDS = 300;
    public static final long MAX_TOKEN_LIFETIME_SECONDS = 86_400;
    private static final List<String> CERTIFICATE_FIELDS = List.of("Certificate");
    private static final List<String> ACCESS_FIELDS = List.of("ParentId", "SetupEntityId");
    private static final List<String> APPROVAL_FIELDS = List.of("UserId");
    private static final List<String> ROTATE_FIELDS = List.of("OverlapSeconds");
    /** How long a rotated-out consumer secret keeps working by default: 24 hours. */
    public static final long DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 3600;
    /** The longest overlap a rotation may ask for: 7 days. */
    public static final long MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;
    /** How often a secret change is retried when another change of the same app's secrets won the race. */
    static final int SECRET_CHANGE_ATTEMPTS = 5;

    private final AdminPorts ports;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecretHasher secretHasher;
    private final PermittedUsers permitted;

    /**
     * @param secretHasher turns a new app's consumer secret into the keyed hash that is stored
     */
    public AdminService(AdminPorts ports, IdGenerator ids, Clock clock, SecretHasher secretHasher) {
        this.ports = ports;
        this.ids = ids;
        this.clock = clock;
        this.secretHasher = secretHasher;
        this.permitted = new PermittedUsers(ports.appAccess(), ports.approvals());
    }

    // ------------------------------------------------------------------------------------------------ users

    /** {@code POST sobjects/User}; needs {@code ManageUsers}. */
    public User createUser(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "create users");
        Fields f = Fields.read("User", body, USER_CREATE_FIELDS);
        String username = username(f.requiredString("Username"));
        String lastName = maxLength("LastName", f.requiredString("LastName"), MAX_NAME);
        String firstName = maxLength("FirstName", f.string("FirstName"), MAX_FIRST_NAME);
        String email = f.has("Email") && f.string("Email") != null ? email(f.string("Email")) : username;
        UserType parsedType = UserType.STANDARD;
        String typeValue = f.string("UserType");
        if (typeValue != null) {
            parsedType = UserType.parse(typeValue).orElseThrow(() -> Fields.badValue("UserType",
                    "'" + typeValue + "' is not one of standard, integration"));
            if (parsedType == UserType.AUTOMATED_PROCESS) {
                throw Fields.badValue("UserType",
                        "an automated-process user cannot be created; each org has the one made at bootstrap");
            }
        }
        UserType type = parsedType;
        Profile profile;
        String profileRef = f.string("ProfileId");
        if (profileRef != null) {
            profile = profileRef(caller, "ProfileId", profileRef);
        } else {
            String name = type == UserType.INTEGRATION ? Profile.API_ONLY_INTEGRATIONS : Profile.STANDARD_USER;
            profile = ports.profiles().findByName(caller.orgId(), name).orElseThrow(() -> new ApiException(
                    RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "ProfileId: the default profile '" + name
                            + "' does not exist in this org; give ProfileId", List.of("ProfileId")));
        }
        checkProfileFits(type, profile);
        if (ports.users().findByUsername(username).isPresent()) {
            throw duplicateUsername(username);
        }
        Instant now = now();
        User user = new User(ids.next(KeyPrefix.USER), caller.orgId(), username, firstName, lastName, email, type,
                true, profile.id(), now, now);
        String context = context(caller);
        change(() -> {
            ports.users().insert(user);
            audit(caller, context, now, "createdUser", SECTION_USERS,
                    "Created new " + type.cliName() + " user " + username + " with profile " + profile.name());
            return null;
        }, e -> "Username".equals(e.field()) ? duplicateUsername(username) : null);
        return user;
    }

    /** {@code GET sobjects/User/{id}}: one's own record, or any with {@code ViewSetup} or {@code ManageUsers}. */
    public User getUser(Caller caller, String id) {
        String id18 = pathId(id, KeyPrefix.USER);
        if (!id18.equals(caller.userId())) {
            caller.requireAny("read other users", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        }
        return ports.users().findById(id18).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code GET sobjects/User/Username/{username}}: same access as {@link #getUser}. */
    public User getUserByUsername(Caller caller, String username) {
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
    public void updateUser(Caller caller, String id, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "edit users");
        String id18 = pathId(id, KeyPrefix.USER);
        User seen = ports.users().findById(id18).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
        Fields f = Fields.read("User", body, USER_UPDATE_FIELDS);
        if (f.isEmpty()) {
            return;
        }
        Instant now = now();
        // checked once before the transaction, so that a bad body fails without one
        planUserChange(caller, seen, f, now);
        String context = context(caller);
        change(() -> {
            // decided again on the user as the database holds it now (inside a transaction the caches read the
            // database): a change made on another node a moment ago must not be undone or missed
            User old = ports.users().findById(id18).filter(u -> u.orgId().equals(caller.orgId()))
                    .orElseThrow(ApiException::notFound);
            UserChange plan = planUserChange(caller, old, f, now);
            boolean activeChanged = plan.updated().active() != old.active();
            boolean profileChanged = !plan.updated().profileId().equals(old.profileId());
            // Deactivation is revocation; so is reactivation (see TokenRevocations): no token from before comes back.
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = !activeChanged && profileChanged
                    ? revocations.before(List.of(old.id()), appIds(old.orgId())) : null;
            ports.users().update(plan.updated());
            if (activeChanged) {
                revocations.allOf(plan.updated());
            } else if (access != null) {
                access.revokeChanged();
            }
            audit(caller, context, now, plan.action(), SECTION_USERS,
                    "Changed user " + old.username() + ": " + (plan.changes().isEmpty() ? "no change"
                            : String.join(", ", plan.changes())) + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    /** A user as a {@code PATCH} leaves it, the audit action, and what changed. */
    private record UserChange(User updated, String action, List<String> changes) {
    }

    /** Applies the members of a {@code PATCH sobjects/User} body to {@code old}, checking each. */
    private UserChange planUserChange(Caller caller, User old, Fields f, Instant now) {
        if (old.type() == UserType.AUTOMATED_PROCESS) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                    "The Automated Process user cannot be changed");
        }
        List<String> changes = new ArrayList<>();
        boolean active = old.active();
        if (f.has("IsActive")) {
            Boolean v = f.bool("IsActive");
            if (v == null) {
                throw Fields.missing("IsActive");
            }
            if (!v && old.id().equals(caller.userId())) {
                throw Fields.badValue("IsActive", "you cannot deactivate your own user");
            }
            if (v != active) {
                changes.add(v ? "activated" : "deactivated");
            }
            active = v;
        }
        String profileId = old.profileId();
        if (f.has("ProfileId")) {
            String ref = f.string("ProfileId");
            if (ref == null) {
                throw Fields.missing("ProfileId");
            }
            Profile profile = profileRef(caller, "ProfileId", ref);
            checkProfileFits(old.type(), profile);
            if (!profile.id().equals(profileId)) {
                changes.add("profile set to " + profile.name());
            }
            profileId = profile.id();
        }
        String firstName = old.firstName();
        if (f.has("FirstName")) {
            firstName = maxLength("FirstName", f.string("FirstName"), MAX_FIRST_NAME);
            changes.add("first name changed");
        }
        String lastName = old.lastName();
        if (f.has("LastName")) {
            lastName = maxLength("LastName", f.string("LastName"), MAX_NAME);
            if (lastName == null) {
                throw Fields.missing("LastName");
            }
            changes.add("last name changed");
        }
        String email = old.email();
        if (f.has("Email")) {
            String v = f.string("Email");
            if (v == null) {
                throw Fields.missing("Email");
            }
            email = email(v);
            changes.add("email changed to " + email);
        }
        User updated = new User(old.id(), old.orgId(), old.username(), firstName, lastName, email, old.type(), active,
                profileId, old.createdDate(), now);
        String action = !f.has("IsActive") || active == old.active() ? "changedUser"
                : active ? "activateduser" : "deactivateduser";
        return new UserChange(updated, action, changes);
    }

    // ------------------------------------------------------------------------------------------------ profiles

    /** {@code GET sobjects/Profile/{id}}; needs {@code ViewSetup}. */
    public Profile getProfile(Caller caller, String id) {
        caller.require(SystemPermission.VIEW_SETUP, "read profiles");
        String id18 = pathId(id, KeyPrefix.PROFILE);
        return ports.profiles().findById(id18).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code GET sobjects/Profile/Name/{name}}; needs {@code ViewSetup}. */
    public Profile getProfileByName(Caller caller, String name) {
        caller.require(SystemPermission.VIEW_SETUP, "read profiles");
        return ports.profiles().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(ApiException::notFound);
    }

    // ------------------------------------------------------------------------------------------------ permission sets

    /** {@code POST sobjects/PermissionSet}; needs {@code ManageUsers}. */
    public PermissionSet createPermissionSet(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "create permission sets");
        Fields f = Fields.read("PermissionSet", body, PERMISSION_SET_FIELDS);
        String name = maxLength("Name", f.requiredString("Name"), MAX_NAME);
        if (!API_NAME.matcher(name).matches() || name.endsWith("_")) {
            throw Fields.badValue("Name", "'" + name + "' must start with a letter and hold only letters, digits and"
                    + " single underscores, not ending with one");
        }
        String label = maxLength("Label", Optional.ofNullable(f.string("Label")).orElse(name), MAX_NAME);
        EnumSet<SystemPermission> permissions = EnumSet.noneOf(SystemPermission.class);
        for (SystemPermission p : SystemPermission.values()) {
            if (Boolean.TRUE.equals(f.bool(p.fieldName()))) {
                permissions.add(p);
            }
        }
        if (ports.permissionSets().findByName(caller.orgId(), name).isPresent()) {
            throw duplicate("Name", "a permission set named " + name + " already exists");
        }
        Instant now = now();
        PermissionSet ps = new PermissionSet(ids.next(KeyPrefix.PERMISSION_SET), caller.orgId(), name, label,
                permissions, now);
        String context = context(caller);
        change(() -> {
            ports.permissionSets().insert(ps);
            audit(caller, context, now, "PermSetCreate", SECTION_USERS, "Created permission set " + name);
            return null;
        }, e -> duplicate("Name", "a permission set named " + name + " already exists"));
        return ps;
    }

    /** {@code GET sobjects/PermissionSet/{id}}; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSet getPermissionSet(Caller caller, String id) {
        caller.requireAny("read permission sets", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        String id18 = pathId(id, KeyPrefix.PERMISSION_SET);
        return ports.permissionSets().findById(id18).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code GET sobjects/PermissionSet/Name/{name}}; needs {@code ViewSetup} or {@code ManageUsers}. */
    public PermissionSet getPermissionSetByName(Caller caller, String name) {
        caller.requireAny("read permission sets", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        return ports.permissionSets().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(ApiException::notFound);
    }

    /** {@code POST sobjects/PermissionSetAssignment}; needs {@code ManageUsers}. */
    public PermissionSetAssignment assignPermissionSet(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "assign permission sets");
        Fields f = Fields.read("PermissionSetAssignment", body, ASSIGNMENT_FIELDS);
        String assigneeId = refId("AssigneeId", f.requiredString("AssigneeId"), KeyPrefix.USER);
        String permissionSetId = refId("PermissionSetId", f.requiredString("PermissionSetId"),
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
        Instant now = now();
        PermissionSetAssignment assignment = new PermissionSetAssignment(ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT),
                caller.orgId(), assigneeId, permissionSetId, now);
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(assigneeId), appIds(caller.orgId()));
            ports.permissionSets().assign(assignment);
            access.revokeChanged();
            audit(caller, context, now, "PermSetAssign", SECTION_USERS,
                    "Permission set " + ps.name() + ": assigned to " + assignee.username() + revokedNote(revocations));
            return null;
        }, e -> dup.get());
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
    public void unassignPermissionSet(Caller caller, String id) {
        caller.require(SystemPermission.MANAGE_USERS, "remove permission set assignments");
        String id18 = pathId(id, KeyPrefix.PERMISSION_SET_ASSIGNMENT);
        PermissionSetAssignment a = ports.permissionSets().findAssignment(id18)
                .filter(x -> x.orgId().equals(caller.orgId())).orElseThrow(ApiException::notFound);
        String psName = ports.permissionSets().findById(a.permissionSetId()).map(PermissionSet::name)
                .orElse(a.permissionSetId());
        String username = ports.users().findById(a.assigneeId()).map(User::username).orElse(a.assigneeId());
        Instant now = now();
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(a.assigneeId()), appIds(caller.orgId()));
            if (!ports.permissionSets().unassign(id18)) {
                throw ApiException.notFound();
            }
            access.revokeChanged();
            audit(caller, context, now, "PermSetUnassign", SECTION_USERS,
                    "Permission set " + psName + ": unassigned from " + username + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    // ------------------------------------------------------------------------------------------------ connected apps

    /** {@code POST sobjects/ConnectedApplication}; needs {@code CustomizeApplication}. */
    public CreatedApp createApp(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "create connected apps");
        Fields f = Fields.read("ConnectedApplication", body, APP_CREATE_FIELDS);
        String name = maxLength("Name", f.requiredString("Name"), MAX_NAME);
        Set<String> scopes = scopes(f.strings("Scopes"));
        Instant now = now();
        String pem = f.rawString("Certificate");
        CertificateParser.Parsed parsed = pem == null || pem.isBlank() ? null : CertificateParser.parse(pem, now);
        if (ports.apps().findByName(caller.orgId(), name).isPresent()) {
            throw duplicate("Name", "a connected app named " + name + " already exists");
        }
        String secret = ConsumerCredentials.newConsumerSecret();
        ConnectedApp app = settings(caller, f, new ConnectedApp(ids.next(KeyPrefix.CONNECTED_APP), caller.orgId(),
                name, ConsumerCredentials.newConsumerKey(), secretHasher.hash(secret),
                PermittedUsersPolicy.ADMIN_APPROVED, scopes, ConnectedApp.DEFAULT_ALGORITHMS,
                ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false, ConnectedApp.DEFAULT_TOKEN_LIFETIME, false, null,
                now, now), now, new ArrayList<>());
        PermittedUsersPolicy policy = app.policy();
        List<AppCertificate> certs = parsed == null ? List.of()
                : List.of(parsed.toAppCertificate(ids.next(KeyPrefix.CERTIFICATE), app.id(), now));
        String context = context(caller);
        change(() -> {
            ports.apps().insert(app);
            for (AppCertificate c : certs) {
                ports.certificates().insert(c);
            }
            audit(caller, context, now, "connectedAppCreate", SECTION_APPS, "Created connected app " + name
                    + " (" + policy.cliName() + (certs.isEmpty() ? "" : ", certificate " + certs.get(0).thumbprint())
                    + ")");
            return null;
        }, e -> "Name".equals(e.field()) ? duplicate("Name", "a connected app named " + name + " already exists")
                : null);
        return new CreatedApp(app, secret, certs);
    }

    /** {@code GET sobjects/ConnectedApplication/{id}}; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public AppDetails getApp(Caller caller, String id) {
        caller.requireAny("read connected apps", SystemPermission.VIEW_SETUP, SystemPermission.CUSTOMIZE_APPLICATION);
        ConnectedApp app = appInOrg(caller, pathId(id, KeyPrefix.CONNECTED_APP));
        return new AppDetails(app, ports.certificates().listForApp(app.id()));
    }

    /** {@code GET sobjects/ConnectedApplication/ConsumerKey/{key}}; same access as {@link #getApp}. */
    public AppDetails getAppByConsumerKey(Caller caller, String consumerKey) {
        caller.requireAny("read connected apps", SystemPermission.VIEW_SETUP, SystemPermission.CUSTOMIZE_APPLICATION);
        ConnectedApp app = ports.apps().findByConsumerKey(consumerKey == null ? "" : consumerKey.strip())
                .filter(a -> a.orgId().equals(caller.orgId())).orElseThrow(ApiException::notFound);
        return new AppDetails(app, ports.certificates().listForApp(app.id()));
    }

    /**
     * {@code PATCH sobjects/ConnectedApplication/{id}}: any of {@code PermittedUsersPolicy},
     * {@code ClientCredentialsEnabled}, {@code RunAsUserId}, {@code JtiRequired},
     * {@code AssertionMaxLifetimeSeconds}, {@code AllowedAlgorithms}; needs {@code CustomizeApplication}.
     */
    public void updateApp(Caller caller, String id, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "edit connected apps");
        String id18 = pathId(id, KeyPrefix.CONNECTED_APP);
        ConnectedApp seen = appInOrg(caller, id18);
        Fields f = Fields.read("ConnectedApplication", body, APP_UPDATE_FIELDS);
        if (f.isEmpty()) {
            return;
        }
        Instant now = now();
        // checked once before the transaction, so that a bad body fails without one
        settings(caller, f, seen, now, new ArrayList<>());
        String context = context(caller);
        change(() -> {
            // the app as the database holds it now (inside a transaction the caches read the database): a settings
            // change made on another node a moment ago is neither undone nor misjudged
            ConnectedApp app = appInOrg(caller, id18);
            List<String> changes = new ArrayList<>();
            ConnectedApp updated = settings(caller, f, app, now, changes);
            String action = f.has("PermittedUsersPolicy") && changes.size() == 1 ? "connectedAppPolicyChange"
                    : "connectedAppChange";
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = usersWhoseAccessMayChange(app, updated)
                    .map(users -> revocations.before(users, List.of(app.id()))).orElse(null);
            ports.apps().update(updated);
            if (access != null) {
                access.revokeChanged();
            }
            audit(caller, context, now, action, SECTION_APPS, "Connected app " + app.name() + ": "
                    + (changes.isEmpty() ? "no change" : String.join(", ", changes)) + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    /**
     * The users whose access to the app a settings change may change: every user of the org when the permitted-users
     * policy changes, the run-as users when the client credentials flow or its run-as user changes; empty when no
     * setting that decides access changes.
     */
    private Optional<List<String>> usersWhoseAccessMayChange(ConnectedApp before, ConnectedApp after) {
        if (before.policy() != after.policy()) {
            return Optional.of(ports.users().ids(before.orgId()));
        }
        if (before.clientCredentialsEnabled() == after.clientCredentialsEnabled()
                && Objects.equals(before.runAsUserId(), after.runAsUserId())) {
            return Optional.empty();
        }
        List<String> runAs = new ArrayList<>();
        if (before.runAsUserId() != null) {
            runAs.add(before.runAsUserId());
        }
        if (after.runAsUserId() != null) {
            runAs.add(after.runAsUserId());
        }
        return Optional.of(runAs);
    }

    /**
     * {@code DELETE sobjects/ConnectedApplication/{id}}: deletes the app with its certificates, access grants and
     * approvals, and revokes every token it issued, in one transaction; needs {@code CustomizeApplication}. The app
     * whose token the caller is using cannot be deleted ({@code FIELD_INTEGRITY_EXCEPTION}): that would cut the
     * caller off.
     */
    public void deleteApp(Caller caller, String id) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "delete connected apps");
        ConnectedApp app = appInOrg(caller, pathId(id, KeyPrefix.CONNECTED_APP));
        if (app.id().equals(caller.appId())) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Connected app " + app.name()
                    + " issued the token of this request and cannot delete itself; use another app's token");
        }
        Instant now = now();
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            revocations.allOf(app);
            if (!ports.apps().delete(app.id())) {
                throw ApiException.notFound();
            }
            audit(caller, context, now, "connectedAppDelete", SECTION_APPS, "Deleted connected app " + app.name()
                    + " (" + app.consumerKey() + ")" + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    /** Applies the settings members of a body to an app, noting each change. */
    private ConnectedApp settings(Caller caller, Fields f, ConnectedApp app, Instant now, List<String> changes) {
        PermittedUsersPolicy policy = app.policy();
        if (f.has("PermittedUsersPolicy")) {
            String value = f.string("PermittedUsersPolicy");
            if (value == null) {
                throw Fields.missing("PermittedUsersPolicy");
            }
            policy = policy(value, null);
            changes.add("permitted users changed from " + app.policy().cliName() + " to " + policy.cliName());
        }
        boolean ccEnabled = app.clientCredentialsEnabled();
        if (f.has("ClientCredentialsEnabled")) {
            Boolean v = f.bool("ClientCredentialsEnabled");
            if (v == null) {
                throw Fields.missing("ClientCredentialsEnabled");
            }
            ccEnabled = v;
            changes.add("client credentials flow " + (v ? "enabled" : "disabled"));
        }
        String runAs = app.runAsUserId();
        if (f.has("RunAsUserId")) {
            String ref = f.string("RunAsUserId");
            if (ref == null) {
                runAs = null;
                changes.add("run-as user cleared");
            } else {
                String userId = refId("RunAsUserId", ref, KeyPrefix.USER);
                User user = ports.users().findById(userId).filter(u -> u.orgId().equals(caller.orgId()))
                        .orElseThrow(() -> crossReference("RunAsUserId", userId));
                if (user.type() == UserType.AUTOMATED_PROCESS || !user.active()) {
                    throw Fields.badValue("RunAsUserId", "the run-as user must be an active standard or integration"
                            + " user; " + user.username() + " is not");
                }
                runAs = user.id();
                changes.add("run-as user set to " + user.username());
            }
        }
        if (ccEnabled && runAs == null) {
            throw Fields.badValue("RunAsUserId", "the client credentials flow needs a run-as user");
        }
        boolean jti = app.jtiRequired();
        if (f.has("JtiRequired")) {
            Boolean v = f.bool("JtiRequired");
            if (v == null) {
                throw Fields.missing("JtiRequired");
            }
            jti = v;
            changes.add("jti " + (v ? "required" : "optional"));
        }
        java.time.Duration lifetime = app.assertionMaxLifetime();
        if (f.has("AssertionMaxLifetimeSeconds")) {
            Long v = f.integer("AssertionMaxLifetimeSeconds");
            if (v == null) {
                throw Fields.missing("AssertionMaxLifetimeSeconds");
            }
            if (v < MIN_ASSERTION_LIFETIME_SECONDS || v > MAX_ASSERTION_LIFETIME_SECONDS) {
                throw Fields.badValue("AssertionMaxLifetimeSeconds", "must be between "
                        + MIN_ASSERTION_LIFETIME_SECONDS + " and " + MAX_ASSERTION_LIFETIME_SECONDS);
            }
            lifetime = java.time.Duration.ofSeconds(v);
            changes.add("assertion lifetime cap set to " + v + " s");
        }
        java.time.Duration tokenLifetime = app.tokenLifetime();
        if (f.has("TokenLifetimeSeconds")) {
            Long v = f.integer("TokenLifetimeSeconds");
            if (v == null) {
                throw Fields.missing("TokenLifetimeSeconds");
            }
            if (v < MIN_TOKEN_LIFETIME_SECONDS || v > MAX_TOKEN_LIFETIME_SECONDS) {
                throw Fields.badValue("TokenLifetimeSeconds", "must be between " + MIN_TOKEN_LIFETIME_SECONDS
                        + " and " + MAX_TOKEN_LIFETIME_SECONDS);
            }
            tokenLifetime = java.time.Duration.ofSeconds(v);
            changes.add("token lifetime set to " + v + " s");
        }
        Set<String> algorithms = app.allowedAlgorithms();
        if (f.has("AllowedAlgorithms")) {
            List<String> v = f.strings("AllowedAlgorithms");
            if (v == null || v.isEmpty()) {
                throw Fields.badValue("AllowedAlgorithms", "at least one algorithm is required");
            }
            Set<String> out = new LinkedHashSet<>();
            for (String alg : v) {
                if (!ALLOWED_ALGORITHMS.contains(alg)) {
                    throw Fields.badValue("AllowedAlgorithms", "'" + alg + "' is not one of "
                            + new TreeSet<>(ALLOWED_ALGORITHMS));
                }
                out.add(alg);
            }
            algorithms = out;
            changes.add("algorithms set to " + String.join(" ", new TreeSet<>(out)));
        }
        return new ConnectedApp(app.id(), app.orgId(), app.name(), app.consumerKey(), app.consumerSecretHash(),
                policy, app.scopes(), algorithms, lifetime, jti, tokenLifetime, ccEnabled, runAs,
                app.createdDate(), now, app.previousSecretHash(), app.previousSecretExpires());
    }

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/rotateSecret}: a new consumer secret (256 random bits, shown
     * once, stored as a keyed hash); the one it replaces keeps working for {@code OverlapSeconds} (optional body
     * member, 0 to {@link #MAX_SECRET_OVERLAP_SECONDS}, default {@link #DEFAULT_SECRET_OVERLAP_SECONDS}) so clients
     * can switch without downtime. An app holds at most one previous secret: an older one still in its window is
     * dropped. Needs {@code CustomizeApplication}; one {@code SetupAuditTrail} row.
     */
    public RotatedSecret rotateSecret(Caller caller, String appId, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "rotate consumer secrets");
        String id18 = pathId(appId, KeyPrefix.CONNECTED_APP);
        appInOrg(caller, id18);
        Fields f = Fields.read("ConnectedApplication", body, ROTATE_FIELDS);
        long overlap = DEFAULT_SECRET_OVERLAP_SECONDS;
        if (f.has("OverlapSeconds")) {
            Long v = f.integer("OverlapSeconds");
            if (v == null) {
                throw Fields.missing("OverlapSeconds");
            }
            if (v < 0 || v > MAX_SECRET_OVERLAP_SECONDS) {
                throw Fields.badValue("OverlapSeconds", "must be between 0 and " + MAX_SECRET_OVERLAP_SECONDS
                        + " (7 days)");
            }
            overlap = v;
        }
        String secret = ConsumerCredentials.newConsumerSecret();
        String newHash = secretHasher.hash(secret);
        String context = context(caller);
        for (int attempt = 0; attempt < SECRET_CHANGE_ATTEMPTS; attempt++) {
            ConnectedApp app = appInOrg(caller, id18);
            Instant now = now();
            String previous = overlap > 0 ? app.consumerSecretHash() : null;
            Instant expires = previous == null ? null : now.plusSeconds(overlap);
            StringBuilder display = new StringBuilder("Connected app " + app.name() + ": consumer secret rotated; ");
            if (app.consumerSecretHash() == null) {
                display.append("the app had no secret before");
            } else if (previous == null) {
                display.append("the previous secret stopped working at once");
            } else {
                display.append("the previous secret works until ").append(expires);
            }
            if (app.previousSecretValidAt(now)) {
                display.append("; the older secret that was valid until ").append(app.previousSecretExpires())
                        .append(" was dropped");
            }
            boolean replaced = ports.transactions().inTransaction(() -> {
                if (!ports.apps().replaceSecrets(app.id(), app.consumerSecretHash(), newHash, previous, expires,
                        now)) {
                    return false;
                }
                audit(caller, context, now, "connectedAppSecretRotate", SECTION_APPS, display.toString());
                return true;
            });
            if (replaced) {
                return new RotatedSecret(app.withSecrets(newHash, previous, expires, now), secret, expires);
            }
        }
        throw concurrentSecretChange();
    }

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/revokeSecret}: the previous consumer secret (the one the last
     * rotation replaced) stops working at once; the current one is untouched. Needs {@code CustomizeApplication}.
     * Writes one {@code SetupAuditTrail} row when there was a previous secret, none otherwise.
     *
     * @return true when a previous secret that still worked was revoked; false when there was none in its window
     */
    public boolean revokeSecret(Caller caller, String appId) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "revoke consumer secrets");
        String id18 = pathId(appId, KeyPrefix.CONNECTED_APP);
        String context = context(caller);
        for (int attempt = 0; attempt < SECRET_CHANGE_ATTEMPTS; attempt++) {
            ConnectedApp app = appInOrg(caller, id18);
            if (app.previousSecretHash() == null) {
                return false;
            }
            Instant now = now();
            boolean wasValid = app.previousSecretValidAt(now);
            String display = "Connected app " + app.name() + ": " + (wasValid
                    ? "previous consumer secret revoked (it was valid until " + app.previousSecretExpires() + ")"
                    : "expired previous consumer secret cleared");
            boolean replaced = ports.transactions().inTransaction(() -> {
                if (!ports.apps().replaceSecrets(app.id(), app.consumerSecretHash(), app.consumerSecretHash(), null,
                        null, now)) {
                    return false;
                }
                audit(caller, context, now, "connectedAppSecretRevoke", SECTION_APPS, display);
                return true;
            });
            if (replaced) {
                return wasValid;
            }
        }
        throw concurrentSecretChange();
    }

    private static ApiException concurrentSecretChange() {
        return new ApiException(RestErrorCode.INVALID_OPERATION, "The consumer secrets of this app were changed by "
                + SECRET_CHANGE_ATTEMPTS + " concurrent requests in a row; nothing was changed: try again");
    }

    /** {@code POST sobjects/ConnectedApplication/{id}/certificates}; needs {@code CustomizeApplication}. */
    public AppCertificate addCertificate(Caller caller, String appId, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "add certificates to connected apps");
        ConnectedApp app = appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        Fields f = Fields.read("ConnectedApplication", body, CERTIFICATE_FIELDS);
        Instant now = now();
        CertificateParser.Parsed parsed = CertificateParser.parse(f.rawString("Certificate"), now);
        Supplier<ApiException> dup = () -> duplicate("Certificate",
                "connected app " + app.name() + " already holds the certificate " + parsed.thumbprint());
        if (ports.certificates().listForApp(app.id()).stream()
                .anyMatch(c -> c.thumbprint().equals(parsed.thumbprint()))) {
            throw dup.get();
        }
        AppCertificate cert = parsed.toAppCertificate(ids.next(KeyPrefix.CERTIFICATE), app.id(), now);
        String context = context(caller);
        change(() -> {
            ports.certificates().insert(cert);
            audit(caller, context, now, "connectedAppCertificateAdd", SECTION_APPS, "Connected app " + app.name()
                    + ": added certificate " + cert.thumbprint() + " (" + cert.subject() + ")");
            return null;
        }, e -> dup.get());
        return cert;
    }

    /** {@code DELETE sobjects/ConnectedApplication/{id}/certificates/{thumbprint}}; needs CustomizeApplication. */
    public void removeCertificate(Caller caller, String appId, String thumbprint) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "remove certificates from connected apps");
        ConnectedApp app = appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        String tp = thumbprint == null ? "" : thumbprint.strip().toLowerCase(Locale.ROOT);
        if (ports.certificates().listForApp(app.id()).stream().noneMatch(c -> c.thumbprint().equals(tp))) {
            throw ApiException.notFound();
        }
        Instant now = now();
        String context = context(caller);
        change(() -> {
            if (!ports.certificates().remove(app.id(), tp)) {
                throw ApiException.notFound();
            }
            audit(caller, context, now, "connectedAppCertificateRemove", SECTION_APPS,
                    "Connected app " + app.name() + ": removed certificate " + tp);
            return null;
        }, e -> null);
    }

    // ------------------------------------------------------------------------------------------------ access grants

    /** {@code POST sobjects/SetupEntityAccess}; needs {@code CustomizeApplication}. */
    public AppAccessGrant grantAppAccess(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "grant access to connected apps");
        Fields f = Fields.read("SetupEntityAccess", body, ACCESS_FIELDS);
        String parentId = refId("ParentId", f.requiredString("ParentId"), KeyPrefix.PROFILE, KeyPrefix.PERMISSION_SET);
        String appId = refId("SetupEntityId", f.requiredString("SetupEntityId"), KeyPrefix.CONNECTED_APP);
        String parentName;
        if (parentId.startsWith(KeyPrefix.PROFILE.prefix())) {
            parentName = "profile " + ports.profiles().findById(parentId).filter(p -> p.orgId().equals(caller.orgId()))
                    .orElseThrow(() -> crossReference("ParentId", parentId)).name();
        } else {
            parentName = "permission set " + ports.permissionSets().findById(parentId)
                    .filter(p -> p.orgId().equals(caller.orgId()))
                    .orElseThrow(() -> crossReference("ParentId", parentId)).name();
        }
        ConnectedApp app = ports.apps().findById(appId).filter(a -> a.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("SetupEntityId", appId));
        Supplier<ApiException> dup = () -> duplicate("ParentId", parentName + " already grants " + app.name());
        if (ports.appAccess().listForApp(appId).stream().anyMatch(g -> g.parentId().equals(parentId))) {
            throw dup.get();
        }
        Instant now = now();
        AppAccessGrant grant = new AppAccessGrant(ids.next(KeyPrefix.SETUP_ENTITY_ACCESS), caller.orgId(), appId,
                parentId, now);
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(holdersOf(parentId), List.of(appId));
            ports.appAccess().grant(grant);
            access.revokeChanged();
            audit(caller, context, now, "connectedAppAccessGrant", SECTION_APPS,
                    "Connected app " + app.name() + ": access granted to " + parentName + revokedNote(revocations));
            return null;
        }, e -> dup.get());
        return grant;
    }

    /** {@code GET sobjects/SetupEntityAccess/{id}}; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public AppAccessGrant getAppAccess(Caller caller, String id) {
        caller.requireAny("read connected app access", SystemPermission.VIEW_SETUP,
                SystemPermission.CUSTOMIZE_APPLICATION);
        String id18 = pathId(id, KeyPrefix.SETUP_ENTITY_ACCESS);
        return ports.appAccess().findById(id18).filter(g -> g.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code DELETE sobjects/SetupEntityAccess/{id}}; needs {@code CustomizeApplication}. */
    public void revokeAppAccess(Caller caller, String id) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "revoke access to connected apps");
        String id18 = pathId(id, KeyPrefix.SETUP_ENTITY_ACCESS);
        AppAccessGrant grant = ports.appAccess().findById(id18).filter(g -> g.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
        String appName = ports.apps().findById(grant.appId()).map(ConnectedApp::name).orElse(grant.appId());
        Instant now = now();
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(holdersOf(grant.parentId()), List.of(grant.appId()));
            if (!ports.appAccess().revoke(id18)) {
                throw ApiException.notFound();
            }
            access.revokeChanged();
            audit(caller, context, now, "connectedAppAccessRevoke", SECTION_APPS,
                    "Connected app " + appName + ": access revoked from " + grant.parentId()
                            + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    /** The users a profile or a permission set applies to. */
    private List<String> holdersOf(String parentId) {
        return parentId.startsWith(KeyPrefix.PROFILE.prefix()) ? ports.users().idsWithProfile(parentId)
                : ports.permissionSets().assigneeIds(parentId);
    }

    // ------------------------------------------------------------------------------------------------ approvals

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/approvals}: records a user's approval of a self-authorize app.
     * {@code UserId} defaults to the caller; approving for another user needs {@code ManageUsers}.
     */
    public Approval approveApp(Caller caller, String appId, Map<String, Object> body) {
        Fields f = Fields.read("OauthToken", body, APPROVAL_FIELDS);
        String userRef = f.string("UserId");
        String userId = userRef == null ? caller.userId() : refId("UserId", userRef, KeyPrefix.USER);
        if (!userId.equals(caller.userId())) {
            caller.require(SystemPermission.MANAGE_USERS, "approve connected apps for other users");
        }
        ConnectedApp app = appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        if (app.policy() != PermittedUsersPolicy.SELF_AUTHORIZE) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Connected app " + app.name()
                    + " is admin-approved: grant access to a profile or permission set instead of approving");
        }
        User user = ports.users().findById(userId).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("UserId", userId));
        Supplier<ApiException> dup = () -> duplicate("UserId",
                "user " + user.username() + " already approved " + app.name());
        if (ports.approvals().find(app.id(), userId).isPresent()) {
            throw dup.get();
        }
        Instant now = now();
        Approval approval = new Approval(ids.next(KeyPrefix.OAUTH_APPROVAL), caller.orgId(), app.id(), userId,
                app.scopes(), now);
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(userId), List.of(app.id()));
            ports.approvals().insert(approval);
            access.revokeChanged();
            audit(caller, context, now, "connectedAppApprove", SECTION_APPS,
                    "Connected app " + app.name() + ": approved for " + user.username() + revokedNote(revocations));
            return null;
        }, e -> dup.get());
        return approval;
    }

    /** {@code DELETE sobjects/ConnectedApplication/{id}/approvals/{userId}}: oneself, or anyone with ManageUsers. */
    public void revokeApproval(Caller caller, String appId, String userId) {
        String user18 = pathId(userId, KeyPrefix.USER);
        if (!user18.equals(caller.userId())) {
            caller.require(SystemPermission.MANAGE_USERS, "revoke other users' approvals");
        }
        ConnectedApp app = appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        if (ports.approvals().find(app.id(), user18).isEmpty()) {
            throw ApiException.notFound();
        }
        String username = ports.users().findById(user18).map(User::username).orElse(user18);
        Instant now = now();
        String context = context(caller);
        change(() -> {
            TokenRevocations revocations = revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(user18), List.of(app.id()));
            if (!ports.approvals().delete(app.id(), user18)) {
                throw ApiException.notFound();
            }
            access.revokeChanged();
            audit(caller, context, now, "connectedAppApprovalRevoke", SECTION_APPS,
                    "Connected app " + app.name() + ": approval revoked for " + username + revokedNote(revocations));
            return null;
        }, e -> null);
    }

    // ------------------------------------------------------------------------------------------------ audit reads

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

    // ------------------------------------------------------------------------------------------------ helpers

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The token revocations of one change, made at {@code now}; used inside the change's transaction. */
    private TokenRevocations revocations(Instant now) {
        return new TokenRevocations(ports.tokens(), ports.users(), ports.apps(), permitted, now);
    }

    private List<String> appIds(String orgId) {
        return ports.apps().list(orgId).stream().map(ConnectedApp::id).toList();
    }

    /** The audit trail's note of the tokens a change revoked; empty when it revoked none. */
    private static String revokedNote(TokenRevocations revocations) {
        int n = revocations.revoked();
        return n == 0 ? "" : "; " + n + (n == 1 ? " access token" : " access tokens") + " revoked";
    }

    /** The consumer key of the caller's app, for {@code SetupAuditTrail.CreatedByContext}. */
    private String context(Caller caller) {
        return caller.appId() == null ? null
                : ports.apps().findById(caller.appId()).map(ConnectedApp::consumerKey).orElse(null);
    }

    private void audit(Caller caller, String context, Instant now, String action, String section, String display) {
        ports.setupAudit().append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), caller.orgId(), action,
                section, display, caller.userId(), context, now));
    }

    /**
     * Runs one change in one transaction. A uniqueness failure the pre-checks could not see (a concurrent insert)
     * becomes {@code DUPLICATE_VALUE}; nothing of the change stays.
     */
    private void change(Supplier<Void> work,
            java.util.function.Function<DuplicateValueException, ApiException> onDuplicate) {
        try {
            ports.transactions().inTransaction(work);
        } catch (DuplicateValueException e) {
            ApiException mapped = onDuplicate.apply(e);
            throw mapped != null ? mapped : duplicate(e.field(), e.getMessage());
        }
    }

    /** An id from the URL path: malformed is {@code MALFORMED_ID}, another entity type is {@code NOT_FOUND}. */
    private static String pathId(String raw, KeyPrefix prefix) {
        SalesforceId id = SalesforceId.parse(raw == null ? null : raw.strip()).orElseThrow(() -> new ApiException(
                RestErrorCode.MALFORMED_ID, prefix.sobjectType() + " id is malformed: " + raw));
        if (!id.is(prefix)) {
            throw ApiException.notFound();
        }
        return id.id18();
    }

    /** An id in a body field: malformed is {@code MALFORMED_ID}; another type is INVALID_CROSS_REFERENCE_KEY. */
    private static String refId(String field, String raw, KeyPrefix... prefixes) {
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

    private static ApiException crossReference(String field, String id) {
        return new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                field + ": invalid cross reference id " + id, List.of(field));
    }

    private static ApiException duplicate(String field, String message) {
        return new ApiException(RestErrorCode.DUPLICATE_VALUE, "duplicate value found: " + message,
                field == null ? List.of() : List.of(field));
    }

    private static ApiException duplicateUsername(String username) {
        return duplicate("Username", "Username " + username + " is already taken");
    }

    private Profile profileRef(Caller caller, String field, String raw) {
        String id = refId(field, raw, KeyPrefix.PROFILE);
        return ports.profiles().findById(id).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference(field, id));
    }

    private static void checkProfileFits(UserType type, Profile profile) {
        if (Profile.AUTOMATED_PROCESS.equals(profile.name())) {
            throw Fields.badValue("ProfileId", "the Automated Process profile belongs to the org's own actor only");
        }
        if (type == UserType.INTEGRATION && !profile.permissions().contains(SystemPermission.API_USER_ONLY)) {
            throw Fields.badValue("ProfileId", "an integration user needs an API-only profile (PermissionsApiUserOnly);"
                    + " '" + profile.name() + "' is not");
        }
    }

    private ConnectedApp appInOrg(Caller caller, String id18) {
        return ports.apps().findById(id18).filter(a -> a.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    private static String username(String value) {
        String u = value.toLowerCase(Locale.ROOT);
        maxLength("Username", u, MAX_USERNAME);
        if (!EMAIL.matcher(u).matches()) {
            throw Fields.badValue("Username", "'" + value + "' is not in the form of an email address");
        }
        return u;
    }

    private static String email(String value) {
        maxLength("Email", value, MAX_EMAIL);
        if (!EMAIL.matcher(value).matches()) {
            throw Fields.badValue("Email", "'" + value + "' is not an email address");
        }
        return value;
    }

    private static String maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw Fields.tooLong(field, max);
        }
        return value;
    }

    private static PermittedUsersPolicy policy(String value, PermittedUsersPolicy dflt) {
        if (value == null) {
            return dflt;
        }
        return PermittedUsersPolicy.parse(value).orElseThrow(() -> Fields.badValue("PermittedUsersPolicy",
                "'" + value + "' is not one of admin-approved, self-authorize"));
    }

    private static Set<String> scopes(List<String> values) {
        if (values == null) {
            return ConnectedApp.DEFAULT_SCOPES;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!KNOWN_SCOPES.contains(v)) {
                throw Fields.badValue("Scopes", "unknown scope '" + v + "'; known: " + new TreeSet<>(KNOWN_SCOPES));
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            throw Fields.badValue("Scopes", "at least one scope is required");
        }
        return out;
    }

    private static int limit(String raw) {
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

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<String> permissionSetFields() {
        List<String> out = new ArrayList<>(List.of("Name", "Label"));
        for (SystemPermission p : SystemPermission.values()) {
            out.add(p.fieldName());
        }
        return List.copyOf(out);
    }
}
