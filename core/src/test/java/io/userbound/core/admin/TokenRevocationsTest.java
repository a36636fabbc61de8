package io.userbound.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.admin.appaccess.NewAppAccessGrant;
import io.userbound.core.admin.apps.AppUpdate;
import io.userbound.core.admin.services.AdminServices;
import io.userbound.core.admin.users.NewAssignment;
import io.userbound.core.admin.users.UserUpdate;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When access ends, tokens end (issue 11 part 2): each admin change that deactivates a user, deletes an app, or
 * changes who may use an app revokes exactly the tokens whose (user, app) access changed, in the change's
 * transaction, and says so in its audit row; every other token stays.
 *
 * <p>The org: app {@code A} (admin approved) granted by permission sets {@code P1} and {@code P2}; app {@code B}
 * (self-authorize, client credentials running as {@code robot}); app {@code C} (admin approved, granted by {@code P3},
 * client credentials running as {@code svc}, who holds {@code P3}); {@code u1} holds {@code P1}, {@code u2} holds both
 * of A's sets, {@code u3} approved {@code B}, {@code u4} holds nothing. Tokens, by name (JWT bearer unless marked
 * {@code cc}): {@code u1/A}, {@code u2/A}, {@code u3/B}, {@code robot/B cc}, {@code svc/C cc}, {@code svc/C} (svc
 * logging in by JWT bearer, which P3 allows), {@code u1/cli} (the admin CLI app) and {@code u4/A}, which {@code u4}
 * could only have got from a node whose cache was stale. A change that leaves a pair's access as it was (no access before, none
 * after) leaves its tokens alone: the per-use check ({@code PermittedUsers#mayHoldTokens}) refuses such a token anyway.
 */
class TokenRevocationsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final Pattern REVOKED_NOTE =
            Pattern.compile("; (\\d+) access tokens? revoked$");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RandomIdGenerator ids = new RandomIdGenerator(clock);
    private InMemoryStores db;
    private AdminServices admin;
    private Caller adminCaller;
    private String orgId;
    private Profile standard;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, ConnectedApp> apps = new LinkedHashMap<>();
    private final Map<String, PermissionSet> sets = new LinkedHashMap<>();
    private final Map<String, PermissionSetAssignment> assignments = new LinkedHashMap<>();
    private final Map<String, AppAccessGrant> grants = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        db = new InMemoryStores();
        admin = AdminServices.of(db.ports(), ids, clock, secret -> "hash(" + secret + ")");
        orgId = ids.next(KeyPrefix.ORGANIZATION);
        Profile sysAdmin = profile(Profile.SYSTEM_ADMINISTRATOR,
                EnumSet.complementOf(EnumSet.of(SystemPermission.API_USER_ONLY)));
        standard = profile(Profile.STANDARD_USER, EnumSet.of(SystemPermission.API_ENABLED));
        profile(Profile.API_ONLY_INTEGRATIONS, EnumSet.of(SystemPermission.API_ENABLED,
                SystemPermission.API_USER_ONLY));
        ConnectedApp cli = app("cli", PermittedUsersPolicy.ADMIN_APPROVED, false, null);
        User root = user("root", sysAdmin);
        AccessTokenRecord rootToken = token(root, cli, GrantTypes.JWT_BEARER);
        adminCaller = new Caller(rootToken, root, sysAdmin.permissions());
        for (String u : List.of("u1", "u2", "u3", "u4", "robot")) {
            user(u, standard);
        }
        app("A", PermittedUsersPolicy.ADMIN_APPROVED, false, null);
        app("B", PermittedUsersPolicy.SELF_AUTHORIZE, true, users.get("robot").id());
        user("svc", standard);
        app("C", PermittedUsersPolicy.ADMIN_APPROVED, true, users.get("svc").id());
        permissionSet("P1");
        permissionSet("P2");
        permissionSet("P3");
        grant("P1", "A");
        grant("P2", "A");
        grant("P3", "C");
        assign("svc", "P3");
        assign("u1", "P1");
        assign("u2", "P1");
        assign("u2", "P2");
        Approval approval = new Approval(ids.next(KeyPrefix.OAUTH_APPROVAL), orgId, apps.get("B").id(),
                users.get("u3").id(), Set.of("api"), NOW);
        db.approvals.put(approval.appId() + "/" + approval.userId(), approval);
        for (String pair : List.of("u1/A", "u2/A", "u3/B", "robot/B cc", "svc/C cc", "svc/C", "u1/cli", "u4/A")) {
            String[] p = pair.split("[/ ]");
            tokens.put(pair, token(users.get(p[0]), apps.get(p[1]), pair.endsWith(" cc") ? GrantTypes.CLIENT_CREDENTIALS
                    : GrantTypes.JWT_BEARER).id());
        }
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                row("deactivating a user", t -> t.admin.users().update(t.adminCaller, t.users.get("u1").id(),
                        UserUpdate.from(Map.of("IsActive", false))), "u1/A", "u1/cli"),
                row("deactivating a run-as user", t -> t.admin.users().update(t.adminCaller, t.users.get("svc").id(),
                        UserUpdate.from(Map.of("IsActive", false))), "svc/C cc", "svc/C"),
                row("reactivating a user", t -> {
                    t.admin.users().update(t.adminCaller, t.users.get("u4").id(),
                            UserUpdate.from(Map.of("IsActive", false)));
                    t.tokens.put("u4/cli", t.token(t.users.get("u4"), t.apps.get("cli"), GrantTypes.JWT_BEARER)
                            .id());
                    t.admin.users().update(t.adminCaller, t.users.get("u4").id(),
                            UserUpdate.from(Map.of("IsActive", true)));
                }, "u4/A", "u4/cli"),
                row("renaming a user", t -> t.admin.users().update(t.adminCaller, t.users.get("u1").id(),
                        UserUpdate.from(Map.of("FirstName", "New")))),
                row("removing the user's only set that grants the app", t -> t.admin.users().unassign(
                        t.adminCaller, t.assignments.get("u1/P1").id()), "u1/A"),
                row("removing a set while another still grants the app", t -> t.admin.users().unassign(
                        t.adminCaller, t.assignments.get("u2/P1").id())),
                row("assigning a set that grants the app (a stale node's token)", t -> t.admin.users().assign(
                        t.adminCaller,
                                NewAssignment.from(Map.of("AssigneeId", t.users.get("u4").id(), "PermissionSetId",
                                t.sets.get("P1").id()))), "u4/A"),
                row("removing an app grant from a set", t -> t.admin.appAccess().revoke(t.adminCaller,
                        t.grants.get("P1/A").id()), "u1/A"),
                row("granting the app to the standard profile", t -> t.admin.appAccess().grant(t.adminCaller,
                        NewAppAccessGrant.from(Map.of("ParentId", t.standard.id(), "SetupEntityId", t.apps.get("A").id()))), "u4/A"),
                row("revoking an approval", t -> t.admin.appAccess().revokeApproval(t.adminCaller, t.apps.get("B").id(),
                        t.users.get("u3").id()), "u3/B"),
                row("switching an app to self-authorize", t -> t.admin.apps().update(t.adminCaller, t.apps.get("A").id(),
                        AppUpdate.from(Map.of("PermittedUsersPolicy", "self-authorize"))), "u1/A", "u2/A"),
                row("disabling client credentials", t -> t.admin.apps().update(t.adminCaller, t.apps.get("B").id(),
                        AppUpdate.from(Map.of("ClientCredentialsEnabled", false))), "robot/B cc"),
                row("disabling client credentials of an admin-approved app (the run-as user may still log in)",
                        t -> t.admin.apps().update(t.adminCaller, t.apps.get("C").id(),
                                AppUpdate.from(Map.of("ClientCredentialsEnabled", false))), "svc/C cc"),
                row("giving an admin-approved app another run-as user", t -> t.admin.apps().update(t.adminCaller,
                        t.apps.get("C").id(),
                                AppUpdate.from(Map.of("RunAsUserId", t.users.get("u1").id()))), "svc/C cc"),
                row("removing the run-as user's grant", t -> t.admin.users().unassign(t.adminCaller,
                        t.assignments.get("svc/P3").id()), "svc/C cc", "svc/C"),
                row("changing an app's token lifetime", t -> t.admin.apps().update(t.adminCaller, t.apps.get("A").id(),
                        AppUpdate.from(Map.of("TokenLifetimeSeconds", 600)))),
                row("deleting an app", t -> t.admin.apps().delete(t.adminCaller, t.apps.get("A").id()),
                        "u1/A", "u2/A", "u4/A"),
                row("a token of unknown grant when only one grant's access ends", t -> {
                    t.tokens.put("svc/C ?", t.token(t.users.get("svc"), t.apps.get("C"), null).id());
                    t.admin.apps().update(t.adminCaller, t.apps.get("C").id(),
                            AppUpdate.from(Map.of("ClientCredentialsEnabled", false)));
                }, "svc/C cc", "svc/C ?"));
    }

    private static Arguments row(String change, Consumer<TokenRevocationsTest> act, String... revoked) {
        return Arguments.of(change, act, Set.of(revoked));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void whenAccessChangesThenExactlyTheTokensOfThePairsConcernedAreRevoked(String change,
            Consumer<TokenRevocationsTest> act, Set<String> expected) {
        int auditRows = db.audit.size();

        act.accept(this);

        Set<String> revoked = new TreeSet<>();
        tokens.forEach((pair, id) -> {
            if (db.tokens.get(id).revokedAt() != null) {
                revoked.add(pair);
            }
        });
        assertThat(revoked).isEqualTo(new TreeSet<>(expected));
        int noted = 0;
        for (SetupAuditEntry e : db.audit.subList(auditRows, db.audit.size())) {
            Matcher m = REVOKED_NOTE.matcher(e.display());
            noted += m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
        assertThat(noted).as("revocations noted in the audit rows of the change").isEqualTo(expected.size());
    }

    @Test
    void whenTheCallersOwnAppIsDeletedThenRefusedAndNothingChanges() {
        int auditRows = db.audit.size();

        assertThatThrownBy(() -> admin.apps().delete(adminCaller, apps.get("cli").id()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
                    assertThat(e.getMessage()).contains("cannot delete itself");
                });

        assertThat(db.apps).containsKey(apps.get("cli").id());
        assertThat(db.tokens.get(tokens.get("u1/cli")).revokedAt()).isNull();
        assertThat(db.audit).hasSize(auditRows);
    }

    @Test
    void whenAnAppIsDeletedThenItsChildrenGoAndOneAuditRowNamesIt() {
        admin.apps().delete(adminCaller, apps.get("A").id());

        assertThat(db.apps).doesNotContainKey(apps.get("A").id());
        assertThat(db.grants.values()).noneMatch(g -> g.appId().equals(apps.get("A").id()));
        SetupAuditEntry last = db.audit.get(db.audit.size() - 1);
        assertThat(last.action()).isEqualTo("connectedAppDelete");
        assertThat(last.display()).isEqualTo("Deleted connected app A (3MVG9A); 3 access tokens revoked");
    }

    // ---------------------------------------------------------------------------------------------------- fixtures

    private Profile profile(String name, Set<SystemPermission> permissions) {
        Profile p = new Profile(ids.next(KeyPrefix.PROFILE), orgId, name, permissions, NOW);
        db.profiles.put(p.id(), p);
        return p;
    }

    private User user(String name, Profile profile) {
        User u = new User(ids.next(KeyPrefix.USER), orgId, name + "@acme.test", null, name, name + "@acme.test",
                UserType.STANDARD, true, profile.id(), NOW, NOW);
        db.users.put(u.id(), u);
        users.put(name, u);
        return u;
    }

    private ConnectedApp app(String name, PermittedUsersPolicy policy, boolean clientCredentials, String runAs) {
        ConnectedApp a = new ConnectedApp(ids.next(KeyPrefix.CONNECTED_APP), orgId, name, "3MVG9" + name, null, policy,
                ConnectedApp.DEFAULT_SCOPES, ConnectedApp.DEFAULT_ALGORITHMS,
                ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false, ConnectedApp.DEFAULT_TOKEN_LIFETIME,
                clientCredentials, runAs, NOW, NOW);
        db.apps.put(a.id(), a);
        apps.put(name, a);
        return a;
    }

    private void permissionSet(String name) {
        PermissionSet ps = new PermissionSet(ids.next(KeyPrefix.PERMISSION_SET), orgId, name, name,
                EnumSet.of(SystemPermission.API_ENABLED), NOW);
        db.permissionSets.put(ps.id(), ps);
        sets.put(name, ps);
    }

    private void grant(String set, String app) {
        AppAccessGrant g = new AppAccessGrant(ids.next(KeyPrefix.SETUP_ENTITY_ACCESS), orgId, apps.get(app).id(),
                sets.get(set).id(), NOW);
        db.grants.put(g.id(), g);
        grants.put(set + "/" + app, g);
    }

    private void assign(String user, String set) {
        PermissionSetAssignment a = new PermissionSetAssignment(ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT),
                orgId, users.get(user).id(), sets.get(set).id(), NOW);
        db.assignments.put(a.id(), a);
        assignments.put(user + "/" + set, a);
    }

    private AccessTokenRecord token(User u, ConnectedApp app, String grantType) {
        AccessTokenRecord t = new AccessTokenRecord(ids.next(KeyPrefix.ACCESS_TOKEN), "h" + u.id(), orgId, u.id(),
                app.id(), Set.of("api"), NOW, NOW.plusSeconds(3600), null, grantType);
        db.tokens.put(t.id(), t);
        return t;
    }
}
