package io.userbound.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.oauth.audit.LoginAttempt;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.grant.AuthenticatedClient;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.GrantDecision;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.protocol.OAuthErrorCodes;
import io.userbound.protocol.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule of the JWT bearer pipeline, driven through {@link TokenEndpoint} with real signatures: each
 * refusal asserts the exact {@code error}, {@code error_description} and typed reason, and that exactly one
 * {@code LoginHistory} row was written.
 */
class JwtBearerGrantHandlerTests {
    private static final String ADMIN = "user is not admin approved to access this app";
    private static final String SELF = "user hasn't approved this consumer";
    private static final String INVALID = "invalid assertion";

    record Refusal(String name, Consumer<OAuthFixture> setup, Function<OAuthFixture, String> assertion, String error,
            String description, LoginReason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Success(String name, Consumer<OAuthFixture> setup, Function<OAuthFixture, String> assertion) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Refusal refusal(String name, Consumer<OAuthFixture> setup, Function<OAuthFixture, String> a,
            String error, String description, LoginReason reason) {
        return new Refusal(name, setup, a, error, description, reason);
    }

    private static Refusal refusal(String name, Function<OAuthFixture, String> a, String error, String description,
            LoginReason reason) {
        return new Refusal(name, f -> { }, a, error, description, reason);
    }

    private static long now(OAuthFixture f) {
        return f.clock.instant().getEpochSecond();
    }

    static Stream<Refusal> refusals() {
        String grant = OAuthErrorCodes.INVALID_GRANT;
        return Stream.of(
                refusal("unknown iss", f -> f.assertion().claim("iss", "3MVG9nobody").build(),
                        OAuthErrorCodes.INVALID_CLIENT_ID, "client identifier invalid", LoginReason.UNKNOWN_CLIENT),
                refusal("missing iss", f -> f.assertion().without("iss").build(),
                        OAuthErrorCodes.INVALID_CLIENT_ID, "client identifier invalid", LoginReason.UNKNOWN_CLIENT),
                refusal("iss not a string", f -> f.assertion().claim("iss", 42).build(),
                        OAuthErrorCodes.INVALID_CLIENT_ID, "client identifier invalid", LoginReason.UNKNOWN_CLIENT),
                refusal("signed by a key of no certificate",
                        f -> f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build(),
                        grant, INVALID, LoginReason.INVALID_SIGNATURE),
                refusal("tampered payload", f -> {
                    String good = f.assertion().build();
                    String other = f.assertion().claim("sub", "admin@acme.example").build();
                    String[] g = good.split("\\.");
                    return g[0] + "." + other.split("\\.")[1] + "." + g[2];
                }, grant, INVALID, LoginReason.INVALID_SIGNATURE),
                refusal("signed by a removed certificate", f -> {
                    AppCertificate second = f.addCertificate(TestKeys.RSA_B, f.clock.instant().minusSeconds(60),
                            f.clock.instant().plus(Duration.ofDays(30)));
                    f.certificates.remove(f.app.id(), second.thumbprint());
                }, f -> f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build(),
                        grant, INVALID, LoginReason.INVALID_SIGNATURE),
                refusal("signed by an expired certificate",
                        f -> f.addCertificate(TestKeys.RSA_B, f.clock.instant().minus(Duration.ofDays(30)),
                                f.clock.instant().minus(Duration.ofDays(1))),
                        f -> f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build(),
                        grant, INVALID, LoginReason.NO_VALID_CERTIFICATE),
                refusal("signed by a certificate not yet valid",
                        f -> f.addCertificate(TestKeys.RSA_B, f.clock.instant().plus(Duration.ofDays(1)),
                                f.clock.instant().plus(Duration.ofDays(30))),
                        f -> f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build(),
                        grant, INVALID, LoginReason.NO_VALID_CERTIFICATE),
                refusal("app has no certificate left",
                        f -> f.certificates.remove(f.app.id(), f.certificate.thumbprint()),
                        f -> f.assertion().build(), grant, INVALID, LoginReason.NO_VALID_CERTIFICATE),
                refusal("alg none", f -> f.assertion().alg("none").build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("alg None with a signature", f -> f.assertion().alg("None").rawSignature("c2ln").build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("HS256 keyed with the certificate PEM",
                        f -> f.assertion().alg("HS256")
                                .hmacSecret(f.certificate.pem().getBytes(StandardCharsets.US_ASCII)).build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("HS512 keyed with the public key bytes",
                        f -> f.assertion().alg("HS512").hmacSecret(TestKeys.RSA_A.getPublic().getEncoded()).build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("RS256 when the app allows only PS256",
                        f -> f.updateApp(a -> a.withAssertionRules(Set.of("PS256"), a.assertionMaxLifetime(),
                                a.jtiRequired(), f.clock.instant())),
                        f -> f.assertion().build(), grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("PS256 when the app allows only RS256", f -> f.assertion().alg("PS256").build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("ES384 above the server ceiling",
                        f -> f.assertion().alg("ES384").rawSignature("AAAA").build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("unknown alg", f -> f.assertion().alg("XY1").rawSignature("AAAA").build(),
                        grant, INVALID, LoginReason.ALGORITHM_NOT_ALLOWED),
                refusal("typ is not JWT", f -> f.assertion().header("typ", "JOSE+JSON").build(),
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("wrong aud", f -> f.assertion().claim("aud", "https://login.salesforce.com").build(),
                        grant, "audience is invalid", LoginReason.AUDIENCE_INVALID),
                refusal("aud array without ours",
                        f -> f.assertion().claim("aud", List.of("https://a.example", "https://b.example")).build(),
                        grant, "audience is invalid", LoginReason.AUDIENCE_INVALID),
                refusal("aud missing", f -> f.assertion().without("aud").build(),
                        grant, "audience is invalid", LoginReason.AUDIENCE_INVALID),
                refusal("aud with another port", f -> f.assertion().claim("aud", "http://127.0.0.1:8081").build(),
                        grant, "audience is invalid", LoginReason.AUDIENCE_INVALID),
                refusal("exp past beyond the skew",
                        f -> f.assertion().claim("exp", now(f) - 181).claim("iat", now(f) - 300).build(),
                        grant, "expired authorization code", LoginReason.ASSERTION_EXPIRED),
                refusal("exp in milliseconds but past",
                        f -> f.assertion().claim("exp", (now(f) - 600) * 1000).claim("iat", now(f) - 700).build(),
                        grant, "expired authorization code", LoginReason.ASSERTION_EXPIRED),
                refusal("exp missing", f -> f.assertion().without("exp").build(),
                        grant, "exp claim is missing or not a number", LoginReason.MISSING_CLAIM),
                refusal("exp not a number", f -> f.assertion().claim("exp", "tomorrow").build(),
                        grant, "exp claim is missing or not a number", LoginReason.MALFORMED_ASSERTION),
                refusal("exp negative", f -> f.assertion().claim("exp", -5).build(),
                        grant, "exp claim is missing or not a number", LoginReason.MALFORMED_ASSERTION),
                refusal("nbf in the future beyond the skew", f -> f.assertion().claim("nbf", now(f) + 181).build(),
                        grant, "assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                refusal("nbf not a number", f -> f.assertion().claim("nbf", "soon").build(),
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("lifetime over the cap", f -> f.assertion().claim("exp", now(f) + 601).build(),
                        grant, "assertion lifetime exceeds the maximum allowed", LoginReason.LIFETIME_EXCEEDED),
                refusal("lifetime over the cap without iat",
                        f -> f.assertion().without("iat").claim("exp", now(f) + 601).build(),
                        grant, "assertion lifetime exceeds the maximum allowed", LoginReason.LIFETIME_EXCEEDED),
                refusal("iat forged into the future to stretch the lifetime",
                        f -> f.assertion().claim("exp", now(f) + 86_400).claim("iat", now(f) + 86_000).build(),
                        grant, "assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                refusal("iat 11 days ahead with a near exp (exp - iat negative)",
                        f -> f.assertion().claim("iat", now(f) + 11 * 86_400).claim("exp", now(f) + 60).build(),
                        grant, "assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                refusal("iat just beyond the skew", f -> f.assertion().claim("iat", now(f) + 181).build(),
                        grant, "assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                refusal("iat in milliseconds, ahead", f -> f.assertion().claim("iat", (now(f) + 3_600) * 1000).build(),
                        grant, "assertion is not yet valid", LoginReason.ASSERTION_NOT_YET_VALID),
                refusal("zip DEF (a JWE header; would make a compression bomb)",
                        f -> f.assertion().header("zip", "DEF").build(), grant, INVALID,
                        LoginReason.MALFORMED_ASSERTION),
                refusal("zip of any other value", f -> f.assertion().header("zip", "GZIP").build(), grant, INVALID,
                        LoginReason.MALFORMED_ASSERTION),
                refusal("sub and prn missing", f -> f.assertion().without("sub").build(),
                        grant, INVALID, LoginReason.MISSING_CLAIM),
                refusal("prn wins over sub: bad prn, good sub",
                        f -> f.assertion().claim("prn", "nobody@acme.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_UNKNOWN),
                refusal("user unknown", f -> f.assertion().claim("sub", "nobody@acme.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_UNKNOWN),
                refusal("user inactive",
                        f -> f.addUser("gone@acme.example", UserType.STANDARD, false, f.apiProfile.id()),
                        f -> f.assertion().claim("sub", "gone@acme.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_INACTIVE),
                refusal("user not API enabled",
                        f -> f.addUser("noapi@acme.example", UserType.STANDARD, true, f.plainProfile.id()),
                        f -> f.assertion().claim("sub", "noapi@acme.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_NOT_API_ENABLED),
                refusal("automated process user",
                        f -> f.addUser("autoproc@acme.example", UserType.AUTOMATED_PROCESS, true,
                                f.apiProfile.id()),
                        f -> f.assertion().claim("sub", "autoproc@acme.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_CANNOT_LOG_IN),
                refusal("user not granted (admin approved)", OAuthFixture::revokeProfileGrant,
                        f -> f.assertion().build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.NOT_ADMIN_APPROVED),
                refusal("user of another org", f -> {
                    User stranger = new User("005000000000009AAA", "00D000000000009AAA", "stranger@other.example",
                            "S", "T", null, UserType.STANDARD, true, f.apiProfile.id(), f.clock.instant(),
                            f.clock.instant());
                    f.users.insert(stranger);
                }, f -> f.assertion().claim("sub", "stranger@other.example").build(),
                        OAuthErrorCodes.INVALID_APP_ACCESS, ADMIN, LoginReason.USER_UNKNOWN),
                refusal("user not approved (self authorize)", OAuthFixture::selfAuthorize,
                        f -> f.assertion().build(), grant, SELF, LoginReason.NOT_APPROVED),
                refusal("user unknown (self authorize)", OAuthFixture::selfAuthorize,
                        f -> f.assertion().claim("sub", "nobody@acme.example").build(),
                        grant, SELF, LoginReason.USER_UNKNOWN),
                refusal("user inactive (self authorize)", f -> {
                    f.selfAuthorize();
                    f.approve(f.addUser("gone@acme.example", UserType.STANDARD, false, f.apiProfile.id()));
                }, f -> f.assertion().claim("sub", "gone@acme.example").build(),
                        grant, SELF, LoginReason.USER_INACTIVE),
                refusal("jti required but missing",
                        f -> f.updateApp(a -> a.withAssertionRules(a.allowedAlgorithms(), a.assertionMaxLifetime(),
                                true, f.clock.instant())),
                        f -> f.assertion().build(), grant, "jti claim is required", LoginReason.JTI_REQUIRED),
                refusal("jti not a string", f -> f.assertion().claim("jti", 7).build(),
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("jti too long", f -> f.assertion().claim("jti", "j".repeat(256)).build(),
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("assertion missing", f -> null,
                        OAuthErrorCodes.INVALID_REQUEST, "assertion is missing", LoginReason.INVALID_REQUEST),
                refusal("garbage", f -> "this is not a JWT!",
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("garbage base64 parts", f -> "%%%.@@@.###",
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("padded base64", f -> f.assertion().build() + "==",
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("header not JSON", f -> "bm90IGpzb24." + f.assertion().build().split("\\.", 2)[1],
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("payload not JSON", f -> {
                    String[] p = f.assertion().build().split("\\.");
                    return p[0] + "." + TestAssertions.b64("[1,2]") + "." + p[2];
                }, grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("JWE (five parts)", f -> "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d",
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("unsecured JWT (two parts)", f -> TestAssertions.b64("{\"alg\":\"none\"}") + "."
                        + TestAssertions.b64("{\"iss\":\"x\"}"), grant, INVALID, LoginReason.MALFORMED_ASSERTION),
                refusal("1 MB assertion", f -> f.assertion().claim("pad", "x".repeat(1 << 20)).build(),
                        grant, INVALID, LoginReason.MALFORMED_ASSERTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whenAssertionBreaksARuleThenExactErrorAndOneAuditRow(Refusal c) {
        OAuthFixture f = new OAuthFixture();
        c.setup().accept(f);
        String assertion = c.assertion().apply(f);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> f.post(assertion == null
                        ? OAuthFixture.form("grant_type", io.userbound.protocol.GrantTypes.JWT_BEARER)
                        : OAuthFixture.form("grant_type", io.userbound.protocol.GrantTypes.JWT_BEARER,
                                "assertion", assertion), OAuthFixture.FORM, null));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.error().code()).isEqualTo(c.error());
        assertThat(e.error().description()).isEqualTo(c.description());
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo(c.reason());
        assertThat(e.debug()).isNotBlank().doesNotContain(c.description());
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(c.reason());
        assertThat(row.detail()).isEqualTo(e.debug());
        assertThat(row.loginType()).isEqualTo(LoginHistoryEntry.REMOTE_ACCESS);
        assertThat(row.loginSubType()).isEqualTo("JWT Bearer");
        assertThat(row.sourceIp()).isEqualTo(OAuthFixture.SOURCE_IP);
        assertThat(row.userAgent()).isEqualTo(OAuthFixture.USER_AGENT);
        assertThat(row.loginUrl()).isEqualTo(f.settings.tokenEndpointUrl());
        assertThat(f.tokens.all()).isEmpty();
    }

    static Stream<Success> successes() {
        return Stream.of(
                new Success("baseline", f -> { }, f -> f.assertion().build()),
                new Success("sf CLI: exp = Date.now() + 300 in milliseconds, iat in seconds", f -> { },
                        f -> f.assertion().claim("exp", f.clock.millis() + 300).claim("iat", now(f)).build()),
                new Success("exp in milliseconds without iat", f -> { },
                        f -> f.assertion().without("iat").claim("exp", f.clock.millis() + 120_000).build()),
                new Success("exp as a numeric string (Salesforce doc sample)", f -> { },
                        f -> f.assertion().claim("exp", Long.toString(now(f) + 180)).build()),
                new Success("exp as a decimal string", f -> { },
                        f -> f.assertion().claim("exp", (now(f) + 180) + ".25").build()),
                new Success("exp as a fraction", f -> { },
                        f -> f.assertion().claim("exp", now(f) + 180.5d).build()),
                new Success("exp just past but within the skew", f -> { },
                        f -> f.assertion().claim("exp", now(f) - 170).claim("iat", now(f) - 300).build()),
                new Success("nbf within the skew", f -> { },
                        f -> f.assertion().claim("nbf", now(f) + 170).build()),
                new Success("lifetime exactly the cap", f -> { },
                        f -> f.assertion().claim("exp", now(f) + 600).build()),
                new Success("client clock ahead within the skew", f -> { },
                        f -> f.assertion().claim("iat", now(f) + 120).claim("exp", now(f) + 720).build()),
                new Success("raised cap of one hour (authlib iat + 3600)",
                        f -> f.updateApp(a -> a.withAssertionRules(a.allowedAlgorithms(), Duration.ofHours(1),
                                false, f.clock.instant())),
                        f -> f.assertion().claim("exp", now(f) + 3600).build()),
                new Success("aud with trailing slash (sf CLI)", f -> { },
                        f -> f.assertion().claim("aud", OAuthFixture.BASE + "/").build()),
                new Success("aud = token endpoint (google-auth)", f -> { },
                        f -> f.assertion().claim("aud", f.settings.tokenEndpointUrl()).build()),
                new Success("aud array holding ours", f -> { },
                        f -> f.assertion().claim("aud", List.of("https://x.example", OAuthFixture.BASE.toString()))
                                .build()),
                new Success("extra audience login.salesforce.com",
                        f -> f.rewire(f.settings.withExtraAudiences(Set.of("https://login.salesforce.com"))),
                        f -> f.assertion().claim("aud", "https://login.salesforce.com").build()),
                new Success("no typ (Salesforce doc sample)", f -> { },
                        f -> f.assertion().header("typ", null).build()),
                new Success("typ jwt in lower case", f -> { }, f -> f.assertion().header("typ", "jwt").build()),
                new Success("kid naming no certificate (Nimbus, Spring)", f -> { },
                        f -> f.assertion().header("kid", "some-key-id").build()),
                new Success("x5t#S256 naming the certificate", f -> { },
                        f -> f.assertion().header("x5t#S256", com.nimbusds.jose.util.Base64URL.encode(
                                java.util.HexFormat.of().parseHex(f.certificate.thumbprint())).toString()).build()),
                new Success("a jwk header is ignored, not trusted", f -> { },
                        f -> f.assertion().header("jku", "https://evil.example/jwks").build()),
                new Success("prn wins over sub: good prn, bad sub", f -> { },
                        f -> f.assertion().claim("prn", f.user.username()).claim("sub", "nobody@acme.example")
                                .build()),
                new Success("prn alone (legacy)", f -> { },
                        f -> f.assertion().without("sub").claim("prn", f.user.username()).build()),
                new Success("username in another case", f -> { },
                        f -> f.assertion().claim("sub", "Integration@ACME.example").build()),
                new Success("PS256 enabled on the app",
                        f -> f.updateApp(a -> a.withAssertionRules(Set.of("PS256"), a.assertionMaxLifetime(), false,
                                f.clock.instant())),
                        f -> f.assertion().alg("PS256").build()),
                new Success("ES256 with an EC certificate", f -> {
                    f.updateApp(a -> a.withAssertionRules(Set.of("ES256"), a.assertionMaxLifetime(), false,
                            f.clock.instant()));
                    f.addCertificate(TestKeys.EC_P256, f.clock.instant().minusSeconds(60),
                            f.clock.instant().plus(Duration.ofDays(30)));
                }, f -> f.assertion().alg("ES256").signedWith(TestKeys.EC_P256.getPrivate()).build()),
                new Success("granted via permission set", f -> {
                    f.revokeProfileGrant();
                    f.grantThroughPermissionSet(f.user);
                }, f -> f.assertion().build()),
                new Success("integration user", f -> f.addUser("bot@acme.example", UserType.INTEGRATION, true,
                        f.apiProfile.id()), f -> f.assertion().claim("sub", "bot@acme.example").build()),
                new Success("self authorize with an approval", f -> {
                    f.selfAuthorize();
                    f.revokeProfileGrant();
                    f.approve(f.user);
                }, f -> f.assertion().build()),
                new Success("jti required and present",
                        f -> f.updateApp(a -> a.withAssertionRules(a.allowedAlgorithms(), a.assertionMaxLifetime(),
                                true, f.clock.instant())),
                        f -> f.assertion().claim("jti", "j-1").build()),
                new Success("second of two certificates", f -> f.addCertificate(TestKeys.RSA_B,
                        f.clock.instant().minusSeconds(60), f.clock.instant().plus(Duration.ofDays(30))),
                        f -> f.assertion().signedWith(TestKeys.RSA_B.getPrivate()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successes")
    void whenAssertionIsAcceptableThenTokenAndOneSuccessRow(Success c) {
        OAuthFixture f = new OAuthFixture();
        c.setup().accept(f);

        TokenResponse response = f.post(c.assertion().apply(f));

        assertThat(response.accessToken()).isNotBlank();
        assertThat(response.tokenType()).isEqualTo("Bearer");
        LoginHistoryEntry row = f.history.only();
        assertThat(row.reason()).isEqualTo(LoginReason.SUCCESS);
        assertThat(row.detail()).isNull();
        assertThat(row.userId()).isEqualTo(response.userId());
        assertThat(row.appId()).isEqualTo(f.app.id());
        assertThat(row.certificateThumbprint()).isNotNull();
        assertThat(f.tokens.all()).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void whenCliMillisecondExpThenAcceptedAndReplayWindowUsesSeconds() {
        OAuthFixture f = new OAuthFixture();
        long nowMillis = f.clock.millis();
        String assertion = f.assertion().claim("exp", nowMillis + 300).claim("iat", nowMillis / 1000)
                .claim("jti", "cli-1").build();

        f.post(assertion);

        Instant expiresAt = f.replay.used.values().iterator().next();
        assertThat(expiresAt).isEqualTo(Instant.ofEpochSecond((nowMillis + 300) / 1000 + 180));
    }
    @org.junit.jupiter.api.Test
    void whenHandlerRunsWithoutAnEndpointHasherThenAnyNonEmptySecretIsRefused() {
        OAuthFixture f = new OAuthFixture();
        TokenRequest request = new TokenRequest(
                new io.userbound.protocol.token.JwtBearerGrantRequest(f.assertion().build()),
                new ClientAuthentication(f.app.consumerKey(), OAuthFixture.SECRET,
                        ClientAuthentication.Method.CLIENT_SECRET_BASIC), new RequestOrigin("127.0.0.1", null, null));
        LoginAttempt attempt = request.newAttempt();
        AuthenticatedClient client = f.clientAuthentication(ClientAuthenticator.REJECT_SECRETS)
                .authenticate(f.handler, request, attempt);

        OAuthException e = catchThrowableOfType(OAuthException.class,
                () -> f.handler.decide(request, client, attempt));

        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT_CREDENTIALS);
        assertThat(e.basicChallenge()).isTrue();
        assertThat(attempt.app()).isEqualTo(f.app);
        assertThat(f.history.all()).as("a handler never audits").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void whenHandlerDecidesThenAttemptRecordsAppUserAndCertificate() {
        OAuthFixture f = new OAuthFixture();
        TokenRequest request = new TokenRequest(
                new io.userbound.protocol.token.JwtBearerGrantRequest(f.assertion().build()), null,
                new RequestOrigin("127.0.0.1", null, null));
        LoginAttempt attempt = request.newAttempt();

        GrantDecision decision = f.handler.decide(request, f.clients.authenticate(f.handler, request, attempt),
                attempt);

        assertThat(decision.app()).isEqualTo(f.app);
        assertThat(decision.user()).isEqualTo(f.user);
        assertThat(decision.scopes()).isEqualTo(f.app.scopes());
        assertThat(attempt.consumerKey()).isEqualTo(f.app.consumerKey());
        assertThat(attempt.username()).isEqualTo(f.user.username());
        assertThat(attempt.certificateThumbprint()).isEqualTo(f.certificate.thumbprint());
        assertThat(f.tokens.all()).as("a handler never issues").isEmpty();
    }
}
