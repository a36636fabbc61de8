/**
 * The rules of the admin surface ({@code docs/admin-api.md}), free of any HTTP framework:
 * {@link io.userbound.core.admin.services.AdminServices} (one service per aggregate, in the sub-packages) checks the caller's effective permissions, validates request fields
 * (every refusal an {@link io.userbound.core.ApiException} naming the field) and runs each change with its
 * {@code SetupAuditTrail} row in one transaction. Each operation takes a typed command that the REST layer makes with
 * the command's {@code from(Map)} ({@link io.userbound.core.admin.RequestBody}, {@link io.userbound.core.admin.Member}).
 */
package io.userbound.core.admin;
