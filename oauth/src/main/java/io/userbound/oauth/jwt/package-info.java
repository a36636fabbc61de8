/** Verification of JWT assertions signed by a connected app's certificate (RFC 7515, RFC 7519, RFC 7523 section 3): the one AssertionVerifier, its AssertionRules, certificate keys and numeric dates. */
package io.userbound.oauth.jwt;
