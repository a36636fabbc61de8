package io.userbound.oauth;

import static io.userbound.oauth.OAuthFixture.form;
import static io.userbound.oauth.TokenManagementFixture.OTHER_SECRET;
import static io.userbound.oauth.TokenManagementFixture.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.revoke.Revoker;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.protocol.OAuthErrorCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RevokerTests {

    /** A request against a fresh fixture; {@code token} is a token of the fixture app issued before it is built. */
    record Request(String name, RequestBuilder form, Function<TokenManagementFixture, String> authorization) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface RequestBuilder {
        Map<String, List<String>> build(TokenManagementFixture t, String token);
    }

    record Refused(Request request, String error, String description, int status, boolean challenge,
            LoginReason reason) {
        @Override
        public String toString() {
            return request.name();
        }
    }

    private static Request request(String name, RequestBuilder form,
            Function<TokenManagementFixture, String> authorization) {
        return new Request(name, form, authorization);
    }

    static Stream<Refused> refusals() {
        String invalid = "invalid client credentials";
        String notYours = "token was not issued to this client";
        return Stream.of(
                new Refused(request("body not a form", (t, token) -> null, t -> null), OAuthErrorCodes.INVALID_REQUEST,
                        "the body must be application/x-www-form-urlencoded", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("token missing", (t, token) -> form("token_type_hint", "access_token"),
                        t -> null), OAuthErrorCodes.INVALID_REQUEST, "token is missing", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("token repeated", (t, token) -> form("token", token, "token", token), t -> null),
                        OAuthErrorCodes.INVALID_REQUEST, "parameter token is repeated", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("a JWT", (t, token) -> form("token",
                        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"), t -> null),
                        OAuthErrorCodes.UNSUPPORTED_TOKEN_TYPE, "token type not supported", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("unknown client_id", (t, token) -> form("token", token, "client_id", "3MVG9nobody"),
                        t -> null), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, false, LoginReason.UNKNOWN_CLIENT),
                new Refused(request("unknown client in Basic", (t, token) -> form("token", token),
                        t -> basic("3MVG9nobody", "x")), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, true,
                        LoginReason.UNKNOWN_CLIENT),
                new Refused(request("wrong secret in Basic", (t, token) -> form("token", token),
                        t -> basic(t.f.app.consumerKey(), "no")), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, true,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("wrong secret in the body", (t, token) -> form("token", token, "client_id",
                        t.f.app.consumerKey(), "client_secret", "no"), t -> null), OAuthErrorCodes.INVALID_CLIENT,
                        invalid, 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("another app, authenticated", (t, token) -> form("token", token, "client_id",
                        t.other.consumerKey(), "client_secret", OTHER_SECRET), t -> null),
                        OAuthErrorCodes.UNAUTHORIZED_CLIENT, notYours, 400, false, LoginReason.CLIENT_MISMATCH),
                new Refused(request("another app, by client_id alone",
                        (t, token) -> form("token", token, "client_id", t.other.consumerKey()), t -> null),
                        OAuthErrorCodes.UNAUTHORIZED_CLIENT, notYours, 400, false, LoginReason.CLIENT_MISMATCH),
                new Refused(request("another app holding ViewAllTokens", (t, token) -> form("token", token),
                        t -> basic(t.auditor.consumerKey(), OTHER_SECRET)), OAuthErrorCodes.UNAUTHORIZED_CLIENT,
                        notYours, 400, false, LoginReason.CLIENT_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenRequestIsRefusedThenExactErrorAndTheTokenStillWorks(Refused c) {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        Request r = c.request();

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> t.revoker.revoke(r.form().build(t, token), r.authorization().apply(t)));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.error().code()).isEqualTo(c.error());
        assertThat(e.error().description()).isEqualTo(c.description());
        assertThat(e.error().httpStatus()).isEqualTo(c.status());
        assertThat(e.basicChallenge()).isEqualTo(c.challenge());
        assertThat(e.reason()).isEqualTo(c.reason());
        assertThat(t.bearer.authenticate(token)).as("the token still works").isPresent();
    }

    static Stream<Request> accepted() {
        return Stream.of(
                request("no client authentication", (t, token) -> form("token", token), t -> null),
                request("client_id alone", (t, token) -> form("token", token, "client_id", t.f.app.consumerKey()),
                        t -> null),
                request("client credentials in the body", (t, token) -> form("token", token, "client_id",
                        t.f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), t -> null),
                request("client credentials in Basic", (t, token) -> form("token", token),
                        t -> basic(t.f.app.consumerKey(), OAuthFixture.SECRET)),
                request("Basic with an empty secret", (t, token) -> form("token", token),
                        t -> basic(t.f.app.consumerKey(), "")),
                request("hint refresh_token", (t, token) -> form("token", token, "token_type_hint", "refresh_token"),
                        t -> null),
                request("unknown hint", (t, token) -> form("token", token, "token_type_hint", "id_token"), t -> null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void whenOwnTokenIsRevokedThenItStopsAtOnceEvenWhenCached(Request r) {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        assertThat(t.bearer.authenticate(token)).as("cached before").isPresent();

        Revoker.Outcome outcome = t.revoker.revoke(r.form().build(t, token), r.authorization().apply(t));

        assertThat(outcome).isEqualTo(Revoker.Outcome.REVOKED);
        assertThat(t.bearer.authenticate(token)).as("no wait for the cache ttl").isEmpty();
        AccessTokenRecord stored = AccessTokenHashes.find(t.f.tokens, token).orElseThrow();
        assertThat(stored.revokedAt()).isEqualTo(t.f.clock.instant());
        assertThat(t.introspector.introspect(form("token", token),
                basic(t.f.app.consumerKey(), OAuthFixture.SECRET)).active()).isFalse();
    }

    static Stream<Request> unknown() {
        return Stream.of(
                request("never issued", (t, token) -> form("token", t.f.org.id().substring(0, 15) + "!nope"),
                        t -> null),
                request("with a space", (t, token) -> form("token", "00D000000000001!a b"), t -> null),
                request("too long", (t, token) -> form("token",
                        "x".repeat(BearerTokenAuthenticator.MAX_TOKEN_LENGTH + 1)), t -> null),
                request("unknown, by an authenticated app", (t, token) -> form("token", "00D000000000001!nope"),
                        t -> basic(t.f.app.consumerKey(), OAuthFixture.SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknown")
    void whenTokenIsUnknownThenAcceptedAndNothingChanges(Request r) {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();

        Revoker.Outcome outcome = t.revoker.revoke(r.form().build(t, token), r.authorization().apply(t));

        assertThat(outcome).isEqualTo(Revoker.Outcome.UNKNOWN);
        assertThat(t.f.tokens.all()).allSatisfy(rec -> assertThat(rec.revokedAt()).isNull());
    }

    @Test
    void whenRevokedTwiceThenSecondIsAlreadyRevokedAndKeepsTheFirstTime() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        t.revoker.revoke(form("token", token), null);
        java.time.Instant first = t.f.clock.instant();
        t.f.clock.advance(Duration.ofMinutes(1));

        Revoker.Outcome again = t.revoker.revoke(form("token", token), null);

        assertThat(again).isEqualTo(Revoker.Outcome.ALREADY_REVOKED);
        assertThat(AccessTokenHashes.find(t.f.tokens, token).orElseThrow().revokedAt())
                .isEqualTo(first);
    }

    @Test
    void whenTokenExpiredThenStillRevoked() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        t.f.clock.advance(Duration.ofHours(3));

        assertThat(t.revoker.revoke(form("token", token), null)).isEqualTo(Revoker.Outcome.REVOKED);
    }

    @Test
    void whenAnotherAppsTokenIsRevokedWithoutClientAuthenticationThenRevoked() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.tokenOf(t.other, t.f.user);

        assertThat(t.revoker.revoke(form("token", token), null)).isEqualTo(Revoker.Outcome.REVOKED);
        assertThat(t.bearer.authenticate(token)).isEmpty();
    }

    @Test
    void whenOneTokenIsRevokedThenTheUsersOtherTokensStillWork() {
        TokenManagementFixture t = new TokenManagementFixture();
        String first = t.ownToken();
        String second = t.ownToken();

        t.revoker.revoke(form("token", first), null);

        assertThat(t.bearer.authenticate(first)).isEmpty();
        assertThat(t.bearer.authenticate(second)).isPresent();
    }
}
