package io.userbound.records.port;


/**
 * One {@code ObjectPermissions} row: the access a profile or permission set ({@code parentId}) gives on an object.
 *
 * @param objectName the object's API name in lower case
 */
public record ObjectPermissionRow(String id, String orgId, String parentId, String objectName, ObjectAccess access) {
}
