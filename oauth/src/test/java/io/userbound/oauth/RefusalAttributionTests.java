package io.userbound.oauth;

import static io.userbound.oauth.OAuthFixture.FORM;
import static io.userbound.oauth.OAuthFixture.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.token.RefusalAttribution;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.KeyPrefix;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, part 2: a token request refused before its grant resolved the app (a key-confusion attempt, a garbled
 * assertion, a repeated parameter, an unknown grant type) is still recorded in the LoginHistory of the org whose app
 * it names, with the user its assertion names when that user is of the org; one that names nothing known is counted.
 */
class RefusalAttributionTests {
    private static final byte[] HMAC_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Who the row is expected to belong to. */
    enum Owner { APP_AND_USER, APP_ONLY, NOBODY }

    record Case(String name, Function<OAuthFixture, Map<String, List<String>>> form,
            Function<OAuthFixture, String> authorization, Owner owner) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, List<String>> jwt(String assertion, String... more) {
        String[] pairs = new String[4 + more.length];
        pairs[0] = "grant_type";
        pairs[1] = GrantTypes.JWT_BEARER;
        pairs[2] = "assertion";
        pairs[3] = assertion;
        System.arraycopy(more, 0, pairs, 4, more.length);
        return form(pairs);
    }

    private static String basic(String id) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":").getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Case> refusals() {
        return Stream.of(
                new Case("alg none naming the app", f -> jwt(f.assertion().alg("none").build()), f -> null,
                        Owner.APP_AND_USER),
                new Case("HS256 naming the app (key confusion)",
                        f -> jwt(f.assertion().alg("HS256").hmacSecret(HMAC_KEY).build()), f -> null,
                        Owner.APP_AND_USER),
                new Case("alg none with a kid pointing nowhere",
                        f -> jwt(f.assertion().alg("none").header("kid", "../../etc/passwd").build()), f -> null,
                        Owner.APP_AND_USER),
                new Case("garbage assertion, client_id naming the app",
                        f -> jwt("garbage", "client_id", f.app.consumerKey()), f -> null, Owner.APP_ONLY),
                new Case("garbage assertion, Basic naming the app",
                        f -> jwt("not.a.jwt"), f -> basic(f.app.consumerKey()), Owner.APP_ONLY),
                new Case("repeated assertion naming the app",
                        f -> jwt(f.assertion().build(), "assertion", "again"), f -> null, Owner.APP_AND_USER),
                new Case("unknown grant_type, client_id naming the app",
                        f -> form("grant_type", "password", "client_id", f.app.consumerKey(), "username", "x"),
                        f -> null, Owner.APP_ONLY),
                new Case("no grant_type, assertion naming the app",
                        f -> form("assertion", f.assertion().alg("none").build()), f -> null, Owner.APP_AND_USER),
                new Case("client credentials, client assertion with alg none",
                        f -> OAuthFixture.clientCredentialsForm("client_assertion_type",
                                GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER, "client_assertion",
                                f.clientAssertion().alg("none").build()), f -> null, Owner.APP_ONLY),
                new Case("alg none naming an unknown app",
                        f -> jwt(TestAssertions.valid("3MVG9nobody", f.user.username(), "x", f.clock.instant(),
                                null).alg("none").build()), f -> null, Owner.NOBODY),
                new Case("unknown grant_type naming nothing", f -> form("grant_type", "password"), f -> null,
                        Owner.NOBODY),
                new Case("client_id too long to be a key",
                        f -> form("grant_type", "password", "client_id", "k".repeat(10_000)), f -> null,
                        Owner.NOBODY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenRequestIsRefusedBeforeItsAppIsResolvedThenTheRowBelongsToTheAppItNames(Case c) {
        OAuthFixture f = new OAuthFixture();

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> f.post(c.form().apply(f), FORM, c.authorization().apply(f)));

        assertThat(e).as("refused").isNotNull();
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(e.reason());
        switch (c.owner()) {
            case APP_AND_USER -> {
                assertThat(row.orgId()).isEqualTo(f.org.id());
                assertThat(row.appId()).isEqualTo(f.app.id());
                assertThat(row.application()).isEqualTo(f.app.name());
                assertThat(row.consumerKey()).isEqualTo(f.app.consumerKey());
                assertThat(row.userId()).isEqualTo(f.user.id());
                assertThat(row.username()).isEqualTo(f.user.username());
                assertThat(f.endpoint.unattributedRefusals()).isZero();
            }
            case APP_ONLY -> {
                assertThat(row.orgId()).isEqualTo(f.org.id());
                assertThat(row.appId()).isEqualTo(f.app.id());
                assertThat(row.consumerKey()).isEqualTo(f.app.consumerKey());
                assertThat(row.userId()).isNull();
                assertThat(f.endpoint.unattributedRefusals()).isZero();
            }
            case NOBODY -> {
                assertThat(row.orgId()).isNull();
                assertThat(row.appId()).isNull();
                assertThat(row.userId()).isNull();
                assertThat(f.endpoint.unattributedRefusals()).isEqualTo(1);
            }
        }
        assertThat(f.tokens.all()).isEmpty();
    }

    @Test
    void whenTheAssertionNamesAUserOfAnotherOrgThenTheRowNamesTheUsernameButNoUser() {
        OAuthFixture f = new OAuthFixture();
        User stranger = new User(f.ids.next(KeyPrefix.USER), "00D000000000999AAA", "stranger@other.example", "S",
                "Trange", "stranger@other.example", UserType.STANDARD, true, f.apiProfile.id(), f.clock.instant(),
                f.clock.instant());
        f.users.insert(stranger);

        catchThrowableOfType(OAuthException.class, () -> f.post(
                f.assertion().claim("sub", stranger.username()).alg("none").build()));

        LoginHistoryEntry row = f.history.only();
        assertThat(row.orgId()).isEqualTo(f.org.id());
        assertThat(row.userId()).isNull();
        assertThat(row.username()).isEqualTo(stranger.username());
    }

    @Test
    void whenRefusedTextHoldsControlCharactersThenTheRowHoldsThemEscaped() {
        OAuthFixture f = new OAuthFixture();

        catchThrowableOfType(OAuthException.class, () -> f.endpoint.handle(
                jwt(f.assertion().claim("sub", "evil\r\n2026-03-01 INFO forged\u0000").alg("none").build()), FORM,
                null, new RequestOrigin(OAuthFixture.SOURCE_IP, f.settings.tokenEndpointUrl(), "agent\nX-Forged: 1")));

        LoginHistoryEntry row = f.history.only();
        assertThat(row.username()).isEqualTo("evil\\r\\n2026-03-01 INFO forged\\u0000");
        assertThat(row.userAgent()).isEqualTo("agent\\nX-Forged: 1");
        assertThat(row.detail()).doesNotContain("\n", "\r", "\u0000");
    }

    @Test
    void whenHttpCouldNotReadTheBodyThenTheRowBelongsToTheAppOfTheBasicHeader() {
        OAuthFixture f = new OAuthFixture();

        f.endpoint.refuse(OAuthError.INVALID_REQUEST, "malformed form body", basic(f.app.consumerKey()), f.origin());
        f.endpoint.refuse(OAuthError.INVALID_REQUEST, "malformed form body", null, f.origin());

        assertThat(f.history.all()).extracting(LoginHistoryEntry::orgId).containsExactlyInAnyOrder(f.org.id(), null);
        assertThat(f.endpoint.unattributedRefusals()).isEqualTo(1);
    }

    @Test
    void whenAttributionIsNoneThenEveryEarlyRefusalIsUnattributed() {
        assertThat(RefusalAttribution.NONE.of(Map.of("client_id", "anything"), null)).isEmpty();
    }
}
