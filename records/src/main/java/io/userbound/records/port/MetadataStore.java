package io.userbound.records.port;

import io.userbound.records.meta.SharingModel;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The org-specific part of object metadata: custom objects, custom fields, organization-wide defaults and tracked
 * fields. Standard objects themselves are defined in code ({@link io.userbound.records.meta.StandardObjects}).
 * Calls join the caller's transaction, if any.
 */
public interface MetadataStore {
    /** @return the org's object rows (custom objects and standard-object settings); never null */
    List<ObjectRow> objects(String orgId);

    /** @return the org's custom fields, oldest first; never null */
    List<CustomFieldRow> customFields(String orgId);

    /** @return the org's tracked fields as {@code object.field} keys in lower case; never null */
    Set<String> trackedFields(String orgId);

    /**
     * @throws io.userbound.core.port.DuplicateValueException field {@code DeveloperName} when the org has an object of
     *     that name, field {@code KeyPrefix} when the prefix is taken
     */
    void insertObject(ObjectRow row);

    /** Sets the organization-wide default of an object row. @return false when no row has that id */
    boolean updateSharingModel(String objectRowId, SharingModel model, Instant now);

    /** @throws io.userbound.core.port.DuplicateValueException field {@code DeveloperName} when the object has it */
    void insertField(CustomFieldRow row);

    /** Marks a field as tracked (idempotent). */
    void track(String orgId, String objectName, String fieldName, Instant now);

    /** Stops tracking a field. @return false when it was not tracked */
    boolean untrack(String orgId, String objectName, String fieldName);
}
