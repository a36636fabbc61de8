package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import java.util.Set;

/**
 * A grant handler's verdict: this app may have a token for this user with these scopes, provided the assertion id
 * it uses up, if any, was not used before.
 *
 * @param scopes never null, may be empty
 * @param jti the assertion id to mark used with the token; null when the grant uses none
 */
public record GrantDecision(ConnectedApp app, User user, Set<String> scopes, JtiUse jti) {
    public GrantDecision {
        scopes = Set.copyOf(scopes);
    }

    /** A verdict that uses up no assertion id. */
    public GrantDecision(ConnectedApp app, User user, Set<String> scopes) {
        this(app, user, scopes, null);
    }
}
