package io.userbound.records.admin;

import static io.userbound.records.admin.RecordsAdmin.*;
import static io.userbound.records.admin.FieldRules.customName;
import static io.userbound.records.admin.FieldRules.defaultValue;
import static io.userbound.records.admin.FieldRules.digits;
import static io.userbound.records.admin.FieldRules.freeKeyPrefix;
import static io.userbound.records.admin.FieldRules.length;
import static io.userbound.records.admin.FieldRules.picklistValues;
import static io.userbound.records.admin.FieldRules.sharing;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.records.port.ObjectRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Custom objects and fields, organization-wide defaults and field history tracking ({@code CustomizeApplication}).
 */
final class ObjectAdmin extends RecordsAdminSupport {
    static final int KEY_PREFIX_ATTEMPTS = 5;
    static final List<String> OBJECT_FIELDS = List.of("Name", "Label", "PluralLabel", "SharingModel");
    static final List<String> SHARING_FIELDS = List.of("SharingModel");
    static final List<String> FIELD_FIELDS = List.of("Name", "Type", "Label", "Required", "Unique",
            "ExternalId", "CaseSensitive", "DefaultValue", "Length", "Precision", "Scale", "PicklistValues",
            "ReferenceTo");
    static final List<String> TRACKING_FIELDS = List.of("TrackHistory");

    ObjectAdmin(RecordsAdminSupport support) {
        super(support);
    }

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
     * CLI name), and the options {@code Label}, {@code Required}, {@code Unique}, {@code ExternalId} (text, email
     * and number fields), {@code CaseSensitive} (unique text and email fields; by default, as in Salesforce,
     * {@code ABC} and {@code abc} are duplicates), {@code DefaultValue}, {@code Length}, {@code Precision},
     * {@code Scale}, {@code PicklistValues}, {@code ReferenceTo}.
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
        boolean externalId = b.bool("ExternalId", false);
        if (externalId && !(type == FieldType.TEXT || type == FieldType.EMAIL || type == FieldType.NUMBER)) {
            throw Fields.badValue("ExternalId", "only text, email and number fields can be external ids, not "
                    + type.cliName());
        }
        f.externalId(externalId);
        boolean caseSensitive = b.bool("CaseSensitive", false);
        if (caseSensitive && !(unique && (type == FieldType.TEXT || type == FieldType.EMAIL))) {
            throw Fields.badValue("CaseSensitive", "only a unique text or email field can be case-sensitive");
        }
        f.caseSensitive(caseSensitive);
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
}
