/** Client authentication (RFC 6749 section 2.3, RFC 7523 section 2.2): consumer secrets (current or previous), private_key_jwt, and the phase the token endpoint runs before the grant. */
package io.userbound.oauth.clientauth;
