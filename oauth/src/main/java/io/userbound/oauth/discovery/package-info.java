/** The authorization server metadata document (RFC 8414), computed from what the server serves. */
package io.userbound.oauth.discovery;
