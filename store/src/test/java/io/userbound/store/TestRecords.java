package io.userbound.store;

import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.Approval;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.Org;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Builders of valid records with fresh ids and millisecond times, so tests sharing one database never collide. */
final class TestRecords {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final IdGenerator IDS = new RandomIdGenerator(Clock.systemUTC());

    private TestRecords() {
    }

    static String id(KeyPrefix prefix) {
        return IDS.next(prefix);
    }

    /** A fresh id with any three-character key prefix, such as a custom object's {@code a00}. */
    static String id(String prefix) {
        return IDS.next(prefix);
    }

    static String unique(String base) {
        return base + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    static String hex64() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Org org() {
        return new Org(id(KeyPrefix.ORGANIZATION), unique("Acme"), "UB1", T0);
    }

    static Profile profile(Org org, SystemPermission... permissions) {
        return new Profile(id(KeyPrefix.PROFILE), org.id(), unique("Profile"), Set.of(permissions), T0);
    }

    static User user(Org org, Profile profile) {
        return new User(id(KeyPrefix.USER), org.id(), unique("user") + "@example.com", "Ada", "Lovelace",
                "ada@example.com", UserType.STANDARD, true, profile.id(), T0, T0);
    }

    static PermissionSet permissionSet(Org org, SystemPermission... permissions) {
        return new PermissionSet(id(KeyPrefix.PERMISSION_SET), org.id(), unique("PS").replace('-', '_'),
                "A label", Set.of(permissions), T0);
    }

    static PermissionSetAssignment assignment(Org org, User user, PermissionSet ps) {
        return new PermissionSetAssignment(id(KeyPrefix.PERMISSION_SET_ASSIGNMENT), org.id(), user.id(), ps.id(), T0);
    }

    static ConnectedApp app(Org org) {
        return new ConnectedApp(id(KeyPrefix.CONNECTED_APP), org.id(), unique("App"), unique("3MVG9key"),
                "hash:" + hex64(), PermittedUsersPolicy.ADMIN_APPROVED, Set.of("api", "web"), Set.of("RS256", "ES256"),
                Duration.ofMinutes(10), true, Duration.ofHours(2), false, null, T0, T0);
    }

    static AppCertificate certificate(ConnectedApp app, boolean active) {
        return new AppCertificate(id(KeyPrefix.CERTIFICATE), app.id(), hex64(), "CN=test", T0,
                T0.plus(Duration.ofDays(365)), active, null, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                T0);
    }

    static AppAccessGrant grant(Org org, ConnectedApp app, String parentId) {
        return new AppAccessGrant(id(KeyPrefix.SETUP_ENTITY_ACCESS), org.id(), app.id(), parentId, T0);
    }

    static Approval approval(Org org, ConnectedApp app, User user) {
        return new Approval(id(KeyPrefix.OAUTH_APPROVAL), org.id(), app.id(), user.id(), Set.of("api"), T0);
    }

    static AccessTokenRecord token(Org org, User user, ConnectedApp app, Instant expiresAt) {
        return new AccessTokenRecord(id(KeyPrefix.ACCESS_TOKEN), hex64(), org.id(), user.id(), app.id(),
                Set.of("api", "web"), T0, expiresAt, null);
    }

    static LoginHistoryEntry login(Org org, User user, ConnectedApp app, LoginReason reason, Instant at) {
        return new LoginHistoryEntry(id(KeyPrefix.LOGIN_HISTORY), org.id(), user == null ? null : user.id(),
                user == null ? "nobody@example.com" : user.username(), app.id(), app.name(), app.consumerKey(),
                hex64(), "127.0.0.1", "https://login.example.com/services/oauth2/token",
                LoginHistoryEntry.REMOTE_ACCESS, "JWT Bearer", "test-agent/1.0", reason,
                reason == LoginReason.SUCCESS ? null : "detail", at);
    }

    static SetupAuditEntry audit(Org org, String createdById, Instant at) {
        return new SetupAuditEntry(id(KeyPrefix.SETUP_AUDIT_TRAIL), org.id(), "createdUser", "Manage Users",
                "Created user x", createdById, "3MVGcli", at);
    }
}
