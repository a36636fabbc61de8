package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.client.ClientCredentialsTokenSource.AuthMethod;
import io.userbound.protocol.GrantTypes;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientCredentialsTokenSourceTest {

    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SECRET = "s3cr:et with space";

    private FakeServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long delayMillis;
    private volatile FakeServer.Reply refusal;
    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(START);

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer().route("POST", TOKEN_PATH, r -> {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (refusal != null) {
                return refusal;
            }
            int n = issued.incrementAndGet();
            return new FakeServer.Reply(200, "{\"access_token\":\"00D000000000001!cc" + n + "\",\"instance_url\":\""
                    + server.url() + "\",\"id\":\"" + server.url() + "/id/00D000000000001EAA/005000000000002AAA\","
                    + "\"token_type\":\"Bearer\",\"issued_at\":\"1\",\"signature\":\"c2ln\",\"expires_in\":300}");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClientCredentialsTokenSource.Builder source(AuthMethod method) {
        ClientCredentialsTokenSource.Builder b = ClientCredentialsTokenSource.builder()
                .loginUrl(server.url() + "/")
                .clientId("3MVG9 key")
                .clock(clock);
        return method == AuthMethod.PRIVATE_KEY_JWT ? b.privateKey(TestKeys.RSA.privateKey())
                : b.clientSecret(SECRET).authMethod(method);
    }

    private List<FakeServer.Request> tokenRequests() {
        return server.requests("POST", TOKEN_PATH);
    }

    @Test
    void whenSecretInBasicThenOnlyGrantTypeInTheBodyAndFormEncodedCredentialsInTheHeader() {
        ClientCredentialsTokenSource tokens = source(AuthMethod.CLIENT_SECRET_BASIC).build();

        Token token = tokens.token();

        assertThat(token.accessToken()).isEqualTo("00D000000000001!cc1");
        assertThat(token.raw().signature()).isEqualTo("c2ln");
        FakeServer.Request r = tokenRequests().get(0);
        assertThat(r.form()).containsExactly(Map.entry("grant_type", "client_credentials"));
        assertThat(new String(Base64.getDecoder().decode(r.authorization().substring("Basic ".length())),
                StandardCharsets.UTF_8)).isEqualTo("3MVG9+key:s3cr%3Aet+with+space");
        assertThat(tokens.authMethod()).isEqualTo(AuthMethod.CLIENT_SECRET_BASIC);
        assertThat(tokens.audience()).isNull();
    }

    @Test
    void whenSecretInBodyThenClientIdAndSecretInTheFormAndNoAuthorizationHeader() {
        source(AuthMethod.CLIENT_SECRET_POST).build().token();

        FakeServer.Request r = tokenRequests().get(0);
        assertThat(r.form()).containsExactly(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "3MVG9 key"), Map.entry("client_secret", SECRET));
        assertThat(r.authorization()).isNull();
    }

    @Test
    void whenPrivateKeyThenSignedClientAssertionForTheTokenEndpoint() throws Exception {
        ClientCredentialsTokenSource tokens = source(AuthMethod.PRIVATE_KEY_JWT).keyId("kid-1").build();

        tokens.token();

        FakeServer.Request r = tokenRequests().get(0);
        assertThat(r.authorization()).isNull();
        assertThat(r.form().keySet()).containsExactly("grant_type", "client_assertion_type", "client_assertion");
        assertThat(r.form().get("client_assertion_type")).isEqualTo(GrantTypes.CLIENT_ASSERTION_TYPE_JWT_BEARER);
        SignedJWT jwt = SignedJWT.parse(r.form().get("client_assertion"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA.certificate().getPublicKey()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("3MVG9 key");
        assertThat(claims.getSubject()).isEqualTo("3MVG9 key");
        assertThat(claims.getAudience()).containsExactly(server.url() + TOKEN_PATH);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(START);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(START.plusSeconds(180));
        assertThat(tokens.audience()).isEqualTo(server.url() + TOKEN_PATH);
        assertThat(tokens.authMethod()).isEqualTo(AuthMethod.PRIVATE_KEY_JWT);
    }

    @Test
    void whenEachRefreshSignsANewClientAssertionThenNoJtiRepeats() throws Exception {
        ClientCredentialsTokenSource tokens = source(AuthMethod.PRIVATE_KEY_JWT).audience("http://as.example").build();

        tokens.token();
        tokens.refresh();

        List<String> jtis = new ArrayList<>();
        for (FakeServer.Request r : tokenRequests()) {
            JWTClaimsSet c = SignedJWT.parse(r.form().get("client_assertion")).getJWTClaimsSet();
            assertThat(c.getAudience()).containsExactly("http://as.example");
            jtis.add(c.getJWTID());
        }
        assertThat(jtis).hasSize(2).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void whenTokenIsFreshThenReusedAndReplacedOneSkewBeforeExpiry(AuthMethod method) {
        ClientCredentialsTokenSource tokens = source(method).build();
        Token first = tokens.token();
        clock.advance(Duration.ofSeconds(239));
        assertThat(tokens.token()).isSameAs(first);

        clock.advance(Duration.ofSeconds(1));
        Token second = tokens.token();

        assertThat(second.accessToken()).isEqualTo("00D000000000001!cc2");
        assertThat(tokens.refresh(first)).isSameAs(second);
        assertThat(tokenRequests()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void whenThirtyTwoThreadsNeedATokenThenOnlyOneRequestRuns(AuthMethod method) throws Exception {
        ClientCredentialsTokenSource tokens = source(method).build();
        delayMillis = 150;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Token>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return tokens.token();
                }));
            }
            go.countDown();
            Token first = futures.get(0).get();
            for (Future<Token> f : futures) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void whenEndpointRefusesTheSecretThenOAuthClientExceptionCarriesStatusAndStrings() {
        refusal = new FakeServer.Reply(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        ClientCredentialsTokenSource tokens = source(AuthMethod.CLIENT_SECRET_BASIC).build();

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(OAuthClientException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.error()).isEqualTo("invalid_client");
            assertThat(e.errorDescription()).isEqualTo("invalid client credentials");
        });
        refusal = null;
        assertThat(tokens.token().accessToken()).isEqualTo("00D000000000001!cc1");
    }

    static Stream<Arguments> badBuilds() {
        return Stream.<Arguments>of(
                Arguments.of("nothing", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b -> b,
                        "needs loginUrl, clientId, clientSecret"),
                Arguments.of("no secret", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b -> b
                        .loginUrl("http://x.test").clientId("k"), "(CLIENT_SECRET_BASIC) needs clientSecret"),
                Arguments.of("empty secret", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b -> b
                        .loginUrl("http://x.test").clientId("k").clientSecret(""), "needs clientSecret"),
                Arguments.of("private_key_jwt without a key", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b
                        -> b.loginUrl("http://x.test").clientId("k").authMethod(AuthMethod.PRIVATE_KEY_JWT),
                        "(PRIVATE_KEY_JWT) needs privateKey"),
                Arguments.of("post with only a key", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b -> b
                        .loginUrl("http://x.test").clientId("k").privateKey(TestKeys.RSA.privateKey())
                        .authMethod(AuthMethod.CLIENT_SECRET_POST), "(CLIENT_SECRET_POST) needs clientSecret"),
                Arguments.of("secret and key", (UnaryOperator<ClientCredentialsTokenSource.Builder>) b -> b
                        .loginUrl("http://x.test").clientId("k").clientSecret("s")
                        .privateKey(TestKeys.RSA.privateKey()), "not both"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBuilds")
    void whenSettingsDoNotFitThenBuildRefusesNamingThem(String name,
            UnaryOperator<ClientCredentialsTokenSource.Builder> settings, String message) {
        assertThatThrownBy(() -> settings.apply(ClientCredentialsTokenSource.builder()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }

    @Test
    void whenKeyDoesNotFitTheAlgorithmThenBuildRefusesBeforeAnyRequest() {
        assertThatThrownBy(() -> source(AuthMethod.PRIVATE_KEY_JWT).algorithm("ES256").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tokenRequests()).isEmpty();
    }

    @Test
    void whenPrintedThenNoSecret() {
        assertThat(source(AuthMethod.CLIENT_SECRET_POST).build().toString()).doesNotContain("s3cr")
                .contains("CLIENT_SECRET_POST");
    }
}
