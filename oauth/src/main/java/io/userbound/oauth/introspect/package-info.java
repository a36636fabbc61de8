/** Token introspection (RFC 7662). */
package io.userbound.oauth.introspect;
