/**
 * The Userbound server: {@link io.userbound.server.Main} reads a {@link io.userbound.server.ServerConfig}, opens the
 * store, runs the {@link io.userbound.server.Bootstrap} of the data directory, wires every component by hand and
 * serves HTTP with Javalin: the token endpoint, the identity service, the REST entry points, the admin surface
 * ({@code docs/admin-api.md}), health and Prometheus metrics. Business rules live in {@code oauth} and
 * {@code core.admin}; this package only adapts HTTP to them, and one {@code ErrorMapper} turns every failure into
 * the documented reply.
 */
package io.userbound.server;
