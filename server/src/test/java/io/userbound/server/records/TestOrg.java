package io.userbound.server.records;

import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.protocol.KeyPrefix;
import io.userbound.records.data.RecordContext;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One org of a {@link RecordsFixture}, set up directly through the store ports (profiles, permission sets, object and
 * field permissions, roles, sharing settings) as the admin surface would.
 */
final class TestOrg {
    /** The API version of every context. */
    static final int API = 66;
    private static final AtomicInteger NAMES = new AtomicInteger();

    final RecordsFixture f;
    final String orgId;

    TestOrg(RecordsFixture f, String orgId) {
        this.f = f;
        this.orgId = orgId;
    }

    private static String unique(String base) {
        return base + NAMES.incrementAndGet();
    }

    /** A profile with API access and these system permissions. */
    Profile profile(SystemPermission... permissions) {
        EnumSet<SystemPermission> set = EnumSet.of(SystemPermission.API_ENABLED);
        set.addAll(Arrays.asList(permissions));
        Profile p = new Profile(f.ids.next(KeyPrefix.PROFILE), orgId, unique("Profile "), set, f.clock.instant());
        f.store.profiles().insert(p);
        return p;
    }

    User user(String name, Profile profile) {
        User u = new User(f.ids.next(KeyPrefix.USER), orgId, unique(name.toLowerCase(Locale.ROOT)) + "@acme.test",
                name, "Tester", null, UserType.STANDARD, true, profile.id(), f.clock.instant(), f.clock.instant());
        f.store.users().insert(u);
        return u;
    }

    PermissionSet permissionSet(SystemPermission... permissions) {
        PermissionSet ps = new PermissionSet(f.ids.next(KeyPrefix.PERMISSION_SET), orgId, unique("PS_"), "Set",
                EnumSet.copyOf(Arrays.asList(permissions.length == 0 ? new SystemPermission[] {
                    SystemPermission.API_ENABLED} : permissions)), f.clock.instant());
        f.store.permissionSets().insert(ps);
        return ps;
    }

    void assign(User u, PermissionSet ps) {
        f.store.permissionSets().assign(new PermissionSetAssignment(f.ids.next(KeyPrefix.PERMISSION_SET_ASSIGNMENT),
                orgId, u.id(), ps.id(), f.clock.instant()));
    }

    /** Object permissions of a profile or permission set. */
    void objectAccess(String parentId, String object, ObjectAccess access) {
        f.store.access().saveObjectPermission(new ObjectPermissionRow(f.ids.next(KeyPrefix.OBJECT_PERMISSIONS), orgId,
                parentId, object.toLowerCase(Locale.ROOT), access));
    }

    /** Field permissions of a profile or permission set. */
    void fieldAccess(String parentId, String object, String field, FieldAccess access) {
        f.store.access().saveFieldPermission(new FieldPermissionRow(f.ids.next(KeyPrefix.FIELD_PERMISSIONS), orgId,
                parentId, object.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT), access));
    }

    /** A role below {@code parentRoleId} (null for a top role); returns its id. */
    String role(String name, String parentRoleId) {
        Role r = new Role(f.ids.next(KeyPrefix.USER_ROLE), orgId, unique(name), parentRoleId, f.clock.instant());
        f.store.roles().insert(r);
        return r.id();
    }

    void setRole(User u, String roleId) {
        f.store.roles().setRole(u.id(), roleId);
    }

    /** The organization-wide default of a standard object. */
    void sharing(String object, SharingModel model) {
        ObjectDefinition o = f.catalog.find(orgId, object).orElseThrow();
        boolean updated = f.store.metadata().objects(orgId).stream()
                .filter(r -> r.apiName().equalsIgnoreCase(o.name()))
                .map(r -> f.store.metadata().updateSharingModel(r.id(), model, f.clock.instant()))
                .findFirst().orElse(false);
        if (!updated) {
            f.store.metadata().insertObject(new ObjectRow(f.ids.next(KeyPrefix.CUSTOM_OBJECT), orgId, o.name(),
                    o.label(), o.pluralLabel(), o.keyPrefix(), false, model, o.table(), f.clock.instant(),
                    f.clock.instant()));
        }
        f.catalog.invalidate(orgId);
    }

    /**
     * Adds a custom field to an object of this org as {@code admin fields create} does (its column, indexes and
     * {@code field_defs} row). A standard object's table is shared by all orgs, so tests give each field its own name.
     */
    void customField(String object, FieldDefinition.Builder field) {
        ObjectDefinition o = f.catalog.find(orgId, object).orElseThrow();
        FieldDefinition built = field.custom(true).build();
        List<FieldDefinition> fields = new ArrayList<>(o.fields());
        fields.add(built);
        f.store.recordTables().ensure(o.withFields(fields));
        f.store.metadata().insertField(new CustomFieldRow(f.ids.next(KeyPrefix.CUSTOM_FIELD), orgId,
                o.key(), built, f.clock.instant()));
        f.catalog.invalidate(orgId);
    }

    /** Marks a field as tracked in field history. */
    void track(String object, String field) {
        f.store.metadata().track(orgId, object, field, f.clock.instant());
        f.catalog.invalidate(orgId);
    }

    /** The user's context, with an access snapshot loaded now (no cache). */
    RecordContext ctx(User u) {
        return ctx(u, null);
    }

    RecordContext ctx(User u, String consumerKey) {
        return new RecordContext(orgId, u.id(), consumerKey, f.snapshots.load(u), API);
    }

    /** Creates a record as {@code owner} through the record service. */
    String create(User owner, String type, Object... keyValues) {
        return f.records.create(ctx(owner), type, map(keyValues));
    }

    /**
     * A share row made through {@code AccountShare} by a user with full access to the record; it grants the account's
     * opportunities and contacts (and cases) the least their organization-wide defaults allow.
     */
    String shareAccount(User by, String accountId, String principalId, String level) {
        Map<String, Object> body = map("AccountId", accountId, "UserOrGroupId", principalId, "AccountAccessLevel",
                level, "CaseAccessLevel", "None");
        for (String child : List.of("Opportunity", "Contact")) {
            SharingModel model = f.catalog.find(orgId, child).orElseThrow().sharingModel();
            body.put(child + "AccessLevel", model == SharingModel.PUBLIC_READ_WRITE ? "Edit"
                    : model == SharingModel.PUBLIC_READ ? "Read" : "None");
        }
        return f.records.create(ctx(by), "AccountShare", body);
    }

    /** A share row through {@code AccountShare} with every level named. */
    String shareAccount(User by, String accountId, String principalId, String level, String opportunities,
            String contacts) {
        return f.records.create(ctx(by), "AccountShare", map("AccountId", accountId, "UserOrGroupId", principalId,
                "AccountAccessLevel", level, "OpportunityAccessLevel", opportunities, "ContactAccessLevel", contacts,
                "CaseAccessLevel", "None"));
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
