/** Token revocation (RFC 7009). */
package io.userbound.oauth.revoke;
