/** The token endpoint (RFC 6749 section 3.2): parsing, dispatch, issuing opaque tokens, the grant writer, refusal attribution, and the bearer token lookup of the REST API (RFC 6750). */
package io.userbound.oauth.token;
