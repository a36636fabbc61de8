/**
 * A test kit for code that talks to Userbound: {@link io.userbound.testkit.UserboundExtension} starts a real server
 * in the test's JVM on a random loopback port over an in-memory H2 database, with a fresh org, its bootstrapped
 * admin, and a ready integration user with a connected app, a generated key pair and certificate, logged in through
 * the SDK. Everything is set up over the public surfaces (the SDK and the admin REST API), as a user's own code would.
 *
 * <p>The in-memory port fakes for unit tests ({@code io.userbound.core.testing}, {@code io.userbound.records.testing})
 * come with this artifact too.
 */
package io.userbound.testkit;
