package io.userbound.oauth;

import static io.userbound.oauth.OAuthFixture.form;
import static io.userbound.oauth.TokenManagementFixture.OTHER_SECRET;
import static io.userbound.oauth.TokenManagementFixture.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginReason;
import io.userbound.oauth.introspect.Introspection;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.protocol.OAuthErrorCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IntrospectorTests {

    /** A request built against a fresh fixture (the builder may also change the fixture: revoke, advance time). */
    record Request(String name, Function<TokenManagementFixture, Map<String, List<String>>> form,
            Function<TokenManagementFixture, String> authorization) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Refused(Request request, String error, String description, int status, boolean challenge,
            LoginReason reason) {
        @Override
        public String toString() {
            return request.name();
        }
    }

    private static Request request(String name, Function<TokenManagementFixture, Map<String, List<String>>> form,
            Function<TokenManagementFixture, String> authorization) {
        return new Request(name, form, authorization);
    }

    /** {@code token=<t>} with the fixture app's credentials in the body. */
    private static Map<String, List<String>> asApp(TokenManagementFixture t, String token) {
        return form("token", token, "client_id", t.f.app.consumerKey(), "client_secret", OAuthFixture.SECRET);
    }

    private static Map<String, List<String>> asApp(ConnectedApp app, String token) {
        return form("token", token, "client_id", app.consumerKey(), "client_secret", OTHER_SECRET);
    }

    private static Introspection introspect(TokenManagementFixture t, Request r) {
        return t.introspector.introspect(r.form().apply(t), r.authorization().apply(t));
    }

    static Stream<Refused> refusals() {
        String required = "client authentication required";
        String invalid = "invalid client credentials";
        return Stream.of(
                new Refused(request("body not a form", t -> null, t -> null), OAuthErrorCodes.INVALID_REQUEST,
                        "the body must be application/x-www-form-urlencoded", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("no client authentication", t -> form("token", t.ownToken()), t -> null),
                        OAuthErrorCodes.INVALID_CLIENT, required, 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("client_id without a secret",
                        t -> form("token", t.ownToken(), "client_id", t.f.app.consumerKey()), t -> null),
                        OAuthErrorCodes.INVALID_CLIENT, required, 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("Basic with an empty secret", t -> form("token", t.ownToken()),
                        t -> basic(t.f.app.consumerKey(), "")), OAuthErrorCodes.INVALID_CLIENT, required, 401, true,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("unknown client_id in the body",
                        t -> form("token", t.ownToken(), "client_id", "3MVG9nobody", "client_secret", "x"),
                        t -> null), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, false, LoginReason.UNKNOWN_CLIENT),
                new Refused(request("unknown client_id in Basic", t -> form("token", t.ownToken()),
                        t -> basic("3MVG9nobody", "x")), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, true,
                        LoginReason.UNKNOWN_CLIENT),
                new Refused(request("wrong secret in the body",
                        t -> form("token", t.ownToken(), "client_id", t.f.app.consumerKey(), "client_secret", "no"),
                        t -> null), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, false,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("wrong secret in Basic", t -> form("token", t.ownToken()),
                        t -> basic(t.f.app.consumerKey(), "no")), OAuthErrorCodes.INVALID_CLIENT, invalid, 401, true,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("another app's secret", t -> form("token", t.ownToken(), "client_id",
                        t.f.app.consumerKey(), "client_secret", OTHER_SECRET), t -> null),
                        OAuthErrorCodes.INVALID_CLIENT, invalid, 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("malformed Basic", t -> form("token", t.ownToken()), t -> "Basic %%%"),
                        OAuthErrorCodes.INVALID_CLIENT, invalid, 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("Basic and client_secret together", t -> asApp(t, t.ownToken()),
                        t -> basic(t.f.app.consumerKey(), OAuthFixture.SECRET)), OAuthErrorCodes.INVALID_REQUEST,
                        "more than one client authentication method", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("token repeated", t -> form("token", "a", "token", "b", "client_id",
                        t.f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), t -> null),
                        OAuthErrorCodes.INVALID_REQUEST, "parameter token is repeated", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("token missing", t -> form("client_id", t.f.app.consumerKey(),
                        "client_secret", OAuthFixture.SECRET), t -> null), OAuthErrorCodes.INVALID_REQUEST,
                        "token is missing", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("token empty", t -> asApp(t, ""), t -> null), OAuthErrorCodes.INVALID_REQUEST,
                        "token is missing", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("bad credentials win over a missing token",
                        t -> form("client_id", t.f.app.consumerKey(), "client_secret", "no"), t -> null),
                        OAuthErrorCodes.INVALID_CLIENT, invalid, 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenRequestIsRefusedThenExactError(Refused c) {
        TokenManagementFixture t = new TokenManagementFixture();

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> introspect(t, c.request()));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.error().code()).isEqualTo(c.error());
        assertThat(e.error().description()).isEqualTo(c.description());
        assertThat(e.error().httpStatus()).isEqualTo(c.status());
        assertThat(e.basicChallenge()).isEqualTo(c.challenge());
        assertThat(e.reason()).isEqualTo(c.reason());
    }

    static Stream<Request> inactive() {
        return Stream.of(
                request("unknown token", t -> asApp(t, t.f.org.id().substring(0, 15) + "!neverIssued"), t -> null),
                request("unknown token with a well-formed id", t -> asApp(t, t.f.org.id().substring(0, 15) + "!"
                        + t.f.ids.next(io.userbound.protocol.KeyPrefix.ACCESS_TOKEN) + "x".repeat(43)), t -> null),
                request("token with a space", t -> asApp(t, "00D000000000001!a b"), t -> null),
                request("token too long", t -> asApp(t, "a".repeat(BearerTokenAuthenticator.MAX_TOKEN_LENGTH + 1)),
                        t -> null),
                request("a JWT", t -> asApp(t, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"), t -> null),
                request("expired token", t -> {
                    String token = t.ownToken();
                    t.f.clock.advance(t.f.app.tokenLifetime());
                    return asApp(t, token);
                }, t -> null),
                request("revoked token", t -> {
                    String token = t.ownToken();
                    t.f.tokens.revoke(AccessTokenHashes.tokenId(token).orElseThrow(), t.f.clock.instant());
                    return asApp(t, token);
                }, t -> null),
                request("token whose user was deactivated", t -> {
                    String token = t.ownToken();
                    t.f.users.update(t.f.user.withActive(false, t.f.clock.instant()));
                    return asApp(t, token);
                }, t -> null),
                request("token whose user may no longer use the app (grant removed)", t -> {
                    String token = t.ownToken();
                    t.f.access.revoke(t.f.profileGrant.id());
                    return asApp(t, token);
                }, t -> null),
                request("client credentials token after the app's flow was switched off", t -> {
                    String token = t.clientCredentialsToken();
                    t.f.apps.update(t.f.apps.findById(t.f.app.id()).orElseThrow()
                            .withClientCredentials(false, t.f.user.id(), t.f.clock.instant()));
                    return asApp(t, token);
                }, t -> null),
                request("another app's token, caller without a run-as user",
                        t -> asApp(t.other, t.ownToken()), t -> null),
                request("another app's token, run-as user without ViewAllTokens",
                        t -> asApp(t.plainRunAs, t.ownToken()), t -> null),
                request("another app's token, ViewAllTokens user deactivated", t -> {
                    t.f.users.update(t.auditorUser.withActive(false, t.f.clock.instant()));
                    return asApp(t.auditor, t.ownToken());
                }, t -> null),
                request("another org's token, run-as user with ViewAllTokens",
                        t -> asApp(t.foreign, t.ownToken()), t -> null),
                request("the fixture app asking about another app's token",
                        t -> asApp(t, t.tokenOf(t.other, t.f.user)), t -> null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inactive")
    void whenTokenIsNotVisibleThenOnlyActiveFalse(Request r) {
        TokenManagementFixture t = new TokenManagementFixture();

        Introspection answer = introspect(t, r);

        assertThat(answer).isEqualTo(Introspection.INACTIVE);
        assertThat(answer.toJson()).containsExactly(Map.entry("active", false));
    }

    @Test
    void whenTheClientCredentialsFlowIsSwitchedOffThenTheRunAsUsersJwtBearerTokenStaysActive() {
        TokenManagementFixture t = new TokenManagementFixture();
        String jwt = t.ownToken();
        String cc = t.clientCredentialsToken();
        t.f.apps.update(t.f.apps.findById(t.f.app.id()).orElseThrow()
                .withClientCredentials(false, t.f.user.id(), t.f.clock.instant()));

        assertThat(introspect(t, request("own", x -> asApp(x, jwt), x -> null)).active()).isTrue();
        assertThat(introspect(t, request("cc", x -> asApp(x, cc), x -> null)).active()).isFalse();
    }

    @Test
    void whenOwnTokenThenSalesforceShapedActiveReply() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        long now = t.f.clock.instant().getEpochSecond();

        Map<String, Object> json = t.introspector.introspect(asApp(t, token), null).toJson();

        assertThat(json.keySet()).containsExactly("active", "scope", "client_id", "username", "sub", "token_type",
                "exp", "iat", "nbf");
        assertThat(json).containsEntry("active", true)
                .containsEntry("scope", "api full id openid web")
                .containsEntry("client_id", t.f.app.consumerKey())
                .containsEntry("username", t.f.user.username())
                .containsEntry("sub", t.f.user.id())
                .containsEntry("token_type", "access_token")
                .containsEntry("exp", now + 7200)
                .containsEntry("iat", now)
                .containsEntry("nbf", now);
    }

    @Test
    void whenCredentialsComeInBasicThenSameAnswer() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();

        Introspection answer = t.introspector.introspect(form("token", token),
                basic(t.f.app.consumerKey(), OAuthFixture.SECRET));

        assertThat(answer.active()).isTrue();
        assertThat(answer.clientId()).isEqualTo(t.f.app.consumerKey());
    }

    @Test
    void whenBasicCredentialsArePercentEncodedThenDecodedFirst() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        // RFC 6749 section 2.3.1: id and secret are form-urlencoded before the Basic encoding
        String pair = t.f.app.consumerKey() + ":" + OAuthFixture.SECRET.replace("-", "%2D");
        String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));

        assertThat(t.introspector.introspect(form("token", token), header).active()).isTrue();
    }

    @Test
    void whenRunAsUserHoldsViewAllTokensThenAnotherAppsTokenIsActiveWithItsOwnClientId() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();

        Introspection answer = t.introspector.introspect(asApp(t.auditor, token), null);

        assertThat(answer.active()).isTrue();
        assertThat(answer.clientId()).isEqualTo(t.f.app.consumerKey());
        assertThat(answer.username()).isEqualTo(t.f.user.username());
    }

    @Test
    void whenHintSaysRefreshTokenThenTheAccessTokenIsStillFound() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        Map<String, List<String>> form = form("token", token, "token_type_hint", "refresh_token", "client_id",
                t.f.app.consumerKey(), "client_secret", OAuthFixture.SECRET);

        assertThat(t.introspector.introspect(form, null).active()).isTrue();
    }

    @Test
    void whenTokenIsOneSecondFromExpiryThenStillActiveAndThenInactive() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();

        t.f.clock.advance(t.f.app.tokenLifetime().minus(Duration.ofSeconds(1)));
        boolean before = t.introspector.introspect(asApp(t, token), null).active();
        t.f.clock.advance(Duration.ofSeconds(1));
        boolean after = t.introspector.introspect(asApp(t, token), null).active();

        assertThat(before).isTrue();
        assertThat(after).isFalse();
    }

    @Test
    void whenIntrospectingThenNothingIsWrittenAndTheBearerCacheIsNotUsed() {
        TokenManagementFixture t = new TokenManagementFixture();
        String token = t.ownToken();
        int rows = t.f.history.all().size();

        t.introspector.introspect(asApp(t, token), null);

        assertThat(t.f.history.all()).hasSize(rows);
        assertThat(t.bearer.size()).isZero();
        assertThat(t.f.tokens.all()).allSatisfy(r -> assertThat(r.revokedAt()).isNull());
    }
}
