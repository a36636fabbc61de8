package io.userbound.core.model;

import java.time.Instant;

/**
 * Access to a connected app granted to a profile or a permission set (Salesforce's {@code SetupEntityAccess},
 * {@code 0J0}): under {@link PermittedUsersPolicy#ADMIN_APPROVED} the users holding that profile or permission set
 * are pre-authorized.
 *
 * @param parentId the profile ({@code 00e}) or permission set ({@code 0PS}) id
 */
public record AppAccessGrant(String id, String orgId, String appId, String parentId, Instant createdDate) {
}
