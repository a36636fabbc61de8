package io.userbound.oauth;

import static io.userbound.oauth.OAuthFixture.clientCredentialsForm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.protocol.GrantTypes;
import io.userbound.protocol.OAuthErrorCodes;
import io.userbound.protocol.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule of the client credentials grant, driven through {@link TokenEndpoint} with real secrets and real
 * signatures: each refusal asserts the exact {@code error}, {@code error_description}, HTTP status, Basic challenge and
 * typed reason, and that exactly one {@code LoginHistory} row was written and no token stored.
 */
class ClientCredentialsGrantHandlerTests {
    private static final String TYPE = GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER;
    private static final String NEW_SECRET = "new-consumer-secret-after-rotation";
    private static final String CLIENT = OAuthErrorCodes.INVALID_CLIENT;
    private static final String NO_USER = "no client credentials user enabled";
    private static final String BAD_ASSERTION = "invalid client assertion";

    /** A request: the form and the Authorization header, built against a fixture after its setup. */
    record Request(Function<OAuthFixture, Map<String, List<String>>> form, Function<OAuthFixture, String> basic) {
    }

    record Refusal(String name, Consumer<OAuthFixture> setup, Request request, String error, String description,
            int status, boolean challenge, LoginReason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Success(String name, Consumer<OAuthFixture> setup, Request request, Method method) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Method { POST, BASIC, PRIVATE_KEY_JWT }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Request post(String secret) {
        return new Request(f -> clientCredentialsForm("client_id", f.app.consumerKey(), "client_secret", secret),
                f -> null);
    }

    static Request basicAuth(String secret) {
        return new Request(f -> clientCredentialsForm(), f -> basic(f.app.consumerKey(), secret));
    }

    static Request jwt(Function<OAuthFixture, TestAssertions> assertion) {
        return new Request(f -> clientCredentialsForm("client_assertion_type", TYPE, "client_assertion",
                assertion.apply(f).build()), f -> null);
    }

    static Request form(Function<OAuthFixture, Map<String, List<String>>> form) {
        return new Request(form, f -> null);
    }

    private static long now(OAuthFixture f) {
        return f.clock.instant().getEpochSecond();
    }

    private static Refusal refusal(String name, Consumer<OAuthFixture> setup, Request request, String error,
            String description, int status, boolean challenge, LoginReason reason) {
        return new Refusal(name, f -> {
            f.enableClientCredentials();
            setup.accept(f);
        }, request, error, description, status, challenge, reason);
    }

    private static Refusal clientAuth(String name, Consumer<OAuthFixture> setup, Request request, String description,
            LoginReason reason) {
        return refusal(name, setup, request, CLIENT, description, 401, false, reason);
    }

    private static User replaceRunAs(OAuthFixture f, User replacement) {
        f.users.update(replacement);
        return replacement;
    }

    static Stream<Refusal> refusals() {
        String unknown = OAuthErrorCodes.INVALID_CLIENT_ID;
        String grant = OAuthErrorCodes.INVALID_GRANT;
        Consumer<OAuthFixture> none = f -> { };
        return Stream.of(
                // -- client authentication by secret
                refusal("no client authentication at all", none, form(f -> clientCredentialsForm()),
                        unknown, "client identifier invalid", 400, false, LoginReason.UNKNOWN_CLIENT),
                refusal("unknown client_id in the body", none, form(f -> clientCredentialsForm("client_id",
                        "3MVG9nobody", "client_secret", OAuthFixture.SECRET)),
                        unknown, "client identifier invalid", 400, false, LoginReason.UNKNOWN_CLIENT),
                refusal("unknown client in a Basic header", none,
                        new Request(f -> clientCredentialsForm(), f -> basic("3MVG9nobody", OAuthFixture.SECRET)),
                        unknown, "client identifier invalid", 400, false, LoginReason.UNKNOWN_CLIENT),
                refusal("wrong secret in the body", none, post("not-the-secret"),
                        CLIENT, "invalid client credentials", 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("wrong secret in a Basic header", none, basicAuth("not-the-secret"),
                        CLIENT, "invalid client credentials", 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("client_id without a secret", none,
                        form(f -> clientCredentialsForm("client_id", f.app.consumerKey())),
                        CLIENT, "invalid client credentials", 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("Basic header with an empty secret", none, basicAuth(""),
                        CLIENT, "invalid client credentials", 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("secret in the body and a Basic header", none,
                        new Request(f -> clientCredentialsForm("client_secret", OAuthFixture.SECRET),
                                f -> basic(f.app.consumerKey(), OAuthFixture.SECRET)),
                        OAuthErrorCodes.INVALID_REQUEST, "more than one client authentication method", 400, false,
                        LoginReason.INVALID_REQUEST),
                refusal("the previous secret after its window", f -> {
                    f.rotateSecret(NEW_SECRET, Duration.ofHours(1));
                    f.clock.advance(Duration.ofHours(1));
                }, post(OAuthFixture.SECRET),
                        CLIENT, "invalid client credentials", 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("the previous secret after a revoke", f -> {
                    f.rotateSecret(NEW_SECRET, Duration.ofHours(24));
                    f.revokePreviousSecret();
                }, basicAuth(OAuthFixture.SECRET),
                        CLIENT, "invalid client credentials", 401, true, LoginReason.INVALID_CLIENT_CREDENTIALS),
                refusal("the previous secret after a rotation without overlap",
                        f -> f.rotateSecret(NEW_SECRET, Duration.ZERO), post(OAuthFixture.SECRET),
                        CLIENT, "invalid client credentials", 401, false, LoginReason.INVALID_CLIENT_CREDENTIALS),

                // -- the app and its run-as user (salesforce-compat.md rule 8)
                refusal("flow not enabled", f -> f.updateApp(a -> a.withClientCredentials(false, f.runAs.id(),
                        f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.CLIENT_CREDENTIALS_DISABLED),
                refusal("flow enabled without a run-as user", f -> f.updateApp(a -> a.withClientCredentials(true, null,
                        f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.NO_RUN_AS_USER),
                refusal("run-as user id of no user", f -> f.updateApp(a -> a.withClientCredentials(true,
                        "005000000000000AAA", f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.NO_RUN_AS_USER),
                refusal("run-as user of another org", f -> replaceRunAs(f, new User(f.runAs.id(),
                        "00D000000000001AAA", f.runAs.username(), null, "X", null, UserType.INTEGRATION, true,
                        f.apiProfile.id(), f.clock.instant(), f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.NO_RUN_AS_USER),
                refusal("inactive run-as user", f -> replaceRunAs(f, f.runAs.withActive(false, f.clock.instant())),
                        basicAuth(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.USER_INACTIVE),
                refusal("run-as user without ApiEnabled", f -> replaceRunAs(f, f.runAs.withProfile(
                        f.plainProfile.id(), f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.USER_NOT_API_ENABLED),
                refusal("run-as user is the Automated Process user", f -> replaceRunAs(f, new User(f.runAs.id(),
                        f.org.id(), f.runAs.username(), null, "Automated Process", null, UserType.AUTOMATED_PROCESS,
                        true, f.apiProfile.id(), f.clock.instant(), f.clock.instant())), post(OAuthFixture.SECRET),
                        grant, NO_USER, 400, false, LoginReason.USER_CANNOT_LOG_IN),
                refusal("run-as user not granted under admin-approved", OAuthFixture::revokeProfileGrant,
                        post(OAuthFixture.SECRET), OAuthErrorCodes.INVALID_APP_ACCESS,
                        "user is not admin approved to access this app", 400, false, LoginReason.NOT_ADMIN_APPROVED),
                refusal("run-as user not granted, over private_key_jwt", OAuthFixture::revokeProfileGrant,
                        jwt(OAuthFixture::clientAssertion), OAuthErrorCodes.INVALID_APP_ACCESS,
                        "user is not admin approved to access this app", 400, false, LoginReason.NOT_ADMIN_APPROVED),

                // -- private_key_jwt (RFC 7523 section 2.2)
                refusal("client_assertion without its type", none, form(f -> clientCredentialsForm(
                        "client_assertion", f.clientAssertion().build())), OAuthErrorCodes.INVALID_REQUEST,
                        "client_assertion and client_assertion_type go together", 400, false,
                        LoginReason.INVALID_REQUEST),
                refusal("client_assertion_type without an assertion", none, form(f -> clientCredentialsForm(
                        "client_assertion_type", TYPE)), OAuthErrorCodes.INVALID_REQUEST,
                        "client_assertion and client_assertion_type go together", 400, false,
                        LoginReason.INVALID_REQUEST),
                refusal("client_assertion and a client_secret", none, form(f -> clientCredentialsForm(
                        "client_id", f.app.consumerKey(), "client_secret", OAuthFixture.SECRET,
                        "client_assertion_type", TYPE, "client_assertion", f.clientAssertion().build())),
                        OAuthErrorCodes.INVALID_REQUEST, "more than one client authentication method", 400, false,
                        LoginReason.INVALID_REQUEST),
                refusal("client_assertion and a Basic header", none, new Request(f -> clientCredentialsForm(
                        "client_assertion_type", TYPE, "client_assertion", f.clientAssertion().build()),
                        f -> basic(f.app.consumerKey(), OAuthFixture.SECRET)),
                        OAuthErrorCodes.INVALID_REQUEST, "more than one client authentication method", 400, false,
                        LoginReason.INVALID_REQUEST),
                clientAuth("a SAML assertion type", none, form(f -> clientCredentialsForm("client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", "client_assertion",
                        f.clientAssertion().build())), "client_assertion_type is not supported",
                        LoginReason.INVALID_CLIENT_CREDENTIALS),
                clientAuth("garbage assertion", none, form(f -> clientCredentialsForm("client_assertion_type", TYPE,
                        "client_assertion", "not-a-jwt")), BAD_ASSERTION, LoginReason.MALFORMED_ASSERTION),
                clientAuth("alg none", none, jwt(f -> f.clientAssertion().alg("none")), BAD_ASSERTION,
                        LoginReason.ALGORITHM_NOT_ALLOWED),
                clientAuth("HS256 keyed with the certificate PEM", none, jwt(f -> f.clientAssertion().alg("HS256")
                        .hmacSecret(f.certificate.pem().getBytes(StandardCharsets.US_ASCII))), BAD_ASSERTION,
                        LoginReason.ALGORITHM_NOT_ALLOWED),
                clientAuth("PS256 when the app allows only RS256", none, jwt(f -> f.clientAssertion().alg("PS256")),
                        BAD_ASSERTION, LoginReason.ALGORITHM_NOT_ALLOWED),
                clientAuth("signed by a key of no certificate", none,
                        jwt(f -> f.clientAssertion().signedWith(TestKeys.RSA_B.getPrivate())), BAD_ASSERTION,
                        LoginReason.INVALID_SIGNATURE),
                clientAuth("signed by an expired certificate", f -> f.addCertificate(TestKeys.RSA_B,
                        f.clock.instant().minus(Duration.ofDays(30)), f.clock.instant().minus(Duration.ofDays(1))),
                        jwt(f -> f.clientAssertion().signedWith(TestKeys.RSA_B.getPrivate())), BAD_ASSERTION,
                        LoginReason.NO_VALID_CERTIFICATE),
                clientAuth("typ of an access token", none, jwt(f -> f.clientAssertion().header("typ", "at+jwt")),
                        BAD_ASSERTION, LoginReason.MALFORMED_ASSERTION),
                clientAuth("sub is not the client id", none, jwt(f -> f.clientAssertion()
                        .claim("sub", f.user.username())), BAD_ASSERTION, LoginReason.MALFORMED_ASSERTION),
                clientAuth("sub missing", none, jwt(f -> f.clientAssertion().without("sub")), BAD_ASSERTION,
                        LoginReason.MISSING_CLAIM),
                refusal("iss of no app", none, jwt(f -> f.clientAssertion().claim("iss", "3MVG9nobody")
                        .claim("sub", "3MVG9nobody")), unknown, "client identifier invalid", 400, false,
                        LoginReason.UNKNOWN_CLIENT),
                refusal("client_id names another app than iss", none, form(f -> clientCredentialsForm(
                        "client_id", "3MVG9other", "client_assertion_type", TYPE, "client_assertion",
                        f.clientAssertion().build())), CLIENT,
                        "client identifier does not match the assertion issuer", 400, false,
                        LoginReason.CLIENT_MISMATCH),
                clientAuth("wrong aud", none, jwt(f -> f.clientAssertion().claim("aud", "https://elsewhere.example")),
                        "client assertion audience is invalid", LoginReason.AUDIENCE_INVALID),
                clientAuth("aud of the token endpoint of another host", none, jwt(f -> f.clientAssertion()
                        .claim("aud", "http://127.0.0.1:9999/services/oauth2/token")),
                        "client assertion audience is invalid", LoginReason.AUDIENCE_INVALID),
                clientAuth("exp missing", none, jwt(f -> f.clientAssertion().without("exp")),
                        "client assertion exp claim is missing or not a number", LoginReason.MISSING_CLAIM),
                clientAuth("exp past beyond the skew", none, jwt(f -> f.clientAssertion().claim("exp", now(f) - 181)
                        .claim("iat", now(f) - 300)), "client assertion has expired", LoginReason.ASSERTION_EXPIRED),
                clientAuth("exp in milliseconds, past", none, jwt(f -> f.clientAssertion()
                        .claim("exp", (now(f) - 600) * 1000).claim("iat", now(f) - 900)),
                        "client assertion has expired", LoginReason.ASSERTION_EXPIRED),
                clientAuth("nbf ahead beyond the skew", none, jwt(f -> f.clientAssertion().claim("nbf", now(f) + 181)),
                        "client assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                clientAuth("iat ahead beyond the skew, exp near", none, jwt(f -> f.clientAssertion()
                        .claim("iat", now(f) + 11 * 86_400).claim("exp", now(f) + 60)),
                        "client assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                clientAuth("zip header", none, jwt(f -> f.clientAssertion().header("zip", "DEF")), BAD_ASSERTION,
                        LoginReason.MALFORMED_ASSERTION),
                clientAuth("lifetime over the app's cap", none, jwt(f -> f.clientAssertion()
                        .claim("exp", now(f) + 601)), "client assertion lifetime exceeds the maximum allowed",
                        LoginReason.LIFETIME_EXCEEDED),
                clientAuth("jti missing", none, jwt(f -> f.clientAssertion().without("jti")),
                        "client assertion jti claim is required", LoginReason.JTI_REQUIRED),
                clientAuth("jti not a string", none, jwt(f -> f.clientAssertion().claim("jti", 7)), BAD_ASSERTION,
                        LoginReason.MALFORMED_ASSERTION),
                refusal("valid assertion but the flow is not enabled", f -> f.updateApp(a -> a.withClientCredentials(
                        false, f.runAs.id(), f.clock.instant())), jwt(OAuthFixture::clientAssertion),
                        grant, NO_USER, 400, false, LoginReason.CLIENT_CREDENTIALS_DISABLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenClientCredentialsRequestBreaksARuleThenExactErrorAndOneAuditRow(Refusal c) {
        OAuthFixture f = new OAuthFixture();
        c.setup().accept(f);
        Map<String, List<String>> form = c.request().form().apply(f);
        String authorization = c.request().basic().apply(f);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> f.post(form, OAuthFixture.FORM, authorization));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.error().code()).isEqualTo(c.error());
        assertThat(e.error().description()).isEqualTo(c.description());
        assertThat(e.error().httpStatus()).isEqualTo(c.status());
        assertThat(e.basicChallenge()).isEqualTo(c.challenge());
        assertThat(e.reason()).isEqualTo(c.reason());
        assertThat(e.debug()).isNotBlank().doesNotContain(OAuthFixture.SECRET).doesNotContain(NEW_SECRET);
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(c.reason());
        assertThat(row.detail()).isEqualTo(e.debug());
        assertThat(row.loginType()).isEqualTo(LoginHistoryEntry.REMOTE_ACCESS);
        assertThat(row.loginSubType()).isEqualTo("Client Credentials");
        assertThat(row.sourceIp()).isEqualTo(OAuthFixture.SOURCE_IP);
        assertThat(f.tokens.all()).isEmpty();
        assertThat(f.replay.used).as("a refused request burns no jti").isEmpty();
    }

    static Stream<Success> successes() {
        Consumer<OAuthFixture> none = f -> { };
        return Stream.of(
                new Success("secret in the body (client_secret_post)", none, post(OAuthFixture.SECRET), Method.POST),
                new Success("secret in a Basic header (client_secret_basic)", none, basicAuth(OAuthFixture.SECRET),
                        Method.BASIC),
                new Success("private_key_jwt, aud = token endpoint (Nimbus)", none,
                        jwt(OAuthFixture::clientAssertion), Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, aud = base URL", none,
                        jwt(f -> f.clientAssertion().claim("aud", OAuthFixture.BASE.toString())),
                        Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, aud = base URL with a trailing slash", none,
                        jwt(f -> f.clientAssertion().claim("aud", OAuthFixture.BASE + "/")), Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt with a matching client_id in the body", none,
                        form(f -> clientCredentialsForm("client_id", f.app.consumerKey(), "client_assertion_type",
                                TYPE, "client_assertion", f.clientAssertion().build())), Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, exp in milliseconds (sf CLI style)", none,
                        jwt(f -> f.clientAssertion().claim("exp", f.clock.millis() + 300)), Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, typ client-authentication+jwt", none,
                        jwt(f -> f.clientAssertion().header("typ", "client-authentication+jwt")),
                        Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, no typ and a kid", none,
                        jwt(f -> f.clientAssertion().header("typ", null).header("kid", "k1")), Method.PRIVATE_KEY_JWT),
                new Success("private_key_jwt, ES256 enabled with an EC certificate", f -> {
                    f.updateApp(a -> a.withAssertionRules(Set.of("ES256"), a.assertionMaxLifetime(), false,
                            f.clock.instant()));
                    f.addCertificate(TestKeys.EC_P256, f.clock.instant().minusSeconds(60),
                            f.clock.instant().plus(Duration.ofDays(30)));
                }, jwt(f -> f.clientAssertion().alg("ES256").signedWith(TestKeys.EC_P256.getPrivate())),
                        Method.PRIVATE_KEY_JWT),
                new Success("the new secret after a rotation", f -> f.rotateSecret(NEW_SECRET, Duration.ofHours(24)),
                        post(NEW_SECRET), Method.POST),
                new Success("the previous secret inside the overlap window", f -> {
                    f.rotateSecret(NEW_SECRET, Duration.ofHours(24));
                    f.clock.advance(Duration.ofHours(23));
                }, basicAuth(OAuthFixture.SECRET), Method.BASIC),
                new Success("run-as user granted through a permission set", f -> {
                    f.revokeProfileGrant();
                    f.grantThroughPermissionSet(f.runAs);
                }, post(OAuthFixture.SECRET), Method.POST),
                new Success("self-authorize app: the run-as user needs no approval", f -> {
                    f.selfAuthorize();
                    f.revokeProfileGrant();
                }, post(OAuthFixture.SECRET), Method.POST),
                new Success("a standard user as the run-as user", f -> f.updateApp(a -> a.withClientCredentials(
                        true, f.user.id(), f.clock.instant())), post(OAuthFixture.SECRET), Method.POST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successes")
    void whenClientCredentialsRequestIsAcceptableThenRunAsTokenAndOneSuccessRow(Success c) throws Exception {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        c.setup().accept(f);
        Map<String, List<String>> form = c.request().form().apply(f);
        String authorization = c.request().basic().apply(f);

        TokenResponse response = f.post(form, OAuthFixture.FORM, authorization);

        User runAs = f.users.findById(f.app.runAsUserId()).orElseThrow();
        assertThat(response.accessToken()).startsWith(f.org.id().substring(0, 15) + "!");
        assertThat(response.tokenType()).isEqualTo("Bearer");
        assertThat(response.id()).isEqualTo(f.settings.identityUrl(f.org.id(), runAs.id()));
        assertThat(response.instanceUrl()).isEqualTo(OAuthFixture.BASE.toString());
        assertThat(response.issuedAt()).isEqualTo(Long.toString(f.clock.millis()));
        assertThat(response.scope()).isEqualTo("api full id openid web");
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(LoginReason.SUCCESS);
        assertThat(row.loginSubType()).isEqualTo("Client Credentials");
        assertThat(row.userId()).isEqualTo(runAs.id());
        assertThat(row.username()).isEqualTo(runAs.username());
        assertThat(row.appId()).isEqualTo(f.app.id());
        assertThat(row.consumerKey()).isEqualTo(f.app.consumerKey());
        assertThat(f.tokens.all()).singleElement().satisfies(t -> {
            assertThat(t.userId()).isEqualTo(runAs.id());
            assertThat(t.appId()).isEqualTo(f.app.id());
        });
        if (c.method() == Method.PRIVATE_KEY_JWT) {
            assertThat(response.signature()).as("no secret was presented, so nothing to sign with").isNull();
            assertThat(row.certificateThumbprint()).isNotNull();
            assertThat(f.replay.used).hasSize(1);
        } else {
            String secret = c.name().contains("previous") ? OAuthFixture.SECRET
                    : c.name().contains("new secret") ? NEW_SECRET : OAuthFixture.SECRET;
            assertThat(response.signature()).isEqualTo(hmac(secret, response.id() + response.issuedAt()));
            assertThat(row.certificateThumbprint()).isNull();
            assertThat(f.replay.used).isEmpty();
        }
        if (c.name().contains("previous secret")) {
            assertThat(row.detail()).isEqualTo("authenticated with the previous consumer secret (valid until "
                    + f.app.previousSecretExpires() + ")");
        } else {
            assertThat(row.detail()).isNull();
        }
    }

    static String hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whenClientAssertionReplayedThenInvalidClientAndOnlyTheFirstGetsAToken() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        String assertion = f.clientAssertion().build();
        Map<String, List<String>> form = clientCredentialsForm("client_assertion_type", TYPE, "client_assertion",
                assertion);
        f.post(form, OAuthFixture.FORM, null);

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(form, OAuthFixture.FORM, null));

        assertThat(e.error().code()).isEqualTo(CLIENT);
        assertThat(e.error().description()).isEqualTo("client assertion has already been used");
        assertThat(e.error().httpStatus()).isEqualTo(401);
        assertThat(e.basicChallenge()).isFalse();
        assertThat(e.reason()).isEqualTo(LoginReason.JTI_REPLAYED);
        assertThat(f.tokens.all()).hasSize(1);
        assertThat(f.history.all()).extracting(LoginHistoryEntry::reason)
                .containsExactly(LoginReason.SUCCESS, LoginReason.JTI_REPLAYED);
    }

    @Test
    void whenAssertionRefusedForTheRunAsUserThenItsJtiStaysUsableOnceFixed() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        f.revokeProfileGrant();
        Map<String, List<String>> form = clientCredentialsForm("client_assertion_type", TYPE, "client_assertion",
                f.clientAssertion().claim("jti", "fixed-later").build());
        catchThrowableOfType(OAuthException.class, () -> f.post(form, OAuthFixture.FORM, null));

        f.grant(f.apiProfile.id());
        TokenResponse response = f.post(form, OAuthFixture.FORM, null);

        assertThat(response.accessToken()).isNotBlank();
        assertThat(f.replay.used).hasSize(1);
    }

    @Test
    void whenSuccessRowCannotBeWrittenThenNoTokenStaysAndTheClientAssertionJtiIsNotBurned() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        Map<String, List<String>> form = clientCredentialsForm("client_assertion_type", TYPE, "client_assertion",
                f.clientAssertion().build());
        f.history.failAppends = true;

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(form, OAuthFixture.FORM, null));

        assertThat(e.error()).isEqualTo(OAuthError.SERVER_ERROR);
        assertThat(f.tokens.all()).isEmpty();
        assertThat(f.replay.used).isEmpty();
        f.history.failAppends = false;
        assertThat(f.post(form, OAuthFixture.FORM, null).accessToken()).isNotBlank();
        assertThat(f.history.only().reason()).isEqualTo(LoginReason.SUCCESS);
    }

    @Test
    void whenCertificateRemovedThenItsClientAssertionsStopAtOnce() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        AppCertificate second = f.addCertificate(TestKeys.RSA_B, f.clock.instant().minusSeconds(60),
                f.clock.instant().plus(Duration.ofDays(30)));
        Map<String, List<String>> form = clientCredentialsForm("client_assertion_type", TYPE, "client_assertion",
                f.clientAssertion().signedWith(TestKeys.RSA_B.getPrivate()).build());
        f.certificates.remove(f.app.id(), second.thumbprint());

        OAuthException e = catchThrowableOfType(OAuthException.class, () -> f.post(form, OAuthFixture.FORM, null));

        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_ASSERTION);
        assertThat(e.reason()).isEqualTo(LoginReason.INVALID_SIGNATURE);
    }

    @Test
    void whenHandlerDecidesThenAttemptRecordsAppRunAsUserAndVerifiedSecret() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        TokenRequest request = new TokenRequest(new io.userbound.protocol.token.ClientCredentialsGrantRequest(
                io.userbound.protocol.token.ClientAuthenticationParameters.secretPost(f.app.consumerKey(),
                        OAuthFixture.SECRET)),
                new ClientAuthentication(f.app.consumerKey(), OAuthFixture.SECRET,
                        ClientAuthentication.Method.CLIENT_SECRET_POST), new RequestOrigin("127.0.0.1", null, null));
        LoginAttempt attempt = request.newAttempt();

        GrantDecision decision = f.clientCredentials.decide(request,
                f.clients.authenticate(f.clientCredentials, request, attempt), attempt);

        assertThat(decision.app()).isEqualTo(f.app);
        assertThat(decision.user()).isEqualTo(f.runAs);
        assertThat(decision.scopes()).isEqualTo(f.app.scopes());
        assertThat(attempt.user()).isEqualTo(f.runAs);
        assertThat(attempt.verifiedSecret()).isEqualTo(OAuthFixture.SECRET);
        assertThat(f.history.all()).as("a handler never audits").isEmpty();
        assertThat(f.clientCredentials.grantType()).isEqualTo("client_credentials");
        assertThat(f.clientCredentials.loginSubType()).isEqualTo("Client Credentials");
    }

    @Test
    void whenSelfAuthorizeAppHasNoApprovalThenPolicyIsNotConsulted() {
        OAuthFixture f = new OAuthFixture();
        f.enableClientCredentials();
        f.selfAuthorize();
        assertThat(f.app.policy()).isEqualTo(PermittedUsersPolicy.SELF_AUTHORIZE);
        assertThat(f.approvals.find(f.app.id(), f.runAs.id())).isEmpty();

        assertThat(f.post(clientCredentialsForm(), OAuthFixture.FORM, basic(f.app.consumerKey(),
                OAuthFixture.SECRET)).accessToken()).isNotBlank();
    }
}
