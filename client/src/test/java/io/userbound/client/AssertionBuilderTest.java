package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssertionBuilderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final RSAPublicKey RSA_PUBLIC = (RSAPublicKey) TestKeys.RSA.certificate().getPublicKey();

    private static AssertionBuilder rsa() {
        return AssertionBuilder.forKey(TestKeys.RSA.privateKey())
                .issuer("3MVG9consumerkey")
                .subject("etl@acme.test")
                .audience("https://login.salesforce.com")
                .clock(CLOCK);
    }

    @Test
    void whenSignedThenClaimsAndHeaderAreRightAndSignatureVerifies() throws Exception {
        SignedJWT jwt = SignedJWT.parse(rsa().sign());

        assertThat(jwt.verify(new RSASSAVerifier(RSA_PUBLIC))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.getHeader().getKeyID()).isNull();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("3MVG9consumerkey");
        assertThat(claims.getSubject()).isEqualTo("etl@acme.test");
        assertThat(claims.getAudience()).containsExactly("https://login.salesforce.com");
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(180)));
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
        // aud is one string, exp whole seconds, as Salesforce's example shows
        assertThat(jwt.getPayload().toJSONObject().get("aud")).isEqualTo("https://login.salesforce.com");
        assertThat(jwt.getPayload().toJSONObject().get("exp")).isEqualTo(NOW.getEpochSecond() + 180);
    }

    @Test
    void whenOptionsAreSetThenTheyAppearInTheAssertion() throws Exception {
        SignedJWT jwt = SignedJWT.parse(rsa().jwtId("jti-1").keyId("k1").lifetime(Duration.ofSeconds(45)).sign());

        assertThat(jwt.getJWTClaimsSet().getJWTID()).isEqualTo("jti-1");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(45)));
    }

    @Test
    void whenSignedTwiceThenEachHasItsOwnJti() throws Exception {
        String a = SignedJWT.parse(rsa().sign()).getJWTClaimsSet().getJWTID();
        String b = SignedJWT.parse(rsa().sign()).getJWTClaimsSet().getJWTID();
        assertThat(a).isNotEqualTo(b);
    }

    static Stream<Arguments> algorithms() {
        PrivateKey ec = TestKeys.EC.getPrivate();
        ECPublicKey ecPublic = (ECPublicKey) TestKeys.EC.getPublic();
        JWSVerifier rsaVerifier = new RSASSAVerifier(RSA_PUBLIC);
        JWSVerifier ecVerifier;
        try {
            ecVerifier = new ECDSAVerifier(ecPublic);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Stream.of(
                Arguments.of(TestKeys.RSA.privateKey(), null, JWSAlgorithm.RS256, rsaVerifier),
                Arguments.of(TestKeys.RSA.privateKey(), "RS384", JWSAlgorithm.RS384, rsaVerifier),
                Arguments.of(TestKeys.RSA.privateKey(), "RS512", JWSAlgorithm.RS512, rsaVerifier),
                Arguments.of(TestKeys.RSA.privateKey(), "PS256", JWSAlgorithm.PS256, rsaVerifier),
                Arguments.of(ec, null, JWSAlgorithm.ES256, ecVerifier),
                Arguments.of(ec, "ES256", JWSAlgorithm.ES256, ecVerifier));
    }

    @ParameterizedTest(name = "{2} chosen by {1}")
    @MethodSource("algorithms")
    void whenAlgorithmFitsTheKeyThenSignatureVerifies(PrivateKey key, String requested, JWSAlgorithm expected,
            JWSVerifier verifier) throws Exception {
        AssertionBuilder b = AssertionBuilder.forKey(key).issuer("i").subject("s").audience("a");
        if (requested != null) {
            b.algorithm(requested);
        }
        SignedJWT jwt = SignedJWT.parse(b.sign());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(expected);
        assertThat(jwt.verify(verifier)).isTrue();
    }

    static Stream<Arguments> refusedAlgorithms() {
        return Stream.of(
                Arguments.of(TestKeys.RSA.privateKey(), "none"),
                Arguments.of(TestKeys.RSA.privateKey(), "HS256"),
                Arguments.of(TestKeys.RSA.privateKey(), "ES256"),
                Arguments.of(TestKeys.EC.getPrivate(), "RS256"),
                Arguments.of(TestKeys.EC.getPrivate(), "ES384"),
                Arguments.of(TestKeys.EC.getPrivate(), "none"));
    }

    @ParameterizedTest(name = "{1} refused for {0}")
    @MethodSource("refusedAlgorithms")
    void whenAlgorithmIsNotAllowedForTheKeyThenIllegalArgument(PrivateKey key, String alg) {
        assertThatThrownBy(() -> AssertionBuilder.forKey(key).algorithm(alg))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("algorithm " + alg + " is not allowed");
    }

    static Stream<Arguments> missingClaims() {
        return Stream.of(
                Arguments.of((UnaryOperator<AssertionBuilder>) b -> b.issuer(null), "an issuer (the consumer key)"),
                Arguments.of((UnaryOperator<AssertionBuilder>) b -> b.subject(" "), "a subject (the username)"),
                Arguments.of((UnaryOperator<AssertionBuilder>) b -> b.audience(""), "an audience"));
    }

    @ParameterizedTest(name = "missing {1}")
    @MethodSource("missingClaims")
    void whenRequiredClaimIsMissingThenIllegalState(UnaryOperator<AssertionBuilder> change, String what) {
        assertThatThrownBy(() -> change.apply(rsa()).sign())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the assertion needs " + what);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void whenLifetimeIsNotPositiveThenIllegalArgument(long seconds) {
        assertThatThrownBy(() -> rsa().lifetime(Duration.ofSeconds(seconds)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one second");
    }

    @Test
    void whenKeyIsTooSmallOrOfAnotherTypeThenIllegalArgument() throws Exception {
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        PrivateKey small = rsa1024.generateKeyPair().getPrivate();
        PrivateKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();

        assertThatThrownBy(() -> AssertionBuilder.forKey(small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2048 bits");
        assertThatThrownBy(() -> AssertionBuilder.forKey(ed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported key type");
        assertThatThrownBy(() -> AssertionBuilder.forKey(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a private key is required");
    }
}
