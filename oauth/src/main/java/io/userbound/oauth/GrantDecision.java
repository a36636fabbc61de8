package io.userbound.oauth;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import java.util.Set;

/**
 * A grant handler's verdict: this app may have a token for this user with these scopes.
 *
 * @param scopes never null, may be empty
 */
public record GrantDecision(ConnectedApp app, User user, Set<String> scopes) {
    public GrantDecision {
        scopes = Set.copyOf(scopes);
    }
}
