package io.userbound.records.admin;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.access.FieldAccess;
import io.userbound.records.access.ObjectAccess;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectCatalog;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.ObjectRow;
import io.userbound.records.port.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The admin rules of the record API ({@code docs/admin-api.md}, "Objects, fields, access and roles"): custom objects
 * and fields, organization-wide defaults, field history tracking, permission sets' object and field permissions,
 * roles and users' roles. Framework-free: the HTTP layer turns JSON into the {@code Map} bodies taken here.
 *
 * <p>Objects, fields, sharing and tracking need {@code CustomizeApplication}; object and field access, roles and
 * users' roles need {@code ManageUsers}. Every change writes one {@code SetupAuditTrail} row in the transaction of the
 * change; record-table DDL runs before that transaction (it may commit on its own and is idempotent, so a failed
 * metadata write leaves only an unused column or table). Every refusal is an {@link ApiException} with a Salesforce
 * error code and a message naming the problem. After a change the org's {@link ObjectCatalog} entry or every
 * {@link AccessSnapshots} entry is dropped, so the change is visible on this node at once.
 */
public final class RecordsAdmin {
    /** Salesforce's limit of tracked fields per object. */
    public static final int MAX_TRACKED_FIELDS = 20;
    /** The most custom fields one object may have. */
    public static final int MAX_CUSTOM_FIELDS = 500;
    /** Characters of a custom API name before {@code __c}. */
    public static final int MAX_NAME_STEM = 40;
    public static final int MAX_LABEL = 40;
    public static final int MAX_ROLE_NAME = 80;
    public static final int MAX_TEXT_LENGTH = 255;
    public static final int MIN_LONG_TEXT_LENGTH = 256;
    public static final int MAX_LONG_TEXT_LENGTH = 131_072;
    public static final int MAX_PRECISION = 18;
    public static final int MAX_PICKLIST_VALUES = 1000;

    static final String SECTION_CUSTOM_OBJECTS = "Custom Objects";
    static final String SECTION_SHARING = "Sharing Defaults";
    static final String SECTION_USERS = "Manage Users";

    private static final Pattern CUSTOM_NAME = Pattern.compile("^[A-Za-z](?:[A-Za-z0-9]|_(?![_]))*(?<!_)__c$");
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");
    private static final String PREFIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int KEY_PREFIX_ATTEMPTS = 5;

    private static final List<String> OBJECT_FIELDS = List.of("Name", "Label", "PluralLabel", "SharingModel");
    private static final List<String> SHARING_FIELDS = List.of("SharingModel");
    private static final List<String> FIELD_FIELDS = List.of("Name", "Type", "Label", "Required", "Unique",
            "DefaultValue", "Length", "Precision", "Scale", "PicklistValues", "ReferenceTo");
    private static final List<String> TRACKING_FIELDS = List.of("TrackHistory");
    private static final List<String> OBJECT_ACCESS_FIELDS = List.of("PermissionsRead", "PermissionsCreate",
            "PermissionsEdit", "PermissionsDelete", "PermissionsViewAllRecords", "PermissionsModifyAllRecords");
    private static final List<String> FIELD_ACCESS_FIELDS = List.of("PermissionsRead", "PermissionsEdit");
    private static final List<String> ROLE_FIELDS = List.of("Name", "ParentRoleName");
    private static final List<String> USER_ROLE_FIELDS = List.of("RoleName");

    private final RecordsAdminPorts ports;
    private final ObjectCatalog catalog;
    private final AccessSnapshots snapshots;
    private final IdGenerator ids;
    private final Clock clock;

    /**
     * @param catalog dropped for the org after a metadata change
     * @param snapshots dropped after an access or role change
     */
    public RecordsAdmin(RecordsAdminPorts ports, ObjectCatalog catalog, AccessSnapshots snapshots, IdGenerator ids,
            Clock clock) {
        this.ports = ports;
        this.catalog = catalog;
        this.snapshots = snapshots;
        this.ids = ids;
        this.clock = clock;
    }

    /** A permission set's object permissions after {@link #setObjectAccess}, with the names they concern. */
    public record ObjectAccessGrant(PermissionSet permissionSet, ObjectDefinition object, ObjectPermissionRow row) {
    }

    /** A permission set's field permissions after {@link #setFieldAccess}, with the names they concern. */
    public record FieldAccessGrant(PermissionSet permissionSet, ObjectDefinition object, FieldDefinition field,
            FieldPermissionRow row) {
    }

    /** A user's role after {@link #setUserRole}: {@code role} is null when the user has none. */
    public record UserRole(User user, Role role) {
    }

    // ------------------------------------------------------------------------------------------------ objects

    /**
     * Creates a custom object from {@code Name} ({@code Invoice__c}), {@code Label}, {@code PluralLabel} (default:
     * the label and "s") and {@code SharingModel} (default {@code public-read-write}); its key prefix is the first
     * free one of {@code a00, a01, ..., a0z, a10, ...}.
     */
    public ObjectDefinition createObject(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "create custom objects");
        Fields b = Fields.readRequest("custom object", body, OBJECT_FIELDS);
        String name = customName("Name", b.requiredString("Name"), RestErrorCode.FIELD_INTEGRITY_EXCEPTION);
        String label = maxLength("Label", b.requiredString("Label"), MAX_LABEL);
        String plural = maxLength("PluralLabel", Optional.ofNullable(b.string("PluralLabel")).orElse(label + "s"),
                MAX_LABEL);
        SharingModel sharing = sharing(b.string("SharingModel"), SharingModel.PUBLIC_READ_WRITE);
        Map<String, ObjectDefinition> existing = catalog.load(caller.orgId());
        Supplier<ApiException> dup = () -> duplicate("Name", "an object named " + name + " already exists");
        if (existing.containsKey(name.toLowerCase(Locale.ROOT))) {
            throw dup.get();
        }
        String context = context(caller);
        for (int attempt = 1; ; attempt++) {
            Set<String> taken = new HashSet<>();
            ports.metadata().objects(caller.orgId()).forEach(r -> taken.add(r.keyPrefix()));
            String prefix = freeKeyPrefix(taken);
            ObjectDefinition object = StandardObjects.custom(ids.next(KeyPrefix.CUSTOM_OBJECT), name, label, plural,
                    prefix, sharing);
            ports.tables().ensure(object);
            Instant now = now();
            ObjectRow row = new ObjectRow(object.id(), caller.orgId(), name, label, plural, prefix, true, sharing,
                    object.table(), now, now);
            try {
                ports.transactions().run(() -> {
                    ports.metadata().insertObject(row);
                    audit(caller, context, now, "CustomObjectCreate", SECTION_CUSTOM_OBJECTS, "Created custom object "
                            + name + " (" + label + ", key prefix " + prefix + ", sharing " + sharing.cliName() + ")");
                });
                return object;
            } catch (DuplicateValueException e) {
                if (!"KeyPrefix".equals(e.field())) {
                    throw dup.get();
                }
                if (attempt >= KEY_PREFIX_ATTEMPTS) {
                    throw new ApiException(RestErrorCode.INVALID_OPERATION,
                            "Could not allocate a key prefix for " + name + ": other objects are being created at"
                                    + " the same time; try again");
                }
            } finally {
                catalog.invalidate(caller.orgId());
            }
        }
    }

    /** Sets the organization-wide default ({@code SharingModel}) of a standard or custom record object. */
    public ObjectDefinition setSharing(Caller caller, String objectName, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "change organization-wide defaults");
        Fields b = Fields.readRequest("sharing", body, SHARING_FIELDS);
        SharingModel model = sharing(b.requiredString("SharingModel"), null);
        ObjectDefinition object = recordObject(caller, objectName);
        if (object.sharingModel() == model) {
            return object;
        }
        Instant now = now();
        Optional<ObjectRow> row = ports.metadata().objects(caller.orgId()).stream()
                .filter(r -> r.apiName().equalsIgnoreCase(object.name())).findFirst();
        String context = context(caller);
        change(caller, () -> {
            if (row.isPresent()) {
                ports.metadata().updateSharingModel(row.get().id(), model, now);
            } else {
                ports.metadata().insertObject(new ObjectRow(ids.next(KeyPrefix.CUSTOM_OBJECT), caller.orgId(),
                        object.name(), object.label(), object.pluralLabel(), object.keyPrefix(), false, model,
                        object.table(), now, now));
            }
            audit(caller, context, now, "SharingModelChange", SECTION_SHARING, "Changed organization-wide default of "
                    + object.name() + " from " + object.sharingModel().cliName() + " to " + model.cliName());
        });
        catalog.invalidate(caller.orgId());
        return object.withSharingModel(model);
    }

    /** The org's record objects (standard, then custom); needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public List<ObjectDefinition> listObjects(Caller caller) {
        caller.requireAny("read object definitions", SystemPermission.VIEW_SETUP,
                SystemPermission.CUSTOMIZE_APPLICATION);
        return catalog.load(caller.orgId()).values().stream().filter(ObjectDefinition::isRecord).toList();
    }

    /** One object of the org, with its fields; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public ObjectDefinition describeObject(Caller caller, String objectName) {
        caller.requireAny("read object definitions", SystemPermission.VIEW_SETUP,
                SystemPermission.CUSTOMIZE_APPLICATION);
        ObjectDefinition o = catalog.load(caller.orgId()).get(lower(objectName));
        if (o == null) {
            throw noSuchObject(objectName);
        }
        return o;
    }

    // ------------------------------------------------------------------------------------------------ fields

    /**
     * Adds a custom field to a record object: {@code Name} ({@code Amount__c}), {@code Type} (a {@link FieldType}
     * CLI name), and the options {@code Label}, {@code Required}, {@code Unique}, {@code DefaultValue},
     * {@code Length}, {@code Precision}, {@code Scale}, {@code PicklistValues}, {@code ReferenceTo}.
     */
    public CustomFieldRow createField(Caller caller, String objectName, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "create custom fields");
        Fields b = Fields.readRequest("custom field", body, FIELD_FIELDS);
        Map<String, ObjectDefinition> objects = catalog.load(caller.orgId());
        ObjectDefinition object = recordObject(objects, objectName);
        String name = customName("Name", b.requiredString("Name"), RestErrorCode.INVALID_FIELD);
        Optional<FieldDefinition> taken = object.field(name);
        if (taken.isPresent()) {
            throw duplicate("Name", object.name() + " already has a field named " + taken.get().name());
        }
        if (object.fields().stream().filter(FieldDefinition::custom).count() >= MAX_CUSTOM_FIELDS) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, object.name() + " already has "
                    + MAX_CUSTOM_FIELDS + " custom fields, the most an object may have");
        }
        String typeValue = b.requiredString("Type");
        FieldType type = FieldType.parse(typeValue).orElseThrow(() -> Fields.badValue("Type", "'" + typeValue
                + "' is not one of " + String.join(", ", Arrays.stream(FieldType.values())
                        .filter(t -> t != FieldType.ID).map(FieldType::cliName).toList())));
        FieldDefinition.Builder f = FieldDefinition.of(name, type).column(FieldDefinition.columnFor(name))
                .custom(true);
        String label = maxLength("Label", b.string("Label"), MAX_LABEL);
        if (label != null) {
            f.label(label);
        }
        boolean required = b.bool("Required", false);
        if (required && type == FieldType.CHECKBOX) {
            throw Fields.badValue("Required", "a checkbox is never empty, so it cannot be required");
        }
        f.required(required);
        boolean unique = b.bool("Unique", false);
        if (unique && !(type == FieldType.TEXT || type == FieldType.EMAIL || type.isNumeric())) {
            throw Fields.badValue("Unique", "only text, email and number fields can be unique, not " + type.cliName());
        }
        f.unique(unique);
        int length = length(b.intValue("Length"), type);
        f.length(length);
        int[] digits = digits(b.intValue("Precision"), b.intValue("Scale"), type);
        if (digits != null) {
            f.digits(digits[0], digits[1]);
        }
        List<String> values = picklistValues(b.strings("PicklistValues"), type);
        f.picklist(values);
        String referenceTo = b.string("ReferenceTo");
        if (type == FieldType.LOOKUP) {
            if (referenceTo == null) {
                throw Fields.missing("ReferenceTo");
            }
            ObjectDefinition target = objects.get(lower(referenceTo));
            if (target == null || !target.isRecord()) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "ReferenceTo: '" + referenceTo
                        + "' is not a record object of this org", List.of("ReferenceTo"));
            }
            f.lookup(target.name(), name.substring(0, name.length() - 3) + "__r");
        } else if (referenceTo != null) {
            throw Fields.badValue("ReferenceTo", "only lookup fields reference another object");
        }
        String defaultValue = defaultValue(b.rawString("DefaultValue"), type, length, digits, values);
        f.defaultValue(defaultValue);
        FieldDefinition field = f.build();

        List<FieldDefinition> fields = new ArrayList<>(object.fields());
        fields.add(field);
        ports.tables().ensure(object.withFields(fields));
        Instant now = now();
        CustomFieldRow row = new CustomFieldRow(ids.next(KeyPrefix.CUSTOM_FIELD), caller.orgId(), object.key(), field,
                now);
        String context = context(caller);
        change(caller, () -> {
            ports.metadata().insertField(row);
            audit(caller, context, now, "CustomFieldCreate", section(object), "Created custom field " + object.name()
                    + "." + name + " (" + describe(field) + ")");
        }, e -> duplicate("Name", object.name() + " already has a field named " + name));
        catalog.invalidate(caller.orgId());
        return row;
    }

    /**
     * Starts or stops field history tracking of a data field ({@code TrackHistory}); at most
     * {@link #MAX_TRACKED_FIELDS} per object. Asking for the current state changes nothing and writes no audit row.
     */
    public FieldDefinition setTracking(Caller caller, String objectName, String fieldName, Map<String, Object> body) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "change field history tracking");
        Fields b = Fields.readRequest("field history tracking", body, TRACKING_FIELDS);
        Boolean requested = b.bool("TrackHistory");
        if (requested == null) {
            throw Fields.missing("TrackHistory");
        }
        boolean track = requested;
        ObjectDefinition object = recordObject(caller, objectName);
        FieldDefinition field = dataField(object, fieldName, "tracked");
        if (field.tracked() == track) {
            return field;
        }
        long tracked = object.fields().stream().filter(FieldDefinition::tracked).count();
        if (track && tracked >= MAX_TRACKED_FIELDS) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, object.name() + " already tracks "
                    + MAX_TRACKED_FIELDS + " fields, the most an object may track; stop tracking one first",
                    List.of("TrackHistory"));
        }
        Instant now = now();
        String context = context(caller);
        change(caller, () -> {
            if (track) {
                ports.metadata().track(caller.orgId(), object.name(), field.name(), now);
            } else {
                ports.metadata().untrack(caller.orgId(), object.name(), field.name());
            }
            audit(caller, context, now, "FieldHistoryTrackingChange", section(object), (track ? "Started" : "Stopped")
                    + " field history tracking of " + object.name() + "." + field.name());
        });
        catalog.invalidate(caller.orgId());
        return field.withTracked(track);
    }

    // ------------------------------------------------------------------------------------------------ access

    /**
     * Sets a permission set's object permissions on a record object from the {@code ObjectPermissions} booleans
     * ({@code PermissionsRead}, ... {@code PermissionsModifyAllRecords}; absent means false), stored with their
     * dependencies added ({@link ObjectAccess#normalized()}). All false removes the access.
     */
    public ObjectAccessGrant setObjectAccess(Caller caller, String permissionSetName, String objectName,
            Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change object permissions");
        Fields b = Fields.readRequest("object permissions", body, OBJECT_ACCESS_FIELDS);
        ObjectAccess access = new ObjectAccess(b.bool("PermissionsRead", false), b.bool("PermissionsCreate", false),
                b.bool("PermissionsEdit", false), b.bool("PermissionsDelete", false),
                b.bool("PermissionsViewAllRecords", false), b.bool("PermissionsModifyAllRecords", false)).normalized();
        PermissionSet ps = permissionSet(caller, permissionSetName);
        ObjectDefinition object = recordObject(caller, objectName);
        Instant now = now();
        String context = context(caller);
        ObjectPermissionRow row = new ObjectPermissionRow(ids.next(KeyPrefix.OBJECT_PERMISSIONS), caller.orgId(),
                ps.id(), object.key(), access);
        change(caller, () -> {
            ports.access().saveObjectPermission(row);
            audit(caller, context, now, "PermSetObjectAccessChange", SECTION_USERS, "Permission set " + ps.name()
                    + ": object permissions on " + object.name() + " set to " + describe(access));
        });
        snapshots.invalidateAll();
        return new ObjectAccessGrant(ps, object, ports.access().objectPermissions(List.of(ps.id())).stream()
                .filter(r -> r.objectName().equals(object.key())).findFirst().orElse(row));
    }

    /**
     * Sets a permission set's field permissions ({@code PermissionsRead}, {@code PermissionsEdit}; edit implies
     * read) on a data field of a record object. Required fields are refused: they are always readable and editable
     * with the object, as in Salesforce.
     */
    public FieldAccessGrant setFieldAccess(Caller caller, String permissionSetName, String objectName,
            String fieldName, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change field permissions");
        Fields b = Fields.readRequest("field permissions", body, FIELD_ACCESS_FIELDS);
        boolean edit = b.bool("PermissionsEdit", false);
        FieldAccess access = edit ? FieldAccess.EDIT : b.bool("PermissionsRead", false) ? FieldAccess.READ
                : FieldAccess.NONE;
        PermissionSet ps = permissionSet(caller, permissionSetName);
        ObjectDefinition object = recordObject(caller, objectName);
        FieldDefinition field = dataField(object, fieldName, "given field permissions");
        if (field.required()) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, object.name() + "." + field.name()
                    + " is a required field: it is always readable and editable by users with access to "
                    + object.name() + ", so its field permissions cannot be changed", List.of("Field"));
        }
        Instant now = now();
        String context = context(caller);
        FieldPermissionRow row = new FieldPermissionRow(ids.next(KeyPrefix.FIELD_PERMISSIONS), caller.orgId(),
                ps.id(), object.key(), field.key(), access);
        change(caller, () -> {
            ports.access().saveFieldPermission(row);
            audit(caller, context, now, "PermSetFieldAccessChange", SECTION_USERS, "Permission set " + ps.name()
                    + ": field permissions on " + object.name() + "." + field.name() + " set to "
                    + access.name().toLowerCase(Locale.ROOT));
        });
        snapshots.invalidateAll();
        return new FieldAccessGrant(ps, object, field, ports.access().fieldPermissions(List.of(ps.id())).stream()
                .filter(r -> r.objectName().equals(object.key()) && r.fieldName().equals(field.key())).findFirst()
                .orElse(row));
    }

    // ------------------------------------------------------------------------------------------------ roles

    /** Creates a role ({@code Name}, unique per org) below {@code ParentRoleName}, or at the top without one. */
    public Role createRole(Caller caller, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "create roles");
        Fields b = Fields.readRequest("role", body, ROLE_FIELDS);
        String name = maxLength("Name", b.requiredString("Name"), MAX_ROLE_NAME);
        String parentName = b.string("ParentRoleName");
        Role parent = parentName == null ? null : ports.roles().findByName(caller.orgId(), parentName)
                .orElseThrow(() -> new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                        "ParentRoleName: no role named '" + parentName + "'", List.of("ParentRoleName")));
        Supplier<ApiException> dup = () -> duplicate("Name", "a role named " + name + " already exists");
        if (ports.roles().findByName(caller.orgId(), name).isPresent()) {
            throw dup.get();
        }
        Instant now = now();
        Role role = new Role(ids.next(KeyPrefix.USER_ROLE), caller.orgId(), name, parent == null ? null : parent.id(),
                now);
        String context = context(caller);
        change(caller, () -> {
            ports.roles().insert(role);
            audit(caller, context, now, "RoleCreate", SECTION_USERS, "Created role " + name
                    + (parent == null ? " at the top of the hierarchy" : " below " + parent.name()));
        }, e -> dup.get());
        snapshots.invalidateAll();
        return role;
    }

    /** The org's roles, oldest first; needs {@code ViewSetup} or {@code ManageUsers}. */
    public List<Role> listRoles(Caller caller) {
        caller.requireAny("read roles", SystemPermission.VIEW_SETUP, SystemPermission.MANAGE_USERS);
        return ports.roles().all(caller.orgId());
    }

    /** Gives a user a role ({@code RoleName}), or none with {@code "RoleName": null}. */
    public UserRole setUserRole(Caller caller, String username, Map<String, Object> body) {
        caller.require(SystemPermission.MANAGE_USERS, "change users' roles");
        Fields b = Fields.readRequest("user role", body, USER_ROLE_FIELDS);
        if (!b.has("RoleName")) {
            throw Fields.missing("RoleName");
        }
        String roleName = b.string("RoleName");
        User user = ports.users().findByUsername(username == null ? "" : username.strip())
                .filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND, "No user with username '" + username
                        + "'"));
        Role role = roleName == null ? null : ports.roles().findByName(caller.orgId(), roleName)
                .orElseThrow(() -> new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY,
                        "RoleName: no role named '" + roleName + "'", List.of("RoleName")));
        String oldId = ports.roles().roleOf(user.id()).orElse(null);
        String newId = role == null ? null : role.id();
        if (java.util.Objects.equals(oldId, newId)) {
            return new UserRole(user, role);
        }
        String oldName = oldId == null ? "no role" : ports.roles().findById(oldId).map(Role::name).orElse(oldId);
        Instant now = now();
        String context = context(caller);
        change(caller, () -> {
            if (!ports.roles().setRole(user.id(), newId)) {
                throw new ApiException(RestErrorCode.NOT_FOUND, "No user with username '" + username + "'");
            }
            audit(caller, context, now, "UserRoleChange", SECTION_USERS, "Changed role of user " + user.username()
                    + " from " + oldName + " to " + (role == null ? "no role" : role.name()));
        });
        snapshots.invalidateAll();
        return new UserRole(user, role);
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** The first key prefix of {@code a00 ... azz} that {@code taken} lacks. */
    static String freeKeyPrefix(Set<String> taken) {
        for (int i = 0; i < PREFIX_DIGITS.length() * PREFIX_DIGITS.length(); i++) {
            String p = "a" + PREFIX_DIGITS.charAt(i / PREFIX_DIGITS.length())
                    + PREFIX_DIGITS.charAt(i % PREFIX_DIGITS.length());
            if (!taken.contains(p)) {
                return p;
            }
        }
        throw new ApiException(RestErrorCode.INVALID_OPERATION, "The org has used every custom object key prefix");
    }

    private static String customName(String member, String name, RestErrorCode code) {
        if (!name.endsWith("__c")) {
            throw new ApiException(code, member + ": '" + name + "' must end in __c", List.of(member));
        }
        int stem = name.length() - 3;
        if (stem > MAX_NAME_STEM) {
            throw new ApiException(code, member + ": '" + name + "' is too long: at most " + MAX_NAME_STEM
                    + " characters before __c", List.of(member));
        }
        if (!CUSTOM_NAME.matcher(name).matches()) {
            throw new ApiException(code, member + ": '" + name + "' must start with a letter and hold only letters,"
                    + " digits and single underscores (not ending with one) before __c", List.of(member));
        }
        return name;
    }

    private static SharingModel sharing(String value, SharingModel dflt) {
        if (value == null) {
            return dflt;
        }
        return SharingModel.parse(value).orElseThrow(() -> Fields.badValue("SharingModel", "'" + value
                + "' is not one of private, public-read, public-read-write"));
    }

    private static int length(Integer requested, FieldType type) {
        if (type == FieldType.TEXT) {
            int n = requested == null ? MAX_TEXT_LENGTH : requested;
            if (n < 1 || n > MAX_TEXT_LENGTH) {
                throw Fields.badValue("Length", "a text field's length must be between 1 and " + MAX_TEXT_LENGTH);
            }
            return n;
        }
        if (type == FieldType.LONG_TEXT) {
            int n = requested == null ? 32_768 : requested;
            if (n < MIN_LONG_TEXT_LENGTH || n > MAX_LONG_TEXT_LENGTH) {
                throw Fields.badValue("Length", "a long text field's length must be between " + MIN_LONG_TEXT_LENGTH
                        + " and " + MAX_LONG_TEXT_LENGTH);
            }
            return n;
        }
        if (requested != null) {
            throw Fields.badValue("Length", "only text and long-text fields take a length, not " + type.cliName());
        }
        return FieldDefinition.of("X__c", type).build().length();
    }

    /** {precision, scale} of a number type, or null for other types. */
    private static int[] digits(Integer precision, Integer scale, FieldType type) {
        if (!type.isNumeric()) {
            if (precision != null || scale != null) {
                throw Fields.badValue(precision != null ? "Precision" : "Scale",
                        "only number, currency and percent fields take precision and scale, not " + type.cliName());
            }
            return null;
        }
        int p = precision == null ? MAX_PRECISION : precision;
        if (p < 1 || p > MAX_PRECISION) {
            throw Fields.badValue("Precision", "must be between 1 and " + MAX_PRECISION);
        }
        int s = scale == null ? Math.min(p, type == FieldType.NUMBER ? 0 : 2) : scale;
        if (s < 0 || s > p) {
            throw Fields.badValue("Scale", "must be between 0 and the precision (" + p + ")");
        }
        return new int[] {p, s};
    }

    private static List<String> picklistValues(List<String> values, FieldType type) {
        boolean picklist = type == FieldType.PICKLIST || type == FieldType.MULTI_PICKLIST;
        if (!picklist) {
            if (values != null) {
                throw Fields.badValue("PicklistValues", "only picklist fields take values, not " + type.cliName());
            }
            return List.of();
        }
        if (values == null || values.isEmpty()) {
            throw Fields.missing("PicklistValues");
        }
        if (values.size() > MAX_PICKLIST_VALUES) {
            throw Fields.badValue("PicklistValues", "at most " + MAX_PICKLIST_VALUES + " values");
        }
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v.isEmpty()) {
                throw Fields.badValue("PicklistValues", "a value may not be blank");
            }
            if (v.length() > MAX_TEXT_LENGTH) {
                throw Fields.tooLong("PicklistValues", MAX_TEXT_LENGTH);
            }
            if (v.indexOf(';') >= 0 || v.chars().anyMatch(Character::isISOControl)) {
                throw Fields.badValue("PicklistValues", "'" + v.replaceAll("\\p{Cntrl}", "?")
                        + "' may not hold ';' or control characters");
            }
            if (!seen.add(v.toLowerCase(Locale.ROOT))) {
                throw Fields.badValue("PicklistValues", "'" + v + "' is listed twice");
            }
        }
        return List.copyOf(values);
    }

    /** The default value in the type's canonical text form; checkboxes default to false. */
    private static String defaultValue(String raw, FieldType type, int length, int[] digits, List<String> values) {
        if (raw == null) {
            return type == FieldType.CHECKBOX ? "false" : null;
        }
        String v = type.isText() ? raw : raw.strip();
        String bad = "'" + v + "' is not a valid " + type.cliName() + " value";
        switch (type) {
            case TEXT, LONG_TEXT -> {
                if (v.length() > length) {
                    throw Fields.tooLong("DefaultValue", length);
                }
                return v;
            }
            case EMAIL -> {
                if (!EMAIL.matcher(v).matches() || v.length() > length) {
                    throw Fields.badValue("DefaultValue", bad);
                }
                return v;
            }
            case NUMBER, CURRENCY, PERCENT -> {
                BigDecimal n;
                try {
                    n = new BigDecimal(v).setScale(digits[1], RoundingMode.UNNECESSARY);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw Fields.badValue("DefaultValue", bad + " with at most " + digits[1] + " decimals");
                }
                if (n.precision() - n.scale() > digits[0] - digits[1]) {
                    throw Fields.badValue("DefaultValue", "'" + v + "' has more than " + (digits[0] - digits[1])
                            + " digits before the decimal point");
                }
                return n.toPlainString();
            }
            case CHECKBOX -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw Fields.badValue("DefaultValue", bad + ": use true or false");
                }
                return v.toLowerCase(Locale.ROOT);
            }
            case DATE -> {
                try {
                    return LocalDate.parse(v).toString();
                } catch (DateTimeParseException e) {
                    throw Fields.badValue("DefaultValue", bad + ": use YYYY-MM-DD");
                }
            }
            case DATETIME -> {
                try {
                    return OffsetDateTime.parse(v).toInstant().truncatedTo(ChronoUnit.MILLIS).toString();
                } catch (DateTimeParseException e) {
                    throw Fields.badValue("DefaultValue", bad + ": use an ISO 8601 time such as "
                            + "2026-01-31T12:00:00Z");
                }
            }
            case PICKLIST -> {
                if (!values.contains(v)) {
                    throw Fields.badValue("DefaultValue", "'" + v + "' is not one of the picklist values");
                }
                return v;
            }
            case MULTI_PICKLIST -> {
                Set<String> chosen = new LinkedHashSet<>();
                for (String part : v.split(";", -1)) {
                    if (!values.contains(part) || !chosen.add(part)) {
                        throw Fields.badValue("DefaultValue", "'" + part + "' is not one of the picklist values or is"
                                + " repeated");
                    }
                }
                return String.join(";", chosen);
            }
            default -> throw Fields.badValue("DefaultValue", type.cliName() + " fields take no default value");
        }
    }

    private ObjectDefinition recordObject(Caller caller, String name) {
        return recordObject(catalog.load(caller.orgId()), name);
    }

    private static ObjectDefinition recordObject(Map<String, ObjectDefinition> objects, String name) {
        ObjectDefinition o = objects.get(lower(name));
        if (o == null) {
            throw noSuchObject(name);
        }
        if (!o.isRecord()) {
            throw new ApiException(RestErrorCode.INVALID_TYPE, o.name() + " is not a record object: only Account, "
                    + "Contact, Opportunity and custom objects have fields, sharing and permissions to change");
        }
        return o;
    }

    private static ApiException noSuchObject(String name) {
        return new ApiException(RestErrorCode.INVALID_TYPE, "sObject type '" + name + "' is not supported");
    }

    private static FieldDefinition dataField(ObjectDefinition object, String fieldName, String what) {
        FieldDefinition f = object.field(fieldName).orElseThrow(() -> new ApiException(RestErrorCode.INVALID_FIELD,
                "No such column '" + fieldName + "' on sobject of type " + object.name(), List.of("Field")));
        if (f.kind() != FieldDefinition.Kind.DATA) {
            throw new ApiException(RestErrorCode.INVALID_FIELD, object.name() + "." + f.name() + " is a "
                    + (f.kind() == FieldDefinition.Kind.SYSTEM ? "system" : "calculated") + " field and cannot be "
                    + what, List.of("Field"));
        }
        return f;
    }

    private PermissionSet permissionSet(Caller caller, String name) {
        return ports.permissionSets().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND, "No permission set named '" + name
                        + "'"));
    }

    private static String section(ObjectDefinition object) {
        return object.custom() ? SECTION_CUSTOM_OBJECTS : "Customize " + object.pluralLabel();
    }

    static String describe(ObjectAccess a) {
        List<String> parts = new ArrayList<>();
        if (a.read()) {
            parts.add("read");
        }
        if (a.create()) {
            parts.add("create");
        }
        if (a.edit()) {
            parts.add("edit");
        }
        if (a.delete()) {
            parts.add("delete");
        }
        if (a.viewAll()) {
            parts.add("view all");
        }
        if (a.modifyAll()) {
            parts.add("modify all");
        }
        return parts.isEmpty() ? "no access" : String.join(", ", parts);
    }

    private static String describe(FieldDefinition f) {
        StringBuilder sb = new StringBuilder(f.type().cliName());
        if (f.type() == FieldType.LOOKUP) {
            sb.append(" to ").append(f.referenceTo());
        }
        if (f.required()) {
            sb.append(", required");
        }
        if (f.unique()) {
            sb.append(", unique");
        }
        return sb.toString();
    }

    private static String maxLength(String member, String value, int max) {
        if (value != null && value.length() > max) {
            throw Fields.tooLong(member, max);
        }
        return value;
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String context(Caller caller) {
        return caller.appId() == null ? null
                : ports.apps().findById(caller.appId()).map(ConnectedApp::consumerKey).orElse(null);
    }

    private void audit(Caller caller, String context, Instant now, String action, String section, String display) {
        ports.setupAudit().append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), caller.orgId(), action,
                section, display, caller.userId(), context, now));
    }

    private void change(Caller caller, Runnable work) {
        change(caller, work, e -> duplicate(e.field(), e.getMessage()));
    }

    /** Runs one change and its audit row in one transaction; a late uniqueness failure becomes DUPLICATE_VALUE. */
    private void change(Caller caller, Runnable work, Function<DuplicateValueException, ApiException> onDuplicate) {
        try {
            ports.transactions().run(work);
        } catch (DuplicateValueException e) {
            throw onDuplicate.apply(e);
        }
    }

    private static ApiException duplicate(String field, String message) {
        return new ApiException(RestErrorCode.DUPLICATE_VALUE, "duplicate value found: " + message,
                field == null ? List.of() : List.of(field));
    }
}
