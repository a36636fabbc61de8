package io.userbound.core.admin;

import io.userbound.core.PermittedUsers;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.UserStore;
import io.userbound.protocol.GrantTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When access ends, tokens end: the admin changes that deactivate a user, delete an app, or change who may use an app
 * revoke the tokens concerned, in the change's own transaction, so the change and the revocations commit together
 * and a crash keeps both or neither.
 *
 * <p>A token is revoked when the access of its (user, app) pair by the grant that issued it <em>changes</em>, either
 * way (a JWT bearer token when the user's permission to log in to the app changes, a client credentials token when
 * the user's standing as the app's run-as user does). Losing access obviously
 * ends it. Gaining access also ends any token the pair already holds: a pair without access can hold a token only if a
 * node whose 1-second configuration cache still showed the old access issued one after the change, and such a token
 * must not come back to life. So reactivating a user revokes the user's tokens too, and no token issued before a
 * deactivation ever works again. Every revocation reads the state from the database (the transaction), never from a
 * cache. Not thread-safe: one instance per change.
 */
public final class TokenRevocations {
    private final TokenStore tokens;
    private final UserStore users;
    private final ConnectedAppStore apps;
    private final PermittedUsers permittedUsers;
    private final Instant now;
    private int revoked;

    public TokenRevocations(TokenStore tokens, UserStore users, ConnectedAppStore apps, PermittedUsers permitted,
            Instant now) {
        this.tokens = tokens;
        this.users = users;
        this.apps = apps;
        this.permittedUsers = permitted;
        this.now = now;
    }

    /** How many tokens this change revoked so far. */
    public int revoked() {
        return revoked;
    }

    /** Every token of {@code user}, of every app of the user's org. */
    public void allOf(User user) {
        for (ConnectedApp app : apps.list(user.orgId())) {
            revoked += tokens.revokeForUser(app.id(), user.id(), null, now);
        }
    }

    /** Every token of {@code app}. */
    public void allOf(ConnectedApp app) {
        revoked += tokens.revokeForApp(app.id(), now);
    }

    /**
     * Notes, before a change, which of {@code userIds} may use which of {@code appIds}, by each grant; after the
     * change, {@link Before#revokeChanged()} revokes the tokens of every pair and grant whose access changed.
     */
    public Before before(Collection<String> userIds, Collection<String> appIds) {
        return new Before(new ArrayList<>(new LinkedHashSet<>(userIds)), new ArrayList<>(new LinkedHashSet<>(appIds)));
    }

    /** Who could use what, and by which grant, before a change. */
    public final class Before {
        private final List<String> userIds;
        private final List<String> appIds;
        private final Set<String> permitted;

        private Before(List<String> userIds, List<String> appIds) {
            this.userIds = userIds;
            this.appIds = appIds;
            this.permitted = permitted();
        }

        /**
         * Revokes the tokens of each pair whose access by a grant differs now from before: that grant's tokens, and
         * those whose grant is not known; all of the pair's tokens when both grants changed.
         */
        public void revokeChanged() {
            Set<String> after = permitted();
            for (String userId : userIds) {
                for (String appId : appIds) {
                    boolean logIn = changed(after, userId, appId, GrantTypes.JWT_BEARER);
                    boolean runAs = changed(after, userId, appId, GrantTypes.CLIENT_CREDENTIALS);
                    if (logIn && runAs) {
                        revoked += tokens.revokeForUser(appId, userId, null, now);
                    } else if (logIn) {
                        revoked += tokens.revokeForUser(appId, userId, GrantTypes.JWT_BEARER, now);
                    } else if (runAs) {
                        revoked += tokens.revokeForUser(appId, userId, GrantTypes.CLIENT_CREDENTIALS, now);
                    }
                }
            }
        }

        private boolean changed(Set<String> after, String userId, String appId, String grant) {
            String key = userId + "/" + appId + "/" + grant;
            return permitted.contains(key) != after.contains(key);
        }

        private Set<String> permitted() {
            Set<String> out = new HashSet<>();
            List<ConnectedApp> current = new ArrayList<>();
            for (String appId : appIds) {
                apps.findById(appId).ifPresent(current::add);
            }
            for (String userId : userIds) {
                Optional<User> user = users.findById(userId);
                if (user.isEmpty()) {
                    continue;
                }
                for (ConnectedApp app : current) {
                    if (permittedUsers.mayHoldTokens(app, user.get(), GrantTypes.JWT_BEARER)) {
                        out.add(userId + "/" + app.id() + "/" + GrantTypes.JWT_BEARER);
                    }
                    if (permittedUsers.mayHoldTokens(app, user.get(), GrantTypes.CLIENT_CREDENTIALS)) {
                        out.add(userId + "/" + app.id() + "/" + GrantTypes.CLIENT_CREDENTIALS);
                    }
                }
            }
            return out;
        }
    }
}
