package io.userbound.oauth.grant;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import java.util.Set;

/**
 * A grant handler's verdict: this app may have a token for this user with these scopes, provided the assertion id
 * it uses up, if any, was not used before.
 *
 * @param scopes never null, may be empty
 * @param jti the assertion id to mark used with the token; null when the grant uses none
 * @param grantType the {@code grant_type} of the request, recorded with the token; set by {@link TokenEndpoint}
 */
public record GrantDecision(ConnectedApp app, User user, Set<String> scopes, JtiUse jti, String grantType) {
    public GrantDecision {
        scopes = Set.copyOf(scopes);
    }

    /** A handler's verdict, before the endpoint names its grant. */
    public GrantDecision(ConnectedApp app, User user, Set<String> scopes, JtiUse jti) {
        this(app, user, scopes, jti, null);
    }

    /** A verdict that uses up no assertion id. */
    public GrantDecision(ConnectedApp app, User user, Set<String> scopes) {
        this(app, user, scopes, null, null);
    }

    /** This verdict, issued by {@code grant}. */
    public GrantDecision issuedBy(String grant) {
        return new GrantDecision(app, user, scopes, jti, grant);
    }
}
