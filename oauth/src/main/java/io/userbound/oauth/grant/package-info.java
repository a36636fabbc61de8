/** The grant contract (RFC 6749 section 4): a parsed TokenRequest, the GrantHandler looked up by exact grant_type, its GrantDecision, the AuthenticatedClient it is handed, the single use of an assertion id (JtiUse), and the TokenHolderPolicy of who may get and hold tokens. */
package io.userbound.oauth.grant;
