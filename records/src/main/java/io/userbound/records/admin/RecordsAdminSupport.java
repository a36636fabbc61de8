package io.userbound.records.admin;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the record admin services share ({@link RecordsAdmin}): the ports, the caches to drop after a change, the
 * lookups of record objects, data fields and permission sets with their refusals, and one change with its
 * {@code SetupAuditTrail} row in one transaction.
 */
abstract class RecordsAdminSupport {
    static final String SECTION_CUSTOM_OBJECTS = "Custom Objects";
    static final String SECTION_SHARING = "Sharing Defaults";
    static final String SECTION_USERS = "Manage Users";

    final RecordsAdminPorts ports;
    final ObjectCatalog catalog;
    final AccessSnapshots snapshots;
    final IdGenerator ids;
    final Clock clock;

    RecordsAdminSupport(RecordsAdminPorts ports, ObjectCatalog catalog, AccessSnapshots snapshots, IdGenerator ids,
            Clock clock) {
        this.ports = ports;
        this.catalog = catalog;
        this.snapshots = snapshots;
        this.ids = ids;
        this.clock = clock;
    }

    /** Shares the ports and caches of {@code other}. */
    RecordsAdminSupport(RecordsAdminSupport other) {
        this(other.ports, other.catalog, other.snapshots, other.ids, other.clock);
    }

    ObjectDefinition recordObject(Caller caller, String name) {
        return recordObject(catalog.load(caller.orgId()), name);
    }

    static ObjectDefinition recordObject(Map<String, ObjectDefinition> objects, String name) {
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

    static ApiException noSuchObject(String name) {
        return new ApiException(RestErrorCode.INVALID_TYPE, "sObject type '" + name + "' is not supported");
    }

    static FieldDefinition dataField(ObjectDefinition object, String fieldName, String what) {
        FieldDefinition f = object.field(fieldName).orElseThrow(() -> new ApiException(RestErrorCode.INVALID_FIELD,
                "No such column '" + fieldName + "' on sobject of type " + object.name(), List.of("Field")));
        if (f.kind() != FieldDefinition.Kind.DATA) {
            throw new ApiException(RestErrorCode.INVALID_FIELD, object.name() + "." + f.name() + " is a "
                    + (f.kind() == FieldDefinition.Kind.SYSTEM ? "system" : "calculated") + " field and cannot be "
                    + what, List.of("Field"));
        }
        return f;
    }

    PermissionSet permissionSet(Caller caller, String name) {
        return ports.permissionSets().findByName(caller.orgId(), name == null ? "" : name.strip())
                .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND, "No permission set named '" + name
                        + "'"));
    }

    static String section(ObjectDefinition object) {
        return object.custom() ? SECTION_CUSTOM_OBJECTS : "Customize " + object.pluralLabel();
    }


    static String describe(FieldDefinition f) {
        StringBuilder sb = new StringBuilder(f.type().cliName());
        if (f.type() == FieldType.LOOKUP) {
            sb.append(" to ").append(f.referenceTo());
        }
        if (f.required()) {
            sb.append(", required");
        }
        if (f.unique()) {
            sb.append(f.caseSensitive() ? ", unique (case-sensitive)" : ", unique");
        }
        if (f.externalId()) {
            sb.append(", external id");
        }
        return sb.toString();
    }

    static String maxLength(String member, String value, int max) {
        if (value != null && value.length() > max) {
            throw Fields.tooLong(member, max);
        }
        return value;
    }

    static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    String context(Caller caller) {
        return caller.appId() == null ? null
                : ports.apps().findById(caller.appId()).map(ConnectedApp::consumerKey).orElse(null);
    }

    void audit(Caller caller, String context, Instant now, String action, String section, String display) {
        ports.setupAudit().append(new SetupAuditEntry(ids.next(KeyPrefix.SETUP_AUDIT_TRAIL), caller.orgId(), action,
                section, display, caller.userId(), context, now));
    }

    void change(Caller caller, Runnable work) {
        change(caller, work, e -> duplicate(e.field(), e.getMessage()));
    }

    /** Runs one change and its audit row in one transaction; a late uniqueness failure becomes DUPLICATE_VALUE. */
    void change(Caller caller, Runnable work, Function<DuplicateValueException, ApiException> onDuplicate) {
        try {
            ports.transactions().run(work);
        } catch (DuplicateValueException e) {
            throw onDuplicate.apply(e);
        }
    }

    static ApiException duplicate(String field, String message) {
        return new ApiException(RestErrorCode.DUPLICATE_VALUE, "duplicate value found: " + message,
                field == null ? List.of() : List.of(field));
    }
}
