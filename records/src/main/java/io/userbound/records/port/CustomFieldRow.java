package io.userbound.records.port;

import io.userbound.records.meta.FieldDefinition;
import java.time.Instant;

/**
 * One {@code field_defs} row: a custom field that an org added to a custom or standard object.
 *
 * @param objectName the object's API name in lower case
 * @param field the definition; its {@code tracked} flag is not stored here (see {@link MetadataStore#trackedFields})
 */
public record CustomFieldRow(String id, String orgId, String objectName, FieldDefinition field, Instant createdDate) {
}
