package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.protocol.GrantTypes;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JwtBearerTokenSourceTest {

    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private FakeServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Long expiresIn = 300L;
    private volatile long delayMillis;
    private volatile Function<FakeServer.Request, FakeServer.Reply> override;
    private final TestKeys.MutableClock clock = new TestKeys.MutableClock(START);

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer().route("POST", TOKEN_PATH, this::tokenEndpoint);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FakeServer.Reply tokenEndpoint(FakeServer.Request request) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (override != null) {
            return override.apply(request);
        }
        int n = issued.incrementAndGet();
        String exp = expiresIn == null ? "" : ",\"expires_in\":" + expiresIn;
        return new FakeServer.Reply(200, "{\"access_token\":\"00D000000000001!tok" + n + "\",\"instance_url\":\""
                + server.url() + "\",\"id\":\"" + server.url() + "/id/00D000000000001EAA/005000000000001AAA\","
                + "\"token_type\":\"Bearer\",\"scope\":\"api\"" + exp + "}");
    }

    private JwtBearerTokenSource.Builder source() {
        return JwtBearerTokenSource.builder()
                .loginUrl(server.url() + "/")
                .clientId("3MVG9key")
                .username("etl@acme.test")
                .privateKey(TestKeys.RSA.privateKey())
                .clock(clock);
    }

    private int tokenCalls() {
        return server.requests("POST", TOKEN_PATH).size();
    }

    @Test
    void whenTokenIsRequestedThenFormCarriesASignedAssertionForTheLoginUrl() throws Exception {
        Token token = source().build().token();

        assertThat(token.accessToken()).isEqualTo("00D000000000001!tok1");
        assertThat(token.instanceUrl()).isEqualTo(server.url());
        assertThat(token.identityUrl()).endsWith("/id/00D000000000001EAA/005000000000001AAA");
        assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(300));
        assertThat(token.raw().scope()).isEqualTo("api");
        assertThat(token.toString()).doesNotContain("tok1");

        FakeServer.Request request = server.requests("POST", TOKEN_PATH).get(0);
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = request.form();
        assertThat(form.keySet()).containsExactly("grant_type", "assertion");
        assertThat(form.get("grant_type")).isEqualTo(GrantTypes.JWT_BEARER);
        SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA.certificate().getPublicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("3MVG9key");
        assertThat(claims.getSubject()).isEqualTo("etl@acme.test");
        assertThat(claims.getAudience()).containsExactly(server.url());
    }

    @Test
    void whenAudienceIsSetThenAssertionCarriesIt() throws Exception {
        source().audience("https://login.salesforce.com").build().token();

        String assertion = server.requests("POST", TOKEN_PATH).get(0).form().get("assertion");
        assertThat(SignedJWT.parse(assertion).getJWTClaimsSet().getAudience())
                .containsExactly("https://login.salesforce.com");
    }

    @Test
    void whenTokenIsFreshThenItIsReusedWithoutANewRequest() {
        JwtBearerTokenSource tokens = source().build();
        Token first = tokens.token();
        Token second = tokens.token();

        assertThat(second).isSameAs(first);
        assertThat(tokenCalls()).isEqualTo(1);
    }

    @ParameterizedTest(name = "expires_in={0}, after {1} s -> {2} requests")
    @CsvSource(nullValues = "null", value = {
        "300, 239, 1",   // 60 s skew: reused until 240 s
        "300, 240, 2",
        "null, 839, 1",  // no expires_in: assumed 15 min, refreshed 60 s before
        "null, 840, 2",
        "40, 19, 1",     // short token: skew capped at half the lifetime
        "40, 20, 2"})
    void whenTokenNearsExpiryThenANewOneIsRequestedBeforeIt(Long replyExpiresIn, long afterSeconds, int calls) {
        expiresIn = replyExpiresIn;
        JwtBearerTokenSource tokens = source().build();
        tokens.token();
        clock.advance(Duration.ofSeconds(afterSeconds));

        Token token = tokens.token();

        assertThat(tokenCalls()).isEqualTo(calls);
        assertThat(token.accessToken()).endsWith("!tok" + calls);
    }

    @Test
    void whenRefreshIsCalledThenANewTokenIsForced() {
        JwtBearerTokenSource tokens = source().build();
        Token first = tokens.token();
        Token refreshed = tokens.refresh();

        assertThat(refreshed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(tokens.token()).isSameAs(refreshed);
        assertThat(tokenCalls()).isEqualTo(2);
    }

    @Test
    void whenRejectedTokenIsAlreadyReplacedThenRefreshReusesTheNewOne() {
        JwtBearerTokenSource tokens = source().build();
        Token old = tokens.token();
        Token replaced = tokens.refresh(old);

        assertThat(tokens.refresh(old)).isSameAs(replaced);
        assertThat(tokenCalls()).isEqualTo(2);
    }

    private List<Token> concurrently(int threads, Callable<Token> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Token>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<Token> out = new ArrayList<>();
            for (Future<Token> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenThirtyTwoThreadsNeedATokenThenOnlyOneRequestRuns() throws Exception {
        JwtBearerTokenSource tokens = source().build();
        delayMillis = 150;

        List<Token> got = concurrently(32, tokens::token);

        assertThat(tokenCalls()).isEqualTo(1);
        assertThat(got).hasSize(32).allSatisfy(t -> assertThat(t).isSameAs(got.get(0)));
    }

    @Test
    void whenThirtyTwoThreadsReportTheSameRejectedTokenThenOnlyOneRefreshRuns() throws Exception {
        JwtBearerTokenSource tokens = source().build();
        Token rejected = tokens.token();
        delayMillis = 150;

        List<Token> got = concurrently(32, () -> tokens.refresh(rejected));

        assertThat(tokenCalls()).isEqualTo(2);
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        got.forEach(t -> distinct.add(t.accessToken()));
        assertThat(distinct).containsExactly("00D000000000001!tok2");
    }

    @Test
    void whenConcurrentRequestFailsThenEveryWaiterSeesTheFailureAndTheNextCallRetries() throws Exception {
        JwtBearerTokenSource tokens = source().build();
        delayMillis = 150;
        override = r -> new FakeServer.Reply(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}");

        assertThatThrownBy(() -> concurrently(8, tokens::token))
                .hasRootCauseInstanceOf(OAuthClientException.class)
                .hasStackTraceContaining("user hasn't approved this consumer");
        assertThat(tokenCalls()).isEqualTo(1);

        override = null;
        delayMillis = 0;
        assertThat(tokens.token().accessToken()).isEqualTo("00D000000000001!tok1");
        assertThat(tokenCalls()).isEqualTo(2);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(400, "{\"error\":\"invalid_grant\",\"error_description\":\"audience is invalid\"}",
                        "invalid_grant", "audience is invalid", "invalid_grant: audience is invalid"),
                Arguments.of(400, "{\"error\":\"invalid_client_id\",\"error_description\":\"client identifier invalid\"}",
                        "invalid_client_id", "client identifier invalid", "invalid_client_id: client identifier invalid"),
                Arguments.of(400, "{\"error\":\"unsupported_grant_type\"}", "unsupported_grant_type", null,
                        "unsupported_grant_type"),
                Arguments.of(503, "<html>Service Unavailable</html>", "ERROR_HTTP_503",
                        "<html>Service Unavailable</html>", "ERROR_HTTP_503: <html>Service Unavailable</html>"),
                Arguments.of(500, "", "ERROR_HTTP_500", null, "ERROR_HTTP_500"),
                Arguments.of(200, "{\"token_type\":\"Bearer\"}", "invalid_token_response",
                        "the token endpoint answered 200 without an access_token",
                        "invalid_token_response: the token endpoint answered 200 without an access_token"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusals")
    void whenTokenEndpointRefusesThenOAuthClientExceptionCarriesTheReply(int status, String body, String error,
            String description, String message) {
        override = r -> new FakeServer.Reply(status, body);

        assertThatThrownBy(() -> source().build().token())
                .isInstanceOfSatisfying(OAuthClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.errorDescription()).isEqualTo(description);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void whenReplyHasNoInstanceUrlThenTheLoginUrlIsUsed() {
        override = r -> new FakeServer.Reply(200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\"}");

        Token token = source().build().token();

        assertThat(token.instanceUrl()).isEqualTo(server.url());
        assertThat(token.identityUrl()).isNull();
        assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(15)));
    }

    @Test
    void whenServerIsUnreachableThenUncheckedIoNamesTheEndpoint() {
        String url = server.url();
        server.close();
        JwtBearerTokenSource tokens = source().loginUrl(url).build();

        assertThatThrownBy(tokens::token)
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot reach the token endpoint " + url + TOKEN_PATH + ": connection refused");
    }

    @Test
    void whenRequiredSettingsAreMissingThenBuildNamesThemAll() {
        assertThatThrownBy(() -> JwtBearerTokenSource.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JwtBearerTokenSource needs loginUrl, clientId, username, privateKey");
    }

    @ParameterizedTest
    @CsvSource({"ftp://example.com", "login.salesforce.com", "https://x.test/?a=b"})
    void whenLoginUrlIsNotAnHttpUrlThenBuildRefusesIt(String url) {
        assertThatThrownBy(() -> source().loginUrl(url).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid login URL '" + url + "'");
    }

    @Test
    void whenTokenExpiresWithinThenComparedToTheClock() {
        Token token = source().build().token();

        assertThat(token.expiresWithin(Duration.ofSeconds(299), clock)).isFalse();
        assertThat(token.expiresWithin(Duration.ofSeconds(300), clock)).isTrue();
    }
}
