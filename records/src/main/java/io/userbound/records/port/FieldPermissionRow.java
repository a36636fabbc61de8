package io.userbound.records.port;


/**
 * One {@code FieldPermissions} row: the access a profile or permission set ({@code parentId}) gives on a field.
 *
 * @param objectName the object's API name in lower case
 * @param fieldName the field's API name in lower case
 */
public record FieldPermissionRow(String id, String orgId, String parentId, String objectName, String fieldName,
        FieldAccess access) {
}
