/** The JWT bearer grant (RFC 7523 section 2.1) as Salesforce clients use it. */
package io.userbound.oauth.grant.jwtbearer;
