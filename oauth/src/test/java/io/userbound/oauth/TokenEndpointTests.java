package io.userbound.oauth;

import static io.userbound.oauth.OAuthFixture.FORM;
import static io.userbound.oauth.OAuthFixture.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.port.StoreException;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.token.AccessTokenHashes;
import io.userbound.oauth.token.RefusalAttribution;
import io.userbound.oauth.token.TokenEndpoint;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.OAuthErrorCodes;
import io.userbound.protocol.SalesforceId;
import io.userbound.protocol.TokenResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenEndpointTests {
    /** The sf CLI's opaque token pattern (@salesforce/core src/util/sfdc.ts accessTokenRegex). */
    private static final Pattern SF_CLI_TOKEN = Pattern.compile("(00D\\w{12,15})![.\\w]*");

    /** A request: form, content type and Authorization header, built against a fixture. */
    record Request(String name, Function<OAuthFixture, Map<String, List<String>>> form, String contentType,
            Function<OAuthFixture, String> authorization) {
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

    private static Request request(String name, Function<OAuthFixture, Map<String, List<String>>> form,
            String contentType, Function<OAuthFixture, String> authorization) {
        return new Request(name, form, contentType, authorization);
    }

    private static Map<String, List<String>> jwt(OAuthFixture f, String... more) {
        String[] pairs = new String[4 + more.length];
        pairs[0] = "grant_type";
        pairs[1] = GrantTypes.JWT_BEARER;
        pairs[2] = "assertion";
        pairs[3] = f.assertion().build();
        System.arraycopy(more, 0, pairs, 4, more.length);
        return form(pairs);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Refused> refusals() {
        String grantTypeNotSupported = "grant type not supported";
        return Stream.of(
                new Refused(request("JSON body", f -> null, "application/json", f -> null),
                        OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, grantTypeNotSupported, 400, false,
                        LoginReason.UNSUPPORTED_GRANT_TYPE),
                new Refused(request("form parsed but declared as JSON", f -> jwt(f), "application/json", f -> null),
                        OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, grantTypeNotSupported, 400, false,
                        LoginReason.UNSUPPORTED_GRANT_TYPE),
                new Refused(request("no Content-Type", f -> jwt(f), null, f -> null),
                        OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, grantTypeNotSupported, 400, false,
                        LoginReason.UNSUPPORTED_GRANT_TYPE),
                new Refused(request("repeated assertion", f -> jwt(f, "assertion", "again"), FORM, f -> null),
                        OAuthErrorCodes.INVALID_REQUEST, "parameter assertion is repeated", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("repeated grant_type", f -> jwt(f, "grant_type", GrantTypes.JWT_BEARER), FORM,
                        f -> null), OAuthErrorCodes.INVALID_REQUEST, "parameter grant_type is repeated", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("missing grant_type", f -> form("assertion", f.assertion().build()), FORM,
                        f -> null), OAuthErrorCodes.INVALID_REQUEST, "grant type is missing", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("empty grant_type", f -> form("grant_type", "", "assertion", "x"), FORM,
                        f -> null), OAuthErrorCodes.INVALID_REQUEST, "grant type is missing", 400, false,
                        LoginReason.INVALID_REQUEST),
                new Refused(request("unknown grant_type", f -> form("grant_type", "password"), FORM, f -> null),
                        OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, grantTypeNotSupported, 400, false,
                        LoginReason.UNSUPPORTED_GRANT_TYPE),
                new Refused(request("grant_type in another case",
                        f -> form("grant_type", GrantTypes.JWT_BEARER.toUpperCase(), "assertion", "x"), FORM,
                        f -> null), OAuthErrorCodes.UNSUPPORTED_GRANT_TYPE, grantTypeNotSupported, 400, false,
                        LoginReason.UNSUPPORTED_GRANT_TYPE),
                new Refused(request("client_id of another app", f -> jwt(f, "client_id", "3MVG9other"), FORM,
                        f -> null), OAuthErrorCodes.INVALID_CLIENT,
                        "client identifier does not match the assertion issuer", 400, false,
                        LoginReason.CLIENT_MISMATCH),
                new Refused(request("Basic naming another app", f -> jwt(f), FORM,
                        f -> basic("3MVG9other", "")), OAuthErrorCodes.INVALID_CLIENT,
                        "client identifier does not match the assertion issuer", 400, false,
                        LoginReason.CLIENT_MISMATCH),
                new Refused(request("wrong secret in Basic", f -> jwt(f), FORM,
                        f -> basic(f.app.consumerKey(), "wrong")), OAuthErrorCodes.INVALID_CLIENT,
                        "invalid client credentials", 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("wrong secret in the body",
                        f -> jwt(f, "client_id", f.app.consumerKey(), "client_secret", "wrong"), FORM, f -> null),
                        OAuthErrorCodes.INVALID_CLIENT, "invalid client credentials", 401, false,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("malformed Basic (not base64)", f -> jwt(f), FORM, f -> "Basic %%%"),
                        OAuthErrorCodes.INVALID_CLIENT, "invalid client credentials", 401, true,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("malformed Basic (no colon)", f -> jwt(f), FORM,
                        f -> "Basic " + Base64.getEncoder().encodeToString("justanid".getBytes())),
                        OAuthErrorCodes.INVALID_CLIENT, "invalid client credentials", 401, true,
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                new Refused(request("Basic and client_secret together",
                        f -> jwt(f, "client_id", f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), FORM,
                        f -> basic(f.app.consumerKey(), OAuthFixture.SECRET)), OAuthErrorCodes.INVALID_REQUEST,
                        "more than one client authentication method", 400, false, LoginReason.INVALID_REQUEST),
                new Refused(request("client_secret without client_id",
                        f -> jwt(f, "client_secret", OAuthFixture.SECRET), FORM, f -> null),
                        OAuthErrorCodes.INVALID_REQUEST, "client_id is missing", 400, false,
                        LoginReason.INVALID_REQUEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenRequestIsMalformedThenExactErrorAndOneAuditRow(Refused c) {
        OAuthFixture f = new OAuthFixture();
        Request r = c.request();

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> f.post(r.form().apply(f), r.contentType(), r.authorization().apply(f)));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.error().code()).isEqualTo(c.error());
        assertThat(e.error().description()).isEqualTo(c.description());
        assertThat(e.error().httpStatus()).isEqualTo(c.status());
        assertThat(e.basicChallenge()).isEqualTo(c.challenge());
        assertThat(e.reason()).isEqualTo(c.reason());
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(c.reason());
        assertThat(row.detail()).isEqualTo(e.debug());
        assertThat(row.sourceIp()).isEqualTo(OAuthFixture.SOURCE_IP);
        assertThat(f.tokens.all()).isEmpty();
    }

    static Stream<Request> accepted() {
        return Stream.of(
                request("no client authentication", f -> jwt(f), FORM, f -> null),
                request("charset parameter", f -> jwt(f), "application/x-www-form-urlencoded; charset=UTF-8",
                        f -> null),
                request("charset parameter without space", f -> jwt(f),
                        "Application/X-WWW-Form-Urlencoded;charset=UTF-8", f -> null),
                request("client_id of the issuer (Spring NONE, jsforce)",
                        f -> jwt(f, "client_id", f.app.consumerKey()), FORM, f -> null),
                request("right secret in the body", f -> jwt(f, "client_id", f.app.consumerKey(), "client_secret",
                        OAuthFixture.SECRET), FORM, f -> null),
                request("empty secret in the body", f -> jwt(f, "client_id", f.app.consumerKey(), "client_secret",
                        ""), FORM, f -> null),
                request("right secret in Basic (Spring client_secret_basic)", f -> jwt(f), FORM,
                        f -> basic(f.app.consumerKey(), OAuthFixture.SECRET)),
                request("empty secret in Basic (requests-oauthlib)", f -> jwt(f), FORM,
                        f -> basic(f.app.consumerKey(), "")),
                request("Basic with client_id repeated in the body", f -> jwt(f, "client_id", f.app.consumerKey()),
                        FORM, f -> basic(f.app.consumerKey(), OAuthFixture.SECRET)),
                request("another Authorization scheme is ignored", f -> jwt(f), FORM, f -> "Bearer abc"),
                request("unknown extra parameters are ignored", f -> jwt(f, "format", "json", "redirect_uri",
                        "http://localhost:1717/OauthRedirect"), FORM, f -> null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void whenFramingAndClientAuthenticationAreAcceptableThenToken(Request r) {
        OAuthFixture f = new OAuthFixture();

        TokenResponse response = f.post(r.form().apply(f), r.contentType(), r.authorization().apply(f));

        assertThat(response.accessToken()).matches(SF_CLI_TOKEN);
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SUCCESS);
    }

    @Test
    void whenJwtGrantPresentsTheRightSecretThenReplySignedWithItElseNoSignature() throws Exception {
        OAuthFixture f = new OAuthFixture();

        TokenResponse signed = f.post(jwt(f), FORM, basic(f.app.consumerKey(), OAuthFixture.SECRET));
        TokenResponse unsigned = f.post(jwt(f), FORM, basic(f.app.consumerKey(), ""));

        assertThat(signed.signature()).isEqualTo(ClientCredentialsGrantHandlerTests.hmac(OAuthFixture.SECRET,
                signed.id() + signed.issuedAt()));
        assertThat(Base64.getDecoder().decode(signed.signature())).hasSize(32);
        assertThat(unsigned.signature()).isNull();
        assertThat(f.post(f.assertion().build()).signature()).isNull();
    }

    @Test
    void whenJwtGrantPresentsThePreviousSecretInsideItsWindowThenAcceptedAndNoted() {
        OAuthFixture f = new OAuthFixture();
        f.rotateSecret("rotated-secret", Duration.ofMinutes(30));

        f.post(jwt(f, "client_id", f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), FORM, null);
        f.clock.advance(Duration.ofMinutes(30));
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(jwt(f, "client_id",
                f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), FORM, null));

        assertThat(f.history.all()).first().satisfies(row -> {
            assertThat(row.reason()).isEqualTo(LoginReason.SUCCESS);
            assertThat(row.detail()).startsWith("authenticated with the previous consumer secret");
        });
        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_CREDENTIALS);
        assertThat(e.debug()).contains("the previous secret expired at");
    }

    @Test
    void whenGrantWriterGivenThenTokenAndSuccessRowGoThroughItTogether() {
        OAuthFixture f = new OAuthFixture();
        List<String> written = new java.util.ArrayList<>();
        io.userbound.core.port.GrantWriter writer = (token, success, jti) -> {
            written.add(token.tokenHash());
            f.tokens.insert(token);
            f.history.append(success);
            return true;
        };
        TokenEndpoint grouped = f.jwtEndpoint(writer);

        TokenResponse reply = grouped.handle(jwt(f), FORM, null, new RequestOrigin("127.0.0.1", null, null));

        assertThat(written).containsExactly(AccessTokenHashes.sha256Hex(reply.accessToken()));
        assertThat(f.tokens.all()).singleElement()
                .satisfies(t -> assertThat(t.tokenHash()).isEqualTo(written.get(0)));
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SUCCESS);
    }

    @Test
    void whenGrantWriterFailsThenRetryYourRequestAndOneServerErrorRow() {
        OAuthFixture f = new OAuthFixture();
        io.userbound.core.port.GrantWriter failing = (token, success, jti) -> {
            throw new io.userbound.core.port.StoreException("disk full", null);
        };
        TokenEndpoint grouped = f.jwtEndpoint(failing);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> grouped.handle(jwt(f), FORM, null, new RequestOrigin("127.0.0.1", null, null)));

        assertThat(e.error()).isEqualTo(OAuthError.SERVER_ERROR);
        assertThat(f.tokens.all()).isEmpty();
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SERVER_ERROR);
    }

    /**
     * An endpoint whose writer refuses the first {@code clashes} grants as if their ids were taken, then writes through
     * {@link #writerOf}; every token id it is given goes into {@code triedIds}.
     */
    private static TokenEndpoint clashingEndpoint(OAuthFixture f, int clashes, List<String> triedIds,
            List<io.userbound.core.port.UsedJti> marks) {
        io.userbound.core.port.GrantWriter writer = writerOf(f, marks);
        io.userbound.core.port.GrantWriter clashing = (token, success, jti) -> {
            triedIds.add(token.id());
            if (triedIds.size() <= clashes) {
                throw new io.userbound.core.port.DuplicateValueException("Id", "duplicate value found: Id");
            }
            return writer.write(token, success, jti);
        };
        return f.jwtEndpoint(clashing);
    }

    @Test
    void whenTheTokenIdIsTakenOnceThenTheGrantIsMadeAgainWithNewIdsAndOneSuccessRow() {
        OAuthFixture f = new OAuthFixture();
        List<String> tried = new java.util.ArrayList<>();
        List<io.userbound.core.port.UsedJti> marks = new java.util.ArrayList<>();
        TokenEndpoint grouped = clashingEndpoint(f, 1, tried, marks);

        TokenResponse reply = grouped.handle(OAuthFixture.form("grant_type", GrantTypes.JWT_BEARER, "assertion",
                f.assertion().claim("jti", "once").build()), FORM, null,
                new RequestOrigin("127.0.0.1", null, null));

        assertThat(tried).hasSize(TokenEndpoint.ID_CLASH_TRIES).doesNotHaveDuplicates();
        assertThat(tried.get(1).substring(10, 12)).as("the retry's ids carry a new tag")
                .isNotEqualTo(tried.get(0).substring(10, 12));
        assertThat(AccessTokenHashes.tokenId(reply.accessToken())).contains(tried.get(1));
        assertThat(f.tokens.all()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(tried.get(1)));
        assertThat(marks).as("the jti is marked once, by the write that succeeded").singleElement()
                .satisfies(m -> assertThat(m.jti()).isEqualTo("once"));
        assertThat(f.replay.used).hasSize(1);
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SUCCESS);
    }

    @Test
    void whenTheIdsClashOnEveryTryThenServerErrorAndNothingWrittenButOneServerErrorRow() {
        OAuthFixture f = new OAuthFixture();
        List<String> tried = new java.util.ArrayList<>();
        List<io.userbound.core.port.UsedJti> marks = new java.util.ArrayList<>();
        TokenEndpoint grouped = clashingEndpoint(f, Integer.MAX_VALUE, tried, marks);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> grouped.handle(jwt(f), FORM, null, new RequestOrigin("127.0.0.1", null, null)));

        assertThat(e.error()).isEqualTo(OAuthError.SERVER_ERROR);
        assertThat(tried).hasSize(TokenEndpoint.ID_CLASH_TRIES);
        assertThat(f.tokens.all()).isEmpty();
        assertThat(marks).isEmpty();
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SERVER_ERROR);
    }

    /** A writer like the group-commit one: the jti mark, token and success row together, through the fixture. */
    private static io.userbound.core.port.GrantWriter writerOf(OAuthFixture f,
            List<io.userbound.core.port.UsedJti> marks) {
        return (token, success, jti) -> f.transactions.inTransaction(() -> {
            if (jti != null) {
                marks.add(jti);
                if (!f.replay.firstUse(jti.appId(), jti.jti(), jti.expiresAt())) {
                    return false;
                }
            }
            f.tokens.insert(token);
            f.history.append(success);
            return true;
        });
    }

    @Test
    void whenGrantWriterGivenThenTheJtiMarkGoesWithTheTokenNotBeforeIt() {
        OAuthFixture f = new OAuthFixture();
        List<io.userbound.core.port.UsedJti> marks = new java.util.ArrayList<>();
        TokenEndpoint grouped = f.jwtEndpoint(writerOf(f, marks));

        grouped.handle(OAuthFixture.form("grant_type", GrantTypes.JWT_BEARER, "assertion",
                f.assertion().claim("jti", "mark-me").build()), FORM, null,
                new RequestOrigin("127.0.0.1", null, null));

        assertThat(marks).singleElement().satisfies(m -> {
            assertThat(m.appId()).isEqualTo(f.app.id());
            assertThat(m.jti()).isEqualTo("mark-me");
            assertThat(m.expiresAt()).isAfter(f.clock.instant());
        });
        assertThat(f.replay.used).hasSize(1);
    }

    @Test
    void whenGrantWriterFindsTheJtiUsedThenTheSameReplayRefusalAsWithoutIt() {
        OAuthFixture f = new OAuthFixture();
        TokenEndpoint grouped = f.jwtEndpoint(writerOf(f, new java.util.ArrayList<>()));
        Map<String, List<String>> request = OAuthFixture.form("grant_type", GrantTypes.JWT_BEARER, "assertion",
                f.assertion().claim("jti", "once").build());

        grouped.handle(request, FORM, null, new RequestOrigin("127.0.0.1", null, null));
        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> grouped.handle(request, FORM, null, new RequestOrigin("127.0.0.1", null, null)));

        assertThat(e.error().code()).isEqualTo(OAuthErrorCodes.INVALID_GRANT);
        assertThat(e.error().description()).isEqualTo("assertion has already been used");
        assertThat(e.reason()).isEqualTo(LoginReason.JTI_REPLAYED);
        assertThat(e.debug()).isEqualTo("jti \"once\" was already used with app " + f.app.name());
        assertThat(f.tokens.all()).hasSize(1);
        assertThat(f.history.all()).extracting(LoginHistoryEntry::reason)
                .containsExactly(LoginReason.SUCCESS, LoginReason.JTI_REPLAYED);
        assertThat(f.history.all().get(1).userId()).isEqualTo(f.user.id());
    }

    @Test
    void whenGrantWriterFailsThenTheJtiIsNotBurned() {
        OAuthFixture f = new OAuthFixture();
        io.userbound.core.port.GrantWriter failing = (token, success, jti) -> {
            throw new io.userbound.core.port.StoreException("disk full", null);
        };
        Map<String, List<String>> request = OAuthFixture.form("grant_type", GrantTypes.JWT_BEARER, "assertion",
                f.assertion().claim("jti", "keep-me").build());
        TokenEndpoint broken = f.jwtEndpoint(failing);
        TokenEndpoint working = f.jwtEndpoint(writerOf(f, new java.util.ArrayList<>()));

        assertThatThrownBy(() -> broken.handle(request, FORM, null, new RequestOrigin("127.0.0.1", null, null)))
                .isInstanceOf(OAuthException.class);
        TokenResponse retried = working.handle(request, FORM, null, new RequestOrigin("127.0.0.1", null, null));

        assertThat(retried.accessToken()).isNotBlank();
        assertThat(f.history.all()).extracting(LoginHistoryEntry::reason)
                .containsExactly(LoginReason.SERVER_ERROR, LoginReason.SUCCESS);
    }

    @Test
    void whenEndpointHasNoSecretHasherThenEvenTheRightSecretIsRefused() {
        OAuthFixture f = new OAuthFixture();
        TokenEndpoint withoutHasher = f.endpoint(List.of(f.handler),
                f.clientAuthentication(ClientAuthenticator.REJECT_SECRETS), f.transactionalWriter(),
                RefusalAttribution.NONE);

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> withoutHasher.handle(
                jwt(f, "client_id", f.app.consumerKey(), "client_secret", OAuthFixture.SECRET), FORM, null,
                new RequestOrigin("127.0.0.1", null, null)));

        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_CREDENTIALS);
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.INVALID_CLIENT_CREDENTIALS);
    }

    @Test
    void whenGrantedThenTokenHasSalesforceShapeAndOnlyItsHashIsStored() {
        OAuthFixture f = new OAuthFixture();

        TokenResponse r = f.post(f.assertion().build());

        assertThat(r.accessToken()).matches(SF_CLI_TOKEN).startsWith(SalesforceId.to15(f.org.id()) + "!");
        assertThat(r.accessToken()).as("org id, !, token id, 256 random bits").hasSize(15 + 1 + 18 + 43);
        assertThat(r.instanceUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(r.id()).isEqualTo("http://127.0.0.1:8080/id/" + f.org.id() + "/" + f.user.id());
        assertThat(r.organizationId()).isEqualTo(f.org.id());
        assertThat(r.userId()).isEqualTo(f.user.id());
        assertThat(r.tokenType()).isEqualTo("Bearer");
        assertThat(r.scope()).isEqualTo("api full id openid web");
        assertThat(r.issuedAt()).isEqualTo(Long.toString(f.clock.millis()));
        assertThat(r.expiresIn()).isEqualTo(7200L);
        assertThat(r.signature()).isNull();

        AccessTokenRecord stored = f.tokens.all().get(0);
        assertThat(stored.tokenHash()).isEqualTo(AccessTokenHashes.sha256Hex(r.accessToken())).hasSize(64);
        assertThat(AccessTokenHashes.tokenId(r.accessToken())).contains(stored.id());
        assertThat(stored.toString()).doesNotContain(r.accessToken().substring(16 + 18));
        assertThat(stored.userId()).isEqualTo(f.user.id());
        assertThat(stored.appId()).isEqualTo(f.app.id());
        assertThat(stored.orgId()).isEqualTo(f.org.id());
        assertThat(stored.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofHours(2)));
        assertThat(stored.scopes()).isEqualTo(f.app.scopes());
    }

    @Test
    void whenBaseUrlHasAPathThenInstanceUrlIsOriginOnly() {
        OAuthFixture f = new OAuthFixture(OAuthSettings.defaults(URI.create("https://ub.example:8443/tenant/")));

        TokenResponse r = f.post(f.assertion().claim("aud", "https://ub.example:8443/tenant").build());

        assertThat(r.instanceUrl()).isEqualTo("https://ub.example:8443");
        assertThat(r.id()).startsWith("https://ub.example:8443/tenant/id/");
    }

    @Test
    void whenGrantedThenSuccessRowNamesEverything() {
        OAuthFixture f = new OAuthFixture();

        f.post(f.assertion().build());

        LoginHistoryEntry row = f.history.only();
        assertThat(row.id()).startsWith("0Ya").hasSize(18);
        assertThat(row.orgId()).isEqualTo(f.org.id());
        assertThat(row.userId()).isEqualTo(f.user.id());
        assertThat(row.username()).isEqualTo(f.user.username());
        assertThat(row.appId()).isEqualTo(f.app.id());
        assertThat(row.application()).isEqualTo(f.app.name());
        assertThat(row.consumerKey()).isEqualTo(f.app.consumerKey());
        assertThat(row.certificateThumbprint()).isEqualTo(f.certificate.thumbprint());
        assertThat(row.sourceIp()).isEqualTo(OAuthFixture.SOURCE_IP);
        assertThat(row.loginUrl()).isEqualTo("http://127.0.0.1:8080/services/oauth2/token");
        assertThat(row.userAgent()).isEqualTo(OAuthFixture.USER_AGENT);
        assertThat(row.loginType()).isEqualTo("Remote Access 2.0");
        assertThat(row.loginSubType()).isEqualTo("JWT Bearer");
        assertThat(row.reason()).isEqualTo(LoginReason.SUCCESS);
        assertThat(row.status()).isEqualTo("Success");
        assertThat(row.detail()).isNull();
        assertThat(row.loginTime()).isEqualTo(f.clock.instant());
    }

    @Test
    void whenGrantedThenTokenAndAuditRowAreWrittenInOneTransaction() {
        OAuthFixture f = new OAuthFixture();

        f.post(f.assertion().build());

        assertThat(f.tokens.insertedInTransaction).isTrue();
        assertThat(f.history.appendedInTransaction).isTrue();
    }

    @Test
    void whenAuditRowCannotBeWrittenThenNoTokenStaysAndServerError() {
        OAuthFixture f = new OAuthFixture();
        f.history.failAppends = true;

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(f.assertion().build()));

        assertThat(e.error()).isEqualTo(OAuthError.SERVER_ERROR);
        assertThat(e.error().code()).isEqualTo(OAuthErrorCodes.UNKNOWN_ERROR);
        assertThat(e.error().description()).isEqualTo("retry your request");
        assertThat(f.tokens.all()).isEmpty();
    }

    @Test
    void whenStoreFailsThenServerErrorIsAuditedAndNothingLeaks() {
        OAuthFixture f = new OAuthFixture();
        f.apps.failure = new StoreException("connection refused to db.internal:5432 password=hunter2", null);

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(f.assertion().build()));

        assertThat(e.error()).isEqualTo(OAuthError.SERVER_ERROR);
        assertThat(e.error().httpStatus()).isEqualTo(500);
        assertThat(e.error().description()).doesNotContain("hunter2", "db.internal");
        assertThat(e.debug()).doesNotContain("hunter2");
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(LoginReason.SERVER_ERROR);
        assertThat(row.detail()).doesNotContain("hunter2");
        assertThat(row.consumerKey()).isEqualTo(f.app.consumerKey());
    }

    @Test
    void whenAssertionReplayedThenSecondIsRefusedAndBothAudited() {
        OAuthFixture f = new OAuthFixture();
        String assertion = f.assertion().claim("jti", "once").build();

        f.post(assertion);
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(assertion));

        assertThat(e.error().code()).isEqualTo(OAuthErrorCodes.INVALID_GRANT);
        assertThat(e.error().description()).isEqualTo("assertion has already been used");
        assertThat(e.reason()).isEqualTo(LoginReason.JTI_REPLAYED);
        assertThat(f.history.all()).extracting(LoginHistoryEntry::reason)
                .containsExactly(LoginReason.SUCCESS, LoginReason.JTI_REPLAYED);
        assertThat(f.tokens.all()).hasSize(1);
    }

    @Test
    void whenRequestIsRefusedThenItsJtiIsNotBurned() {
        OAuthFixture f = new OAuthFixture();
        f.revokeProfileGrant();
        String assertion = f.assertion().claim("jti", "keep-me").build();

        assertThatThrownBy(() -> f.post(assertion)).isInstanceOf(OAuthException.class);
        f.grant(f.apiProfile.id());
        TokenResponse r = f.post(assertion);

        assertThat(r.accessToken()).isNotBlank();
        assertThat(f.history.all()).extracting(LoginHistoryEntry::reason)
                .containsExactly(LoginReason.NOT_ADMIN_APPROVED, LoginReason.SUCCESS);
    }

    @Test
    void whenSameJtiIsUsedWithAnotherAppThenBothSucceed() {
        OAuthFixture f = new OAuthFixture();
        f.post(f.assertion().claim("jti", "shared").build());
        OAuthFixture other = new OAuthFixture();

        TokenResponse r = other.post(other.assertion().claim("jti", "shared").build());

        assertThat(r.accessToken()).isNotBlank();
    }

    @Test
    void whenSixteenThreadsReplayOneAssertionThenExactlyOneSucceeds() throws Exception {
        OAuthFixture f = new OAuthFixture();
        String assertion = f.assertion().claim("jti", "race").build();
        int threads = 16;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        f.post(assertion);
                        return true;
                    } catch (OAuthException e) {
                        assertThat(e.reason()).isEqualTo(LoginReason.JTI_REPLAYED);
                        return false;
                    }
                }));
            }
            start.countDown();
            int successes = 0;
            for (java.util.concurrent.Future<Boolean> result : results) {
                successes += result.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.tokens.all()).hasSize(1);
        assertThat(f.history.all()).hasSize(threads);
        assertThat(f.history.all()).filteredOn(r -> r.reason() == LoginReason.JTI_REPLAYED).hasSize(threads - 1);
    }

    @Test
    void whenCertificatesRotateThenBothWorkAndARemovedOneFailsAtOnce() {
        OAuthFixture f = new OAuthFixture();
        io.userbound.core.model.AppCertificate second = f.addCertificate(TestKeys.RSA_B,
                f.clock.instant().minusSeconds(60), f.clock.instant().plus(Duration.ofDays(365)));

        f.post(f.assertion().build());
        f.post(f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build());
        f.certificates.remove(f.app.id(), f.certificate.thumbprint());
        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(f.assertion().build()));
        f.post(f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build());

        assertThat(e.reason()).isEqualTo(LoginReason.INVALID_SIGNATURE);
        assertThat(f.history.all()).extracting(LoginHistoryEntry::certificateThumbprint)
                .containsExactly(f.certificate.thumbprint(), second.thumbprint(), null, second.thumbprint());
    }

    @Test
    void whenCertificateVerifiesThenItsUseIsRecordedAtMostOnceAMinute() {
        OAuthFixture f = new OAuthFixture();

        f.post(f.assertion().build());
        f.clock.advance(Duration.ofSeconds(30));
        f.post(f.assertion().build());
        int afterTwo = f.certificates.markUsedCalls.get();
        f.clock.advance(Duration.ofSeconds(31));
        f.post(f.assertion().build());

        assertThat(afterTwo).isEqualTo(1);
        assertThat(f.certificates.markUsedCalls.get()).isEqualTo(2);
        assertThat(f.certificates.findById(f.certificate.id()).orElseThrow().lastUsedAt())
                .isEqualTo(f.clock.instant());
    }

    @Test
    void whenFramingFailsThenRowStillNamesTheRequestedClient() {
        OAuthFixture f = new OAuthFixture();

        assertThatThrownBy(() -> f.post(form("grant_type", "password", "client_id", "3MVG9abc"), FORM, null))
                .isInstanceOf(OAuthException.class);

        LoginHistoryEntry row = f.history.only();
        assertThat(row.consumerKey()).isEqualTo("3MVG9abc");
        assertThat(row.orgId()).isNull();
        assertThat(row.loginSubType()).isNull();
    }

    @Test
    void whenTwoHandlersServeOneGrantTypeThenConstructionFails() {
        OAuthFixture f = new OAuthFixture();

        assertThatThrownBy(() -> f.endpoint(List.of(f.handler, f.handler), f.clients, f.transactionalWriter(),
                RefusalAttribution.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
