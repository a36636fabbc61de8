package io.userbound.records.admin;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.User;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.FieldPermissionRow;
import io.userbound.records.port.ObjectAccess;
import io.userbound.records.port.ObjectPermissionRow;
import io.userbound.records.port.Role;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final ObjectAdmin objects;
    private final RecordAccessAdmin access;
    private final RoleAdmin roles;
    private final PermissionSetDocuments documents;

    /**
     * @param catalog dropped for the org after a metadata change
     * @param snapshots dropped after an access or role change
     */
    public RecordsAdmin(RecordsAdminPorts ports, ObjectCatalog catalog, AccessSnapshots snapshots, IdGenerator ids,
            Clock clock) {
        RecordsAdminSupport support = new RecordsAdminSupport(ports, catalog, snapshots, ids, clock) { };
        this.objects = new ObjectAdmin(support);
        this.access = new RecordAccessAdmin(support);
        this.roles = new RoleAdmin(support);
        this.documents = new PermissionSetDocuments(support);
    }


    /** A permission set's object permissions after {@link #setObjectAccess}, with the names they concern. */
    public record ObjectAccessGrant(PermissionSet permissionSet, ObjectDefinition object, ObjectPermissionRow row) {
    }

    /** A permission set's field permissions after {@link #setFieldAccess}, with the names they concern. */
    public record FieldAccessGrant(PermissionSet permissionSet, ObjectDefinition object, FieldDefinition field,
            FieldPermissionRow row) {
    }

    /** What {@link #importPermissionSet} did: the document as stored, and whether it created the permission set. */
    public record ImportedPermissionSet(PermissionSetDocument document, boolean created) {
    }

    /** A user's role after {@link #setUserRole}: {@code role} is null when the user has none. */
    public record UserRole(User user, Role role) {
    }

    /**
     * Creates a custom object from {@code Name} ({@code Invoice__c}), {@code Label}, {@code PluralLabel} (default:
     * the label and "s") and {@code SharingModel} (default {@code public-read-write}); its key prefix is the first
     * free one of {@code a00, a01, ..., a0z, a10, ...}.
     */
    public ObjectDefinition createObject(Caller caller, Map<String, Object> body) {
        return objects.createObject(caller, body);
    }

    /** Sets the organization-wide default ({@code SharingModel}) of a standard or custom record object. */
    public ObjectDefinition setSharing(Caller caller, String objectName, Map<String, Object> body) {
        return objects.setSharing(caller, objectName, body);
    }

    /** The org's record objects (standard, then custom); needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public List<ObjectDefinition> listObjects(Caller caller) {
        return objects.listObjects(caller);
    }

    /** One object of the org, with its fields; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public ObjectDefinition describeObject(Caller caller, String objectName) {
        return objects.describeObject(caller, objectName);
    }

    /**
     * Adds a custom field to a record object: {@code Name} ({@code Amount__c}), {@code Type} (a {@link FieldType}
     * CLI name), and the options {@code Label}, {@code Required}, {@code Unique}, {@code ExternalId},
     * {@code CaseSensitive}, {@code DefaultValue}, {@code Length}, {@code Precision}, {@code Scale},
     * {@code PicklistValues}, {@code ReferenceTo} (see {@code ObjectAdmin#createField}).
     */
    public CustomFieldRow createField(Caller caller, String objectName, Map<String, Object> body) {
        return objects.createField(caller, objectName, body);
    }

    /**
     * Starts or stops field history tracking of a data field ({@code TrackHistory}); at most
     * {@link #MAX_TRACKED_FIELDS} per object. Asking for the current state changes nothing and writes no audit row.
     */
    public FieldDefinition setTracking(Caller caller, String objectName, String fieldName, Map<String, Object> body) {
        return objects.setTracking(caller, objectName, fieldName, body);
    }

    /**
     * Sets a permission set's object permissions on a record object from the {@code ObjectPermissions} booleans
     * ({@code PermissionsRead}, ... {@code PermissionsModifyAllRecords}; absent means false), stored with their
     * dependencies added ({@link ObjectAccess#normalized()}). All false removes the access.
     */
    public ObjectAccessGrant setObjectAccess(Caller caller, String permissionSetName, String objectName,
            Map<String, Object> body) {
        return access.setObjectAccess(caller, permissionSetName, objectName, body);
    }

    /**
     * Sets a permission set's field permissions ({@code PermissionsRead}, {@code PermissionsEdit}; edit implies
     * read) on a data field of a record object. Required fields are refused: they are always readable and editable
     * with the object, as in Salesforce.
     */
    public FieldAccessGrant setFieldAccess(Caller caller, String permissionSetName, String objectName,
            String fieldName, Map<String, Object> body) {
        return access.setFieldAccess(caller, permissionSetName, objectName, fieldName, body);
    }

    /**
     * Sets the same field permissions ({@code PermissionsRead}, {@code PermissionsEdit}) on every field of a record
     * object that field-level security governs (data fields that are not required), in one transaction.
     */
    public List<FieldAccessGrant> setAllFieldAccess(Caller caller, String permissionSetName, String objectName,
            Map<String, Object> body) {
        return access.setAllFieldAccess(caller, permissionSetName, objectName, body);
    }

    /** A permission set as one document: its system permissions and every object and field permission it grants. */
    public PermissionSetDocument exportPermissionSet(Caller caller, String permissionSetName) {
        return documents.export(caller, permissionSetName);
    }

    /**
     * Makes the permission set exactly what the document says, creating it when missing, in one transaction; the
     * document is checked whole before anything is written.
     */
    public ImportedPermissionSet importPermissionSet(Caller caller, String permissionSetName,
            Map<String, Object> body) {
        return documents.importDocument(caller, permissionSetName, body);
    }

    /** Creates a role ({@code Name}, unique per org) below {@code ParentRoleName}, or at the top without one. */
    public Role createRole(Caller caller, Map<String, Object> body) {
        return roles.createRole(caller, body);
    }

    /** The org's roles, oldest first; needs {@code ViewSetup} or {@code ManageUsers}. */
    public List<Role> listRoles(Caller caller) {
        return roles.listRoles(caller);
    }

    /** Gives a user a role ({@code RoleName}), or none with {@code "RoleName": null}. */
    public UserRole setUserRole(Caller caller, String username, Map<String, Object> body) {
        return roles.setUserRole(caller, username, body);
    }

    /** The first key prefix of {@code a00 ... azz} that {@code taken} lacks. */
    static String freeKeyPrefix(Set<String> taken) {
        return FieldRules.freeKeyPrefix(taken);
    }
}
