package io.userbound.oauth.grant;

import io.userbound.core.model.ConnectedApp;
import io.userbound.oauth.audit.LoginAttempt;

/**
 * What the client authentication phase of {@link TokenEndpoint} hands a grant handler
 * ({@link ClientAuthenticationPhase}).
 */
public sealed interface AuthenticatedClient {
    /**
     * The client proved it is {@code app}: a matching consumer secret, or a verified {@code private_key_jwt}
     * assertion whose {@code jti} the grant's commit must use up.
     *
     * @param app never null
     * @param assertionJti the client assertion's single use; null for a secret
     */
    record Authenticated(ConnectedApp app, JtiUse assertionJti) implements AuthenticatedClient {
    }

    /**
     * A grant that names its client itself (the JWT bearer grant names it in the assertion's {@code iss},
     * {@code salesforce-compat.md} section 9 rule 5): the credentials the request carried, if any, are confirmed
     * against that app once the grant has found it.
     *
     * @param presented the client id and secret the request carried; null when none
     * @param confirmation checks them against an app; never null
     */
    record NamedByGrant(ClientAuthentication presented, Confirmation confirmation) implements AuthenticatedClient {
        /** Checks presented credentials against the app a grant found (the client authentication's secrets). */
        @FunctionalInterface
        public interface Confirmation {
            /** @throws OAuthException the refusal */
            void confirm(ClientAuthentication presented, ConnectedApp app, LoginAttempt attempt);
        }

        /**
         * Accepts no credentials, or credentials that name {@code app} with no secret, an empty one or one of the
         * app's secrets (recorded on the attempt for the reply's {@code signature}).
         *
         * @throws OAuthException {@code invalid_client} when they name another app or a secret does not match
         */
        public void confirm(ConnectedApp app, LoginAttempt attempt) {
            confirmation.confirm(presented, app, attempt);
        }
    }
}
