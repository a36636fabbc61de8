/** The client credentials grant (RFC 6749 section 4.4), issued to the app's run-as user. */
package io.userbound.oauth.grant.clientcredentials;
