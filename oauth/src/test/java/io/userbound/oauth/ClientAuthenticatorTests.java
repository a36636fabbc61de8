package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.clientauth.HmacConsumerSecretHasher;
import io.userbound.oauth.grant.ClientAuthentication;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which secret of an app a presented secret matches, before, during and after a rotation's overlap window. */
class ClientAuthenticatorTests {
    private static final String CURRENT = "current-secret";
    private static final String PREVIOUS = "previous-secret";

    record Case(String name, String presented, String previousHash, Duration untilExpiry,
            ClientAuthenticator.SecretMatch expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        HmacConsumerSecretHasher h = new HmacConsumerSecretHasher(OAuthFixture.PEPPER);
        return Stream.of(
                new Case("current secret, no rotation", CURRENT, null, null, ClientAuthenticator.SecretMatch.CURRENT),
                new Case("current secret during a rotation", CURRENT, h.hash(PREVIOUS), Duration.ofHours(1),
                        ClientAuthenticator.SecretMatch.CURRENT),
                new Case("previous secret inside the window", PREVIOUS, h.hash(PREVIOUS), Duration.ofSeconds(1),
                        ClientAuthenticator.SecretMatch.PREVIOUS),
                new Case("previous secret at the expiry instant", PREVIOUS, h.hash(PREVIOUS), Duration.ZERO,
                        ClientAuthenticator.SecretMatch.NONE),
                new Case("previous secret after the window", PREVIOUS, h.hash(PREVIOUS), Duration.ofSeconds(-1),
                        ClientAuthenticator.SecretMatch.NONE),
                new Case("previous secret with no rotation recorded", PREVIOUS, null, null,
                        ClientAuthenticator.SecretMatch.NONE),
                new Case("wrong secret during a rotation", "guess", h.hash(PREVIOUS), Duration.ofHours(1),
                        ClientAuthenticator.SecretMatch.NONE),
                new Case("current secret in another case", CURRENT.toUpperCase(), null, null,
                        ClientAuthenticator.SecretMatch.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whenSecretPresentedThenMatchedAgainstCurrentAndPreviousInsideItsWindow(Case c) {
        OAuthFixture f = new OAuthFixture();
        Instant now = f.clock.instant();
        ConnectedApp app = f.app.withSecrets(f.hasher.hash(CURRENT), c.previousHash(),
                c.previousHash() == null ? null : now.plus(c.untilExpiry()), now);

        assertThat(new ClientAuthenticator(f.hasher, f.clock).match(c.presented(), app)).isEqualTo(c.expected());
    }

    @Test
    void whenEndpointCannotCheckSecretsThenEvenThePreviousOneIsRefused() {
        OAuthFixture f = new OAuthFixture();
        f.rotateSecret(CURRENT, Duration.ofHours(1));
        ClientAuthentication presented = new ClientAuthentication(f.app.consumerKey(), OAuthFixture.SECRET,
                ClientAuthentication.Method.CLIENT_SECRET_POST);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> ClientAuthenticator.REJECT_SECRETS.requireSecret(presented, f.app, null));

        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_CREDENTIALS);
        assertThat(e.reason()).isEqualTo(LoginReason.INVALID_CLIENT_CREDENTIALS);
        assertThat(e.basicChallenge()).isFalse();
    }
}
