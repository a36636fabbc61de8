package io.userbound.records.port;

import io.userbound.records.meta.SharingModel;
import java.time.Instant;

/**
 * One {@code object_defs} row: a custom object of an org, or the org's settings of a standard object (then
 * {@code custom} is false and only {@code sharingModel} is read).
 *
 * @param table the SQL table of its records
 */
public record ObjectRow(String id, String orgId, String apiName, String label, String pluralLabel, String keyPrefix,
        boolean custom, SharingModel sharingModel, String table, Instant createdDate, Instant lastModifiedDate) {
}
