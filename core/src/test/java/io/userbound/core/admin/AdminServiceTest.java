package io.userbound.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.ApiException;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.admin.access.NewPermissionSet;
import io.userbound.core.admin.appaccess.NewAppAccessGrant;
import io.userbound.core.admin.appaccess.NewApproval;
import io.userbound.core.admin.apps.AppUpdate;
import io.userbound.core.admin.apps.NewApp;
import io.userbound.core.admin.apps.NewCertificate;
import io.userbound.core.admin.apps.SecretRotation;
import io.userbound.core.admin.services.AdminServices;
import io.userbound.core.admin.users.NewAssignment;
import io.userbound.core.admin.users.NewUser;
import io.userbound.core.admin.users.UserUpdate;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdminServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-28T18:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RandomIdGenerator ids = new RandomIdGenerator(clock);
    private InMemoryStores db;
    private AdminServices admin;
    private String orgId;
    private Profile sysAdmin;
    private Profile standard;
    private Profile integration;
    private ConnectedApp cliApp;
    private Caller adminCaller;
    private Caller plainCaller;
    private User plainUser;

    @BeforeEach
    void setUp() {
        db = new InMemoryStores();
        admin = AdminServices.of(db.ports(), ids, clock, secret -> "hash(" + secret + ")");
        orgId = ids.next(KeyPrefix.ORGANIZATION);
        sysAdmin = profile(Profile.SYSTEM_ADMINISTRATOR, EnumSet.complementOf(EnumSet.of(
                SystemPermission.API_USER_ONLY)));
        standard = profile(Profile.STANDARD_USER, EnumSet.of(SystemPermission.API_ENABLED));
        integration = profile(Profile.API_ONLY_INTEGRATIONS,
                EnumSet.of(SystemPermission.API_ENABLED, SystemPermission.API_USER_ONLY));
        profile(Profile.AUTOMATED_PROCESS, EnumSet.noneOf(SystemPermission.class));
        cliApp = new ConnectedApp(ids.next(KeyPrefix.CONNECTED_APP), orgId, "Userbound CLI", "3MVG9cli", null,
                PermittedUsersPolicy.ADMIN_APPROVED, ConnectedApp.DEFAULT_SCOPES, ConnectedApp.DEFAULT_ALGORITHMS,
                ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false, ConnectedApp.DEFAULT_TOKEN_LIFETIME, false, null,
                NOW, NOW);
        db.apps.put(cliApp.id(), cliApp);
        User adminUser = user("admin@userbound.local", sysAdmin, UserType.STANDARD);
        plainUser = user("plain@userbound.local", standard, UserType.STANDARD);
        adminCaller = new Caller(token(adminUser), adminUser, sysAdmin.permissions());
        plainCaller = new Caller(token(plainUser), plainUser, standard.permissions());
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void whenAdminCreatesIntegrationUserThenStoredLowerCaseWithDefaultProfileAndOneAuditRow() {
        User u = admin.users().create(adminCaller,
                () -> NewUser.from(Map.of("Username", "ETL@Acme.Test", "LastName", "ETL",
                "UserType", "integration")));

        assertThat(db.users.get(u.id())).isEqualTo(u);
        assertThat(u.username()).isEqualTo("etl@acme.test");
        assertThat(u.email()).isEqualTo("etl@acme.test");
        assertThat(u.type()).isEqualTo(UserType.INTEGRATION);
        assertThat(u.profileId()).isEqualTo(integration.id());
        // an integration user is API only: its profile carries ApiUserOnly, which no interactive login may pass
        assertThat(db.profiles.get(u.profileId()).permissions()).contains(SystemPermission.API_USER_ONLY);
        assertThat(u.active()).isTrue();
        assertThat(db.audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("createdUser");
            assertThat(e.createdById()).isEqualTo(adminCaller.userId());
            assertThat(e.createdByContext()).isEqualTo("3MVG9cli");
            assertThat(e.display()).contains("etl@acme.test");
        });
    }

    static Stream<Arguments> badUserBodies() {
        return Stream.of(
                Arguments.of("missing Username", Map.of("LastName", "X"), RestErrorCode.REQUIRED_FIELD_MISSING,
                        "Username"),
                Arguments.of("missing LastName", Map.of("Username", "a@b.test"), RestErrorCode.REQUIRED_FIELD_MISSING,
                        "LastName"),
                Arguments.of("unknown member", Map.of("Username", "a@b.test", "LastName", "X", "Foo", 1),
                        RestErrorCode.INVALID_FIELD, "Foo"),
                Arguments.of("read-only member", Map.of("Username", "a@b.test", "LastName", "X", "Id", "005"),
                        RestErrorCode.INVALID_FIELD, "Id"),
                Arguments.of("username not email-shaped", Map.of("Username", "nope", "LastName", "X"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Username"),
                Arguments.of("last name of wrong type", Map.of("Username", "a@b.test", "LastName", 7),
                        RestErrorCode.JSON_PARSER_ERROR, "LastName"),
                Arguments.of("last name too long", Map.of("Username", "a@b.test", "LastName", "x".repeat(81)),
                        RestErrorCode.STRING_TOO_LONG, "LastName"),
                Arguments.of("automated-process type", Map.of("Username", "a@b.test", "LastName", "X", "UserType",
                        "automated-process"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "UserType"),
                Arguments.of("unknown type", Map.of("Username", "a@b.test", "LastName", "X", "UserType", "robot"),
                        RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "UserType"),
                Arguments.of("malformed profile id", Map.of("Username", "a@b.test", "LastName", "X", "ProfileId",
                        "00e!"), RestErrorCode.MALFORMED_ID, "ProfileId"),
                Arguments.of("duplicate username", Map.of("Username", "PLAIN@userbound.local", "LastName", "X"),
                        RestErrorCode.DUPLICATE_VALUE, "Username"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUserBodies")
    void whenUserBodyInvalidThenErrorNamesFieldAndNothingWritten(String name, Map<String, Object> body,
            RestErrorCode code, String field) {
        int users = db.users.size();

        assertThatThrownBy(() -> admin.users().create(adminCaller,
                () -> NewUser.from(body))).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.fields()).containsExactly(field);
                    assertThat(e.getMessage()).contains(field);
                });
        assertThat(db.users).hasSize(users);
        assertThat(db.audit).isEmpty();
    }

    @Test
    void whenIntegrationUserGetsNonApiOnlyProfileThenFieldIntegrity() {
        Map<String, Object> body = Map.of("Username", "i@b.test", "LastName", "X", "UserType", "CloudIntegrationUser",
                "ProfileId", standard.id());

        assertThatThrownBy(() -> admin.users().create(adminCaller, () -> NewUser.from(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION));
    }

    @Test
    void whenIntegrationUserIsMovedToAnInteractiveProfileThenFieldIntegrityAndProfileKept() {
        User u = admin.users().create(adminCaller,
                () -> NewUser.from(Map.of("Username", "i@b.test", "LastName", "X", "UserType",
                "integration")));
        db.audit.clear();

        assertThatThrownBy(() -> admin.users().update(adminCaller, u.id(),
                UserUpdate.from(Map.of("ProfileId", standard.id()))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
                    assertThat(e.getMessage()).contains("API-only");
                });
        assertThat(db.users.get(u.id()).profileId()).isEqualTo(integration.id());
        assertThat(db.audit).isEmpty();
    }

    @Test
    void whenProfileIdNamesAUserThenInvalidCrossReference() {
        Map<String, Object> body = Map.of("Username", "i@b.test", "LastName", "X", "ProfileId", plainUser.id());

        assertThatThrownBy(() -> admin.users().create(adminCaller, () -> NewUser.from(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.INVALID_CROSS_REFERENCE_KEY));
    }

    @Test
    void whenAuditWriteFailsThenUserInsertIsRolledBack() {
        db.failNextAudit = new IllegalStateException("disk full");

        assertThatThrownBy(() -> admin.users().create(adminCaller,
                () -> NewUser.from(Map.of("Username", "x@b.test", "LastName", "X"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(db.users.values()).extracting(User::username).doesNotContain("x@b.test");
    }

    static Stream<Arguments> refusedToPlainUser() {
        return Stream.<Arguments>of(
                Arguments.of("create user", (Consumer<Ctx>) c -> c.admin.users().create(c.caller,
                        () -> NewUser.from(Map.of("Username", "z@b.test", "LastName", "Z")))),
                Arguments.of("read other user", (Consumer<Ctx>) c -> c.admin.users().get(c.caller, c.otherUserId)),
                Arguments.of("edit user", (Consumer<Ctx>) c -> c.admin.users().update(c.caller, c.otherUserId,
                        UserUpdate.from(Map.of("IsActive", false)))),
                Arguments.of("read profile", (Consumer<Ctx>) c -> c.admin.access().getProfile(c.caller, c.profileId)),
                Arguments.of("create permission set", (Consumer<Ctx>) c -> c.admin.access().createPermissionSet(c.caller,
                        () -> NewPermissionSet.from(Map.of("Name", "X")))),
                Arguments.of("create app", (Consumer<Ctx>) c -> c.admin.apps().create(c.caller,
                        NewApp.from(Map.of("Name", "X")))),
                Arguments.of("read app", (Consumer<Ctx>) c -> c.admin.apps().get(c.caller, c.appId)),
                Arguments.of("read setup audit", (Consumer<Ctx>) c -> c.admin.audit().listSetupAudit(c.caller, null)),
                Arguments.of("approve for another", (Consumer<Ctx>) c -> c.admin.appAccess().approve(c.caller, c.appId,
                        NewApproval.from(Map.of("UserId", c.otherUserId)))),
                Arguments.of("rotate secret", (Consumer<Ctx>) c -> c.admin.credentials().rotateSecret(c.caller, c.appId,
                        SecretRotation.from(Map.of()))),
                Arguments.of("revoke secret", (Consumer<Ctx>) c -> c.admin.credentials().revokeSecret(c.caller, c.appId)));
    }

    record Ctx(AdminServices admin, Caller caller, String otherUserId, String profileId, String appId) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedToPlainUser")
    void whenCallerLacksPermissionThenInsufficientAccessAndNothingWritten(String name, Consumer<Ctx> call) {
        int users = db.users.size();
        Ctx ctx = new Ctx(admin, plainCaller, adminCaller.userId(), standard.id(), cliApp.id());

        assertThatThrownBy(() -> call.accept(ctx)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(RestErrorCode.INSUFFICIENT_ACCESS));
        assertThat(db.users).hasSize(users);
        assertThat(db.audit).isEmpty();
        assertThat(db.users.get(adminCaller.userId()).active()).isTrue();
    }

    @Test
    void whenPlainUserReadsOwnRecordThenAllowedWithFifteenCharId() {
        User me = admin.users().get(plainCaller, SalesforceId.to15(plainUser.id()));

        assertThat(me.id()).isEqualTo(plainUser.id());
    }

    @Test
    void whenAdminDeactivatesUserThenStoredAndAudited() {
        admin.users().update(adminCaller, plainUser.id(),
                UserUpdate.from(Map.of("IsActive", false, "ProfileId", integration.id())));

        assertThat(db.users.get(plainUser.id()).active()).isFalse();
        assertThat(db.users.get(plainUser.id()).profileId()).isEqualTo(integration.id());
        assertThat(db.audit).singleElement().extracting(SetupAuditEntry::action).isEqualTo("deactivateduser");
    }

    @Test
    void whenAdminDeactivatesSelfThenRefused() {
        assertThatThrownBy(() -> admin.users().update(adminCaller, adminCaller.userId(),
                UserUpdate.from(Map.of("IsActive", false))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION));
        assertThat(db.users.get(adminCaller.userId()).active()).isTrue();
    }

    @Test
    void whenUserIdHasOtherPrefixThenNotFoundAndMalformedIdIsMalformedId() {
        assertThatThrownBy(() -> admin.users().get(adminCaller, standard.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> admin.users().get(adminCaller, "005-nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.MALFORMED_ID));
    }

    // ------------------------------------------------------------------------------------------------ permission sets

    @Test
    void whenPermissionSetCreatedAndAssignedThenBothAuditedAndDuplicateRefused() {
        var ps = admin.access().createPermissionSet(adminCaller,
                () -> NewPermissionSet.from(Map.of("Name", "Etl_Api", "PermissionsApiEnabled", true,
                "PermissionsViewSetup", false)));
        var a = admin.users().assign(adminCaller,
                NewAssignment.from(Map.of("AssigneeId", plainUser.id(), "PermissionSetId",
                ps.id())));

        assertThat(ps.label()).isEqualTo("Etl_Api");
        assertThat(ps.permissions()).containsExactly(SystemPermission.API_ENABLED);
        assertThat(db.assignments).containsKey(a.id());
        assertThat(db.audit).extracting(SetupAuditEntry::action).containsExactly("PermSetCreate", "PermSetAssign");
        assertThatThrownBy(() -> admin.users().assign(adminCaller,
                NewAssignment.from(Map.of("AssigneeId", plainUser.id(),
                "PermissionSetId", ps.id())))).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(RestErrorCode.DUPLICATE_VALUE));
        assertThatThrownBy(() -> admin.access().createPermissionSet(adminCaller,
                () -> NewPermissionSet.from(Map.of("Name", "etl_api"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.DUPLICATE_VALUE));

        admin.users().unassign(adminCaller, a.id());
        assertThat(db.assignments).isEmpty();
        assertThat(db.audit).hasSize(3);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1abc", "a-b", "a__b", "ab_", "with space"})
    void whenPermissionSetNameNotAnApiNameThenFieldIntegrity(String name) {
        assertThatThrownBy(() -> admin.access().createPermissionSet(adminCaller,
                () -> NewPermissionSet.from(Map.of("Name", name))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
                    assertThat(e.fields()).containsExactly("Name");
                });
        assertThat(db.permissionSets).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ apps

    @Test
    void whenAppCreatedWithCertificateThenSecretShownOnceAndOnlyHashStored() {
        CreatedApp created = admin.apps().create(adminCaller, NewApp.from(Map.of("Name", "Nightly ETL", "Certificate",
                pem("rsa2048.pem"), "Scopes", List.of("api", "id"))));

        assertThat(created.consumerSecret()).matches("[0-9A-F]{64}");
        assertThat(created.app().consumerKey()).startsWith("3MVG9").hasSize(85);
        assertThat(db.apps.get(created.app().id()).consumerSecretHash())
                .isEqualTo("hash(" + created.consumerSecret() + ")");
        assertThat(created.app().scopes()).containsExactlyInAnyOrder("api", "id");
        assertThat(created.app().policy()).isEqualTo(PermittedUsersPolicy.ADMIN_APPROVED);
        assertThat(created.certificates()).singleElement().satisfies(c -> {
            assertThat(c.thumbprint()).matches("[0-9a-f]{64}");
            assertThat(c.subject()).isEqualTo("CN=rsa2048");
        });
        assertThat(db.certificates).hasSize(1);
        assertThat(db.audit).singleElement().extracting(SetupAuditEntry::action).isEqualTo("connectedAppCreate");
    }

    static Stream<Arguments> certificates() {
        return Stream.of(
                Arguments.of("rsa2048.pem", null),
                Arguments.of("ecp256.pem", null),
                Arguments.of("rsa1024.pem", RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of("ecp384.pem", RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of("expired.pem", RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of("garbage", RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of("bad-base64", RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of("empty", RestErrorCode.REQUIRED_FIELD_MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificates")
    void whenCertificateUploadedThenAcceptedOrRefusedByRule(String file, RestErrorCode expected) {
        String pem = switch (file) {
            case "garbage" -> "hello";
            case "bad-base64" -> "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
            case "empty" -> "";
            default -> pem(file);
        };
        Map<String, Object> body = new HashMap<>();
        body.put("Certificate", pem);
        if (expected == null) {
            AppCertificate c = admin.credentials().addCertificate(adminCaller, cliApp.id(), NewCertificate.from(body));
            assertThat(db.certificates).containsKey(c.id());
            assertThat(db.audit).hasSize(1);
        } else {
            assertThatThrownBy(() -> admin.credentials().addCertificate(adminCaller, cliApp.id(),
                    NewCertificate.from(body)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(expected);
                        assertThat(e.fields()).containsExactly("Certificate");
                    });
            assertThat(db.certificates).isEmpty();
            assertThat(db.audit).isEmpty();
        }
    }

    @Test
    void whenSameCertificateUploadedTwiceThenDuplicateAndRemovalWorksByThumbprint() {
        AppCertificate c = admin.credentials().addCertificate(adminCaller, cliApp.id(),
                NewCertificate.from(Map.of("Certificate", pem("ecp256.pem"))));

        assertThatThrownBy(() -> admin.credentials().addCertificate(adminCaller, cliApp.id(),
                NewCertificate.from(Map.of("Certificate", pem("ecp256.pem"))))).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(RestErrorCode.DUPLICATE_VALUE));

        admin.credentials().removeCertificate(adminCaller, cliApp.id(), c.thumbprint().toUpperCase());
        assertThat(db.certificates).isEmpty();
        assertThatThrownBy(() -> admin.credentials().removeCertificate(adminCaller, cliApp.id(), c.thumbprint()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.NOT_FOUND));
    }

    @Test
    void whenAccessGrantedToProfileThenGrantStoredAndSecondGrantDuplicate() {
        var g = admin.appAccess().grant(adminCaller,
                NewAppAccessGrant.from(Map.of("ParentId", standard.id(), "SetupEntityId", cliApp.id())));

        assertThat(db.grants).containsKey(g.id());
        assertThatThrownBy(() -> admin.appAccess().grant(adminCaller,
                NewAppAccessGrant.from(Map.of("ParentId", standard.id(),
                "SetupEntityId", cliApp.id())))).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(RestErrorCode.DUPLICATE_VALUE));
        assertThatThrownBy(() -> admin.appAccess().grant(adminCaller,
                NewAppAccessGrant.from(Map.of("ParentId", plainUser.id(),
                "SetupEntityId", cliApp.id())))).isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(RestErrorCode.INVALID_CROSS_REFERENCE_KEY));

        admin.appAccess().revoke(adminCaller, g.id());
        assertThat(db.grants).isEmpty();
    }

    @Test
    void whenAppIsAdminApprovedThenApprovalRefusedAndSelfAuthorizeAllowsSelfApproval() {
        assertThatThrownBy(() -> admin.appAccess().approve(plainCaller, cliApp.id(), NewApproval.from(Map.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.FIELD_INTEGRITY_EXCEPTION));

        admin.apps().update(adminCaller, cliApp.id(),
                AppUpdate.from(Map.of("PermittedUsersPolicy", "AllSelfAuthorized")));
        var approval = admin.appAccess().approve(plainCaller, cliApp.id(), NewApproval.from(Map.of()));

        assertThat(approval.userId()).isEqualTo(plainUser.id());
        assertThat(approval.scopes()).isEqualTo(cliApp.scopes());
        assertThat(db.approvals).hasSize(1);
        admin.appAccess().revokeApproval(plainCaller, cliApp.id(), plainUser.id());
        assertThat(db.approvals).isEmpty();
    }

    @Test
    void whenPolicyValueUnknownThenFieldIntegrity() {
        assertThatThrownBy(() -> admin.apps().update(adminCaller, cliApp.id(),
                AppUpdate.from(Map.of("PermittedUsersPolicy", "open"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.fields())
                        .containsExactly("PermittedUsersPolicy"));
        assertThat(db.apps.get(cliApp.id()).policy()).isEqualTo(PermittedUsersPolicy.ADMIN_APPROVED);
    }

    @Test
    void whenClientCredentialsEnabledWithRunAsUserThenStoredAndAuditedOnce() {
        admin.apps().update(adminCaller, cliApp.id(),
                AppUpdate.from(Map.of("ClientCredentialsEnabled", true, "RunAsUserId",
                plainUser.id(), "JtiRequired", true, "AssertionMaxLifetimeSeconds", 3600, "AllowedAlgorithms",
                List.of("RS256", "ES256"))));

        ConnectedApp app = db.apps.get(cliApp.id());
        assertThat(app.clientCredentialsEnabled()).isTrue();
        assertThat(app.runAsUserId()).isEqualTo(plainUser.id());
        assertThat(app.jtiRequired()).isTrue();
        assertThat(app.assertionMaxLifetime()).hasSeconds(3600);
        assertThat(app.allowedAlgorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(db.audit).singleElement().satisfies(e -> assertThat(e.display()).contains("run-as user set to"));
    }

    @Test
    void whenTokenLifetimeSetThenStoredAndAudited() {
        admin.apps().update(adminCaller, cliApp.id(), AppUpdate.from(Map.of("TokenLifetimeSeconds", 900)));

        assertThat(db.apps.get(cliApp.id()).tokenLifetime()).hasSeconds(900);
        assertThat(db.audit).singleElement()
                .satisfies(e -> assertThat(e.display()).contains("token lifetime set to 900 s"));
    }

    static Stream<Arguments> badAppSettings() {
        return Stream.of(
                Arguments.of(Map.of("ClientCredentialsEnabled", true), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "RunAsUserId"),
                Arguments.of(Map.of("AllowedAlgorithms", List.of("HS256")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "AllowedAlgorithms"),
                Arguments.of(Map.of("AllowedAlgorithms", List.of("none")), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "AllowedAlgorithms"),
                Arguments.of(Map.of("AssertionMaxLifetimeSeconds", 7200), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "AssertionMaxLifetimeSeconds"),
                Arguments.of(Map.of("AssertionMaxLifetimeSeconds", 1.5), RestErrorCode.JSON_PARSER_ERROR,
                        "AssertionMaxLifetimeSeconds"),
                Arguments.of(Map.of("JtiRequired", "yes"), RestErrorCode.JSON_PARSER_ERROR, "JtiRequired"),
                Arguments.of(Map.of("TokenLifetimeSeconds", 60), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "TokenLifetimeSeconds"),
                Arguments.of(Map.of("TokenLifetimeSeconds", 86_401), RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "TokenLifetimeSeconds"),
                Arguments.of(Map.of("Name", "renamed"), RestErrorCode.INVALID_FIELD, "Name"));
    }

    @ParameterizedTest
    @MethodSource("badAppSettings")
    void whenAppSettingInvalidThenRefusedAndAppUnchanged(Map<String, Object> body, RestErrorCode code,
            String field) {
        assertThatThrownBy(() -> admin.apps().update(adminCaller, cliApp.id(), AppUpdate.from(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.fields()).containsExactly(field);
                });
        assertThat(db.apps.get(cliApp.id())).isEqualTo(cliApp);
        assertThat(db.audit).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ secrets

    private ConnectedApp appWithSecret() {
        return admin.apps().create(adminCaller,
                NewApp.from(Map.of("Name", "Rotating " + ids.next(KeyPrefix.CONNECTED_APP)))).app();
    }

    @Test
    void whenSecretRotatedThenNewSecretShownOncePreviousKeptForTheDefaultOverlapAndOneAuditRow() {
        ConnectedApp before = appWithSecret();
        db.audit.clear();

        RotatedSecret rotated = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of()));

        assertThat(rotated.consumerSecret()).matches("[0-9A-F]{64}");
        assertThat(rotated.previousSecretExpires()).isEqualTo(NOW.plusSeconds(24 * 3600));
        ConnectedApp stored = db.apps.get(before.id());
        assertThat(stored.consumerSecretHash()).isEqualTo("hash(" + rotated.consumerSecret() + ")");
        assertThat(stored.previousSecretHash()).isEqualTo(before.consumerSecretHash());
        assertThat(stored.previousSecretExpires()).isEqualTo(NOW.plusSeconds(24 * 3600));
        assertThat(stored.previousSecretValidAt(NOW.plusSeconds(24 * 3600 - 1))).isTrue();
        assertThat(stored.previousSecretValidAt(NOW.plusSeconds(24 * 3600))).isFalse();
        assertThat(rotated.app()).isEqualTo(stored);
        assertThat(stored.withSecrets(before.consumerSecretHash(), null, null, before.lastModifiedDate()))
                .isEqualTo(before);
        assertThat(db.audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("connectedAppSecretRotate");
            assertThat(e.display()).contains("the previous secret works until " + NOW.plusSeconds(24 * 3600));
            assertThat(e.display()).doesNotContain(rotated.consumerSecret());
        });
        assertThat(rotated.toString()).doesNotContain(rotated.consumerSecret());
    }

    @Test
    void whenRotatedWithZeroOverlapThenPreviousSecretStopsAtOnce() {
        ConnectedApp before = appWithSecret();

        RotatedSecret rotated = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of("OverlapSeconds", 0)));

        assertThat(rotated.previousSecretExpires()).isNull();
        assertThat(db.apps.get(before.id()).previousSecretHash()).isNull();
        assertThat(db.audit).last().extracting(SetupAuditEntry::display).asString()
                .contains("stopped working at once");
    }

    @Test
    void whenRotatedTwiceThenOnlyTheLastReplacedSecretIsKept() {
        ConnectedApp before = appWithSecret();
        RotatedSecret first = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of("OverlapSeconds", 600)));

        RotatedSecret second = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of("OverlapSeconds", 60)));

        ConnectedApp stored = db.apps.get(before.id());
        assertThat(stored.consumerSecretHash()).isEqualTo("hash(" + second.consumerSecret() + ")");
        assertThat(stored.previousSecretHash()).isEqualTo("hash(" + first.consumerSecret() + ")");
        assertThat(stored.previousSecretExpires()).isEqualTo(NOW.plusSeconds(60));
        assertThat(db.audit).last().extracting(SetupAuditEntry::display).asString().contains("was dropped");
    }

    @Test
    void whenAppHadNoSecretThenRotationGivesItOneWithoutPrevious() {
        RotatedSecret rotated = admin.credentials().rotateSecret(adminCaller, cliApp.id(),
                SecretRotation.from(Map.of()));

        assertThat(rotated.previousSecretExpires()).isNull();
        assertThat(db.apps.get(cliApp.id()).consumerSecretHash()).isEqualTo("hash(" + rotated.consumerSecret() + ")");
        assertThat(db.apps.get(cliApp.id()).previousSecretHash()).isNull();
    }

    static Stream<Arguments> badRotations() {
        return Stream.of(
                Arguments.of(Map.of("OverlapSeconds", -1), RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of(Map.of("OverlapSeconds", 7 * 24 * 3600 + 1), RestErrorCode.FIELD_INTEGRITY_EXCEPTION),
                Arguments.of(Map.of("OverlapSeconds", "86400"), RestErrorCode.JSON_PARSER_ERROR),
                Arguments.of(Map.of("OverlapSeconds", 1.5), RestErrorCode.JSON_PARSER_ERROR),
                Arguments.of(java.util.Collections.singletonMap("OverlapSeconds", null),
                        RestErrorCode.REQUIRED_FIELD_MISSING),
                Arguments.of(Map.of("Overlap", 60), RestErrorCode.INVALID_FIELD));
    }

    @ParameterizedTest
    @MethodSource("badRotations")
    void whenRotationBodyInvalidThenRefusedAndSecretsUnchanged(Map<String, Object> body, RestErrorCode code) {
        ConnectedApp before = appWithSecret();
        db.audit.clear();

        assertThatThrownBy(() -> admin.credentials().rotateSecret(adminCaller, before.id(), SecretRotation.from(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(db.apps.get(before.id())).isEqualTo(before);
        assertThat(db.audit).isEmpty();
    }

    @Test
    void whenPreviousSecretRevokedThenDroppedAtOnceAuditedAndASecondRevokeChangesNothing() {
        ConnectedApp before = appWithSecret();
        RotatedSecret rotated = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of()));
        db.audit.clear();

        assertThat(admin.credentials().revokeSecret(adminCaller, before.id())).isTrue();

        ConnectedApp stored = db.apps.get(before.id());
        assertThat(stored.previousSecretHash()).isNull();
        assertThat(stored.previousSecretExpires()).isNull();
        assertThat(stored.consumerSecretHash()).isEqualTo("hash(" + rotated.consumerSecret() + ")");
        assertThat(db.audit).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("connectedAppSecretRevoke");
            assertThat(e.display()).contains("previous consumer secret revoked");
        });

        assertThat(admin.credentials().revokeSecret(adminCaller, before.id())).isFalse();
        assertThat(db.audit).hasSize(1);
    }

    @Test
    void whenAnotherRotationWinsTheRaceThenRetriedAndBothNewSecretsAreAccountedFor() {
        ConnectedApp before = appWithSecret();
        db.audit.clear();
        db.secretConflicts = io.userbound.core.admin.apps.AppCredentialAdmin.SECRET_CHANGE_ATTEMPTS - 1;

        RotatedSecret rotated = admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of()));

        assertThat(db.apps.get(before.id()).consumerSecretHash()).isEqualTo("hash(" + rotated.consumerSecret() + ")");
        assertThat(db.audit).hasSize(1);
    }

    @Test
    void whenSecretsKeepChangingConcurrentlyThenInvalidOperationAndNothingWritten() {
        ConnectedApp before = appWithSecret();
        db.audit.clear();
        db.secretConflicts = io.userbound.core.admin.apps.AppCredentialAdmin.SECRET_CHANGE_ATTEMPTS;

        assertThatThrownBy(() -> admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of())))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo(RestErrorCode.INVALID_OPERATION));
        assertThat(db.apps.get(before.id())).isEqualTo(before);
        assertThat(db.audit).isEmpty();
    }

    @Test
    void whenAuditWriteFailsThenRotationIsRolledBack() {
        ConnectedApp before = appWithSecret();
        db.failNextAudit = new IllegalStateException("disk full");

        assertThatThrownBy(() -> admin.credentials().rotateSecret(adminCaller, before.id(),
                SecretRotation.from(Map.of())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(db.apps.get(before.id())).isEqualTo(before);
    }

    @Test
    void whenSettingsChangedAfterRotationThenSecretsSurvive() {
        ConnectedApp before = appWithSecret();
        admin.credentials().rotateSecret(adminCaller, before.id(), SecretRotation.from(Map.of()));
        ConnectedApp rotated = db.apps.get(before.id());

        admin.apps().update(adminCaller, before.id(), AppUpdate.from(Map.of("JtiRequired", true)));

        ConnectedApp after = db.apps.get(before.id());
        assertThat(after.jtiRequired()).isTrue();
        assertThat(after.consumerSecretHash()).isEqualTo(rotated.consumerSecretHash());
        assertThat(after.previousSecretHash()).isEqualTo(rotated.previousSecretHash());
        assertThat(after.previousSecretExpires()).isEqualTo(rotated.previousSecretExpires());
    }

    // ------------------------------------------------------------------------------------------------ audit reads

    @Test
    void whenPlainUserListsLoginHistoryThenOnlyOwnRows() {
        db.loginHistory.add(login(plainUser));
        db.loginHistory.add(login(db.users.get(adminCaller.userId())));

        assertThat(admin.audit().listLoginHistory(plainCaller, null, null)).extracting(LoginHistoryEntry::userId)
                .containsExactly(plainUser.id());
        assertThat(admin.audit().listLoginHistory(adminCaller, null, "10")).hasSize(2);
        assertThatThrownBy(() -> admin.audit().listLoginHistory(plainCaller, "admin@userbound.local", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(RestErrorCode.INSUFFICIENT_ACCESS));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "2001", "abc", "-1"})
    void whenLimitOutOfRangeThenFieldIntegrity(String limit) {
        assertThatThrownBy(() -> admin.audit().listSetupAudit(adminCaller, limit))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.fields()).containsExactly("limit"));
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private Profile profile(String name, Set<SystemPermission> permissions) {
        Profile p = new Profile(ids.next(KeyPrefix.PROFILE), orgId, name, permissions, NOW);
        db.profiles.put(p.id(), p);
        return p;
    }

    private User user(String username, Profile profile, UserType type) {
        User u = new User(ids.next(KeyPrefix.USER), orgId, username, null, "Last", username, type, true,
                profile.id(), NOW, NOW);
        db.users.put(u.id(), u);
        return u;
    }

    private AccessTokenRecord token(User u) {
        return new AccessTokenRecord(ids.next(KeyPrefix.ACCESS_TOKEN), "h" + u.id(), orgId, u.id(), cliApp.id(),
                Set.of("api"), NOW, NOW.plusSeconds(3600), null);
    }

    private LoginHistoryEntry login(User u) {
        return new LoginHistoryEntry(ids.next(KeyPrefix.LOGIN_HISTORY), orgId, u.id(), u.username(), cliApp.id(),
                cliApp.name(), cliApp.consumerKey(), null, "127.0.0.1", null, LoginHistoryEntry.REMOTE_ACCESS,
                "JWT Bearer", null, LoginReason.SUCCESS, null, NOW);
    }

    private static String pem(String file) {
        try (InputStream in = AdminServiceTest.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
