package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.protocol.TokenResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenAuthenticatorTests {
    private final OAuthFixture f = new OAuthFixture();
    private final BearerTokenAuthenticator auth =
            new BearerTokenAuthenticator(f.tokens, f.clock, 100, Duration.ofSeconds(2));

    private String issue() {
        TokenResponse r = f.post(f.assertion().build());
        return r.accessToken();
    }

    @Test
    void whenTokenIsValidThenItsRecord() {
        String token = issue();

        Optional<AccessTokenRecord> record = auth.authenticate(token);

        assertThat(record).isPresent();
        assertThat(record.get().userId()).isEqualTo(f.user.id());
        assertThat(record.get().appId()).isEqualTo(f.app.id());
        assertThat(record.get().tokenHash()).isEqualTo(AccessTokenHashes.sha256Hex(token));
    }

    @Test
    void whenTokenIsUnknownThenEmpty() {
        issue();

        assertThat(auth.authenticate(f.org.id().substring(0, 15) + "!notATokenWeIssued")).isEmpty();
        assertThat(f.tokens.lookups.get()).as("no token id, no lookup").isZero();
        assertThat(auth.authenticate(f.org.id().substring(0, 15) + "!"
                + f.ids.next(io.userbound.protocol.KeyPrefix.ACCESS_TOKEN) + "x".repeat(43))).isEmpty();
        assertThat(f.tokens.lookups.get()).as("a well-formed id that names no row").isEqualTo(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "tab\there", "non-ascii-\u00e9"})
    void whenTokenIsMalformedThenEmptyWithoutLookup(String token) {
        assertThat(auth.authenticate(token)).isEmpty();
        assertThat(f.tokens.lookups.get()).isZero();
    }

    @Test
    void whenTokenIsTooLongThenEmptyWithoutLookup() {
        assertThat(auth.authenticate("a".repeat(BearerTokenAuthenticator.MAX_TOKEN_LENGTH + 1))).isEmpty();
        assertThat(f.tokens.lookups.get()).isZero();
    }

    @Test
    void whenTokenExpiredThenEmptyEvenIfCached() {
        String token = issue();
        assertThat(auth.authenticate(token)).isPresent();

        f.clock.advance(Duration.ofHours(2));

        assertThat(auth.authenticate(token)).isEmpty();
    }

    @Test
    void whenTokenIsRevokedInTheStoreThenEmptyOnceTheTtlPasses() {
        String token = issue();
        assertThat(auth.authenticate(token)).isPresent();
        f.tokens.revoke(AccessTokenHashes.tokenId(token).orElseThrow(), f.clock.instant());

        Optional<AccessTokenRecord> withinTtl = auth.authenticate(token);
        f.clock.advance(Duration.ofSeconds(2));
        Optional<AccessTokenRecord> afterTtl = auth.authenticate(token);

        assertThat(withinTtl).as("served from the cache within the ttl").isPresent();
        assertThat(afterTtl).isEmpty();
    }

    @Test
    void whenTokenIsRevokedThroughThisNodeThenEvictionTakesEffectAtOnce() {
        String token = issue();
        assertThat(auth.authenticate(token)).isPresent();

        f.tokens.revoke(AccessTokenHashes.tokenId(token).orElseThrow(), f.clock.instant());
        auth.evict(token);

        assertThat(auth.authenticate(token)).isEmpty();
    }

    @Test
    void whenCachedWithinTtlThenStoreIsAskedOnce() {
        String token = issue();

        auth.authenticate(token);
        f.clock.advance(Duration.ofMillis(1999));
        auth.authenticate(token);
        int withinTtl = f.tokens.lookups.get();
        f.clock.advance(Duration.ofMillis(1));
        auth.authenticate(token);

        assertThat(withinTtl).isEqualTo(1);
        assertThat(f.tokens.lookups.get()).isEqualTo(2);
    }

    @Test
    void whenMoreTokensThanEntriesThenCacheStaysBounded() {
        BearerTokenAuthenticator small = new BearerTokenAuthenticator(f.tokens, f.clock, 2, Duration.ofSeconds(2));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(issue());
        }

        for (String token : tokens) {
            assertThat(small.authenticate(token)).isPresent();
        }

        assertThat(small.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void whenSettingsAreNonsenseThenConstructionFails() {
        assertThatThrownBy(() -> new BearerTokenAuthenticator(f.tokens, f.clock, 0, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BearerTokenAuthenticator(f.tokens, f.clock, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
