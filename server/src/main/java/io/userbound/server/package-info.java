/**
 * The Userbound server: {@link io.userbound.server.Main} reads a {@link io.userbound.server.ServerConfig}, opens the
 * store, runs the {@link io.userbound.server.bootstrap.Bootstrap} of the data directory, wires every component by
 * hand and serves HTTP with Javalin ({@link io.userbound.server.HttpApi} assembles the routes). The sub-packages:
 * {@code http} (bodies, JSON, the one error mapper, connection limits), {@code routes} (token, identity, record and
 * admin routes), {@code auth} (each route's request policy and the one gate that enforces it), {@code ops} (metrics,
 * housekeeping), {@code bootstrap} (the first start of a data directory), {@code logging}. Business rules live in
 * {@code oauth}, {@code core} and {@code records}; this module only adapts HTTP to them.
 */
package io.userbound.server;
