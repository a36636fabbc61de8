/**
 * The rules of the admin surface ({@code docs/admin-api.md}), free of any HTTP framework:
 * {@link io.userbound.core.admin.AdminService} checks the caller's effective permissions, validates request fields
 * (every refusal an {@link io.userbound.core.ApiException} naming the field) and runs each change with its
 * {@code SetupAuditTrail} row in one transaction.
 */
package io.userbound.core.admin;
