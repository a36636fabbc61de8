/** The HTTP routes: token, introspection and revocation (RFC 6749, 7662, 7009), discovery (RFC 8414), identity and userinfo, the record API and the admin API; each turns HTTP into typed calls on oauth, core and records. */
package io.userbound.server.routes;
