package io.userbound.oauth.token;

import io.userbound.core.model.AccessTokenRecord;

/**
 * A freshly minted access token: the token string, returned to the client once and never stored, and the record
 * the store keeps (its hash, user, app, scopes, expiry).
 */
public record IssuedToken(String accessToken, AccessTokenRecord record) {
    @Override
    public String toString() {
        return "IssuedToken[record=" + record + "]";
    }
}
