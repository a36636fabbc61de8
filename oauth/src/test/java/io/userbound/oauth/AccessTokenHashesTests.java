package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.protocol.SalesforceId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccessTokenHashesTests {
    /** A presented string, built from a real issued token, and whether it must be found. */
    record Presented(String name, java.util.function.UnaryOperator<String> from, boolean found) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Presented> presented() {
        return Stream.of(
                new Presented("the token as issued", t -> t, true),
                new Presented("its id with another secret", t -> t.substring(0, 34) + "x".repeat(43), false),
                new Presented("its id with the secret cut short", t -> t.substring(0, 40), false),
                new Presented("its id with one more character", t -> t + "A", false),
                new Presented("its id alone", t -> t.substring(0, 34), false),
                new Presented("the id's 18th character changed (checksum)",
                        t -> t.substring(0, 33) + (t.charAt(33) == 'A' ? 'B' : 'A') + t.substring(34), false),
                new Presented("no ! after the org id", t -> t.replace('!', '.'), false),
                new Presented("a token without an id (before V5)", t -> t.substring(0, 16) + t.substring(34), false),
                new Presented("an id of another kind (a user id)", t -> t.substring(0, 16) + "005000000000001AAA"
                        + t.substring(34), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presented")
    void whenATokenIsPresentedThenFoundOnlyWhenItsIdAndItsWholeHashMatch(Presented p) {
        OAuthFixture f = new OAuthFixture();
        String issued = f.post(f.assertion().build()).accessToken();

        assertThat(AccessTokenHashes.find(f.tokens, p.from().apply(issued)).isPresent())
                .as(p.name()).isEqualTo(p.found());
    }

    @Test
    void whenATokenIsIssuedThenItCarriesItsRowIdAfterTheOrgId() {
        OAuthFixture f = new OAuthFixture();
        String issued = f.post(f.assertion().build()).accessToken();
        AccessTokenRecord stored = f.tokens.all().get(0);

        assertThat(issued).startsWith(SalesforceId.to15(f.org.id()) + "!" + stored.id());
        assertThat(AccessTokenHashes.tokenId(issued)).contains(stored.id());
        assertThat(stored.tokenHash()).isEqualTo(AccessTokenHashes.sha256Hex(issued));
    }

    @Test
    void whenTheStringHoldsNoTokenIdThenNoLookupAtAll() {
        OAuthFixture f = new OAuthFixture();

        assertThat(AccessTokenHashes.find(f.tokens, null)).isEmpty();
        assertThat(AccessTokenHashes.find(f.tokens, "00D000000000001!short")).isEmpty();
        assertThat(AccessTokenHashes.find(f.tokens, "not a token at all, not even close")).isEmpty();
        assertThat(f.tokens.lookups.get()).isZero();
    }
}
