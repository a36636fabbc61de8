package io.userbound.core.admin;

import io.userbound.core.PermittedUsers;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.UserStore;
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
 * <p>A token is revoked when the access of its (user, app) pair <em>changes</em>, either way. Losing access obviously
 * ends it. Gaining access also ends any token the pair already holds: a pair without access can hold a token only if a
 * node whose 1-second configuration cache still showed the old access issued one after the change, and such a token
 * must not come back to life. So reactivating a user revokes the user's tokens too, and no token issued before a
 * deactivation ever works again. Every revocation reads the state from the database (the transaction), never from a
 * cache. Not thread-safe: one instance per change.
 */
final class TokenRevocations {
    private final TokenStore tokens;
    private final UserStore users;
    private final ConnectedAppStore apps;
    private final PermittedUsers permitted;
    private final Instant now;
    private int revoked;

    TokenRevocations(TokenStore tokens, UserStore users, ConnectedAppStore apps, PermittedUsers permitted,
            Instant now) {
        this.tokens = tokens;
        this.users = users;
        this.apps = apps;
        this.permitted = permitted;
        this.now = now;
    }

    /** How many tokens this change revoked so far. */
    int revoked() {
        return revoked;
    }

    /** Every token of {@code user}, of every app of the user's org. */
    void allOf(User user) {
        for (ConnectedApp app : apps.list(user.orgId())) {
            revoked += tokens.revokeForUser(app.id(), user.id(), now);
        }
    }

    /** Every token of {@code app}. */
    void allOf(ConnectedApp app) {
        revoked += tokens.revokeForApp(app.id(), now);
    }

    /**
     * Notes, before a change, which of {@code userIds} may use which of {@code appIds}; after the change,
     * {@link Before#revokeChanged()} revokes the tokens of every pair whose access changed.
     */
    Before before(Collection<String> userIds, Collection<String> appIds) {
        return new Before(new ArrayList<>(new LinkedHashSet<>(userIds)), new ArrayList<>(new LinkedHashSet<>(appIds)));
    }

    /** Who could use what before a change. */
    final class Before {
        private final List<String> userIds;
        private final List<String> appIds;
        private final Set<String> permittedPairs;

        private Before(List<String> userIds, List<String> appIds) {
            this.userIds = userIds;
            this.appIds = appIds;
            this.permittedPairs = permittedPairs();
        }

        /** Revokes the tokens of each pair whose access differs now from before. */
        void revokeChanged() {
            Set<String> after = permittedPairs();
            for (String userId : userIds) {
                for (String appId : appIds) {
                    String pair = userId + "/" + appId;
                    if (permittedPairs.contains(pair) != after.contains(pair)) {
                        revoked += tokens.revokeForUser(appId, userId, now);
                    }
                }
            }
        }

        private Set<String> permittedPairs() {
            Set<String> pairs = new HashSet<>();
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
                    if (permitted.mayHoldTokens(app, user.get())) {
                        pairs.add(userId + "/" + app.id());
                    }
                }
            }
            return pairs;
        }
    }
}
