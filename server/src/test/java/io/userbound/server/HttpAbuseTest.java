package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.server.http.HttpLimits;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, part 4: hostile HTTP over real sockets. Broken and cut-short bodies get 400 in the endpoint's shape, slow
 * bodies 408, slow headers a closed connection, greedy addresses a cap; the server keeps answering everyone else, and
 * no client fault is logged at ERROR or with a stack trace. Timeouts are shortened so the suite runs in seconds.
 */
class HttpAbuseTest {
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final Duration HEADER = Duration.ofMillis(1000);
    private static final Duration BODY = Duration.ofMillis(2000);
    private static final int PER_ADDRESS = 20;
    private static final String TOKEN_PATH = "/services/oauth2/token";
    private static final String RECORDS = "/services/data/v66.0/sobjects/Account";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path dir;
    static TestServer t;
    static String token;
    static final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() {
        t = new TestServer(dir, ServerConfig.defaults().withPort(0).withDataDir(dir).withHttpLimits(
                HttpLimits.DEFAULTS.withTimeouts(IDLE, HEADER, BODY).withConnections(10_000, PER_ADDRESS)));
        token = t.adminToken();
        log.start();
        root().addAppender(log);
    }

    @AfterAll
    static void stop() {
        root().detachAppender(log);
        t.close();
    }

    @BeforeEach
    void clearLog() {
        log.list.clear();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** A request framed by hand, the reply it must get, and the shape of that reply. */
    record Case(String name, Function<String, String> request, boolean halfClose, int status, String code,
            boolean oauth) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String post(String path, String contentType, String auth, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n"
                + (auth == null ? "" : "Authorization: Bearer " + auth + "\r\n") + framing;
    }

    static Stream<Case> brokenBodies() {
        String garbageChunk = "Transfer-Encoding: chunked\r\n\r\nzz\r\ngarbage\r\n0\r\n\r\n";
        String cutChunk = "Transfer-Encoding: chunked\r\n\r\n10\r\ngrant_type=";
        String shortBody = "Content-Length: 100\r\n\r\ngrant_type=x";
        return Stream.of(
                new Case("token: chunk size not hex", a -> post(TOKEN_PATH, FORM, null, garbageChunk), false, 400,
                        "invalid_request", true),
                new Case("token: chunked body cut short", a -> post(TOKEN_PATH, FORM, null, cutChunk), true, 400,
                        "invalid_request", true),
                new Case("token: fewer bytes than Content-Length", a -> post(TOKEN_PATH, FORM, null, shortBody),
                        true, 400, "invalid_request", true),
                new Case("introspection: chunk size not hex",
                        a -> post("/services/oauth2/introspect", FORM, null, garbageChunk), false, 400,
                        "invalid_request", true),
                new Case("records: chunk size not hex",
                        a -> post(RECORDS, "application/json", a, garbageChunk), false, 400, "JSON_PARSER_ERROR",
                        false),
                new Case("records: chunked body cut short",
                        a -> post(RECORDS, "application/json", a, "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"Na"),
                        true, 400, "JSON_PARSER_ERROR", false),
                new Case("records: fewer bytes than Content-Length",
                        a -> post(RECORDS, "application/json", a, "Content-Length: 100\r\n\r\n{\"Name\":"), true, 400,
                        "JSON_PARSER_ERROR", false),
                new Case("admin: chunk size not hex",
                        a -> post("/services/data/v66.0/sobjects/PermissionSet", "application/json", a,
                                garbageChunk), false, 400, "JSON_PARSER_ERROR", false),
                new Case("records: body stalls (idle timeout)",
                        a -> post(RECORDS, "application/json", a, "Content-Length: 100\r\n\r\n{\"Name\":"), false,
                        408, "REQUEST_TIMEOUT", false),
                new Case("token: body stalls (idle timeout)", a -> post(TOKEN_PATH, FORM, null, shortBody), false,
                        408, "invalid_request", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void whenABodyIsBrokenCutShortOrStallsThenTheEndpointsErrorShapeAndNoServerError(Case c) throws Exception {
        long rowsBefore = t.loginHistoryRows();
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send(c.request().apply(token));
            if (c.halfClose()) {
                raw.halfClose();
            }

            RawHttp.Reply reply = raw.read(IDLE.plus(Duration.ofSeconds(5)));

            assertThat(reply).as("a reply").isNotNull();
            assertThat(reply.status()).as(reply.body()).isEqualTo(c.status());
            JsonNode body = TestServer.JSON.readTree(reply.body());
            if (c.oauth()) {
                assertThat(body.get("error").asText()).isEqualTo(c.code());
            } else {
                assertThat(body.get(0).get("errorCode").asText()).isEqualTo(c.code());
            }
        }
        assertNoServerErrorLogged();
        if (c.request().apply(token).startsWith("POST " + TOKEN_PATH)) {
            assertThat(t.loginHistoryRows()).as("the refusal's LoginHistory row").isEqualTo(rowsBefore + 1);
        }
    }

    @Test
    void whenABodyTricklesInsideTheIdleTimeoutThenTheBodyTimeoutEndsItWith408() throws Exception {
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send(post(RECORDS, "application/json", token, "Content-Length: 1000\r\n\r\n{"));
            long began = System.nanoTime();
            RawHttp.Reply reply = null;
            for (int i = 0; i < 40 && raw.trySend(" "); i++) {
                Thread.sleep(250); // each byte well inside the 1.5 s idle timeout
                if (elapsed(began).compareTo(BODY.plus(Duration.ofMillis(500))) > 0) {
                    break;
                }
            }
            reply = raw.read(Duration.ofSeconds(5));

            assertThat(reply).isNotNull();
            assertThat(reply.status()).as(reply.body()).isEqualTo(408);
            assertThat(reply.body()).contains("REQUEST_TIMEOUT");
            assertThat(elapsed(began)).isLessThan(BODY.plus(Duration.ofSeconds(3)));
        }
        assertNoServerErrorLogged();
    }

    @Test
    void whenHeadersTrickleInsideTheIdleTimeoutThenTheHeaderTimeoutClosesTheConnection() throws Exception {
        long closedBefore = t.server.connectionGuard().headerTimeouts();
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long began = System.nanoTime();
            boolean open = true;
            while (open && elapsed(began).compareTo(Duration.ofSeconds(8)) < 0) {
                Thread.sleep(200);
                open = raw.trySend("X-Slow: a\r\n") && !raw.closedWithin(Duration.ofMillis(1));
            }

            assertThat(open).as("closed by the header timeout").isFalse();
            assertThat(elapsed(began)).isBetween(HEADER.minusMillis(100), HEADER.plus(Duration.ofSeconds(3)));
        }
        assertThat(t.server.connectionGuard().headerTimeouts()).isGreaterThan(closedBefore);
        assertNoServerErrorLogged();
    }

    @Test
    void whenTheSecondRequestOfAKeptAliveConnectionTricklesThenItIsClosedToo() throws Exception {
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(raw.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
            raw.send("GET /health/live HTTP/1.1\r\n");
            long began = System.nanoTime();
            boolean open = true;
            while (open && elapsed(began).compareTo(Duration.ofSeconds(8)) < 0) {
                Thread.sleep(200);
                open = raw.trySend("X-Slow: a\r\n") && !raw.closedWithin(Duration.ofMillis(1));
            }

            assertThat(open).isFalse();
        }
    }

    @Test
    void whenARefusalLeavesTheBodyUnsentThenTheReplySaysTheConnectionCloses() throws Exception {
        // a 401 answered from the headers alone: the body is not read, and may not have arrived yet
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send("POST /services/data/v66.0/sobjects/Account HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer bogus\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n");
            RawHttp.Reply reply = raw.read(Duration.ofSeconds(5));

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers()).containsEntry("connection", "close");
            assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void whenARefusalHasReadTheBodyThenTheConnectionIsKept() throws Exception {
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            String form = "grant_type=password";
            String request = "POST /services/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\n\r\n" + form;
            raw.send(request);
            RawHttp.Reply first = raw.read(Duration.ofSeconds(5));
            raw.send(request);
            RawHttp.Reply second = raw.read(Duration.ofSeconds(5));

            assertThat(first.status()).isEqualTo(400);
            assertThat(first.headers()).doesNotContainKey("connection");
            assertThat(second.status()).isEqualTo(400);
        }
    }

    @Test
    void whenAConnectionSendsNothingThenTheIdleTimeoutClosesIt() {
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            long began = System.nanoTime();

            assertThat(raw.closedWithin(IDLE.plus(Duration.ofSeconds(3)))).isTrue();
            assertThat(elapsed(began)).isGreaterThanOrEqualTo(IDLE.minusMillis(200));
        }
    }

    @Test
    void whenOneAddressOpensMoreThanItsCapThenTheRestAreClosedAndOthersAreServed() throws Exception {
        InetAddress greedy = InetAddress.getByName("127.0.0.2");
        long refusedBefore = t.server.connectionGuard().refusedConnections();
        List<RawHttp> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS + 5; i++) {
                sockets.add(RawHttp.connect(t.server.port(), "127.0.0.2"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (t.server.connectionGuard().refusedConnections() < refusedBefore + 5
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // checked quickly, well inside the idle timeout that would close the others too
            long closed = sockets.stream().filter(s -> s.closedWithin(Duration.ofMillis(20))).count();

            assertThat(t.server.connectionGuard().refusedConnections()).isEqualTo(refusedBefore + 5);
            assertThat(closed).isEqualTo(5);
            assertThat(t.server.connectionGuard().openFrom(greedy)).isEqualTo(PER_ADDRESS);
            assertThat(t.get("/health/live", null).statusCode()).isEqualTo(200);
            assertThat(t.get("/metrics", null).body()).contains("userbound_http_connections_refused_total");
        } finally {
            sockets.forEach(RawHttp::close);
        }
        assertNoServerErrorLogged();
    }

    @Test
    void whenFiveHundredIdleSocketsAreOpenThenTheServerStillAnswersAtOnce(@TempDir Path ownDir) {
        // the default timeouts: with this suite's short ones, opening 500 sockets on a busy machine outlasts them
        try (TestServer defaults = new TestServer(ownDir, ServerConfig.defaults().withPort(0).withDataDir(ownDir)
                .withHttpLimits(HttpLimits.DEFAULTS.withConnections(10_000, PER_ADDRESS)))) {
            String assertion = defaults.assertion(defaults.adminUsername());
            assertThat(defaults.postForm(TOKEN_PATH, java.util.Map.of("grant_type", TestServer.JWT_BEARER,
                    "assertion", assertion)).statusCode()).as("warm-up").isEqualTo(200);
            List<RawHttp> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    // 25 addresses of 20 sockets each: all under the per-address cap, all held open
                    sockets.add(RawHttp.connect(defaults.server.port(), "127.0.3." + (1 + i % 25)));
                }
                long began = System.nanoTime();

                assertThat(defaults.get("/health/live", null).statusCode()).isEqualTo(200);
                assertThat(defaults.postForm(TOKEN_PATH, java.util.Map.of("grant_type", TestServer.JWT_BEARER,
                        "assertion", defaults.assertion(defaults.adminUsername()))).statusCode()).isEqualTo(200);
                assertThat(elapsed(began)).isLessThan(Duration.ofSeconds(1));
                assertThat(sockets.stream().filter(s -> s.closedWithin(Duration.ofMillis(1))).count())
                        .as("the idle sockets are still open").isZero();
            } finally {
                sockets.forEach(RawHttp::close);
            }
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> strictJson() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("trailing text", "{\"Name\":\"n\"} xyz"),
                org.junit.jupiter.params.provider.Arguments.of("a second object", "{\"Name\":\"n\"}{\"Name\":\"m\"}"),
                org.junit.jupiter.params.provider.Arguments.of("a trailing comma and more", "{\"Name\":\"n\"},1"),
                org.junit.jupiter.params.provider.Arguments.of("a duplicate key", "{\"Name\":\"n\",\"Name\":\"m\"}"),
                org.junit.jupiter.params.provider.Arguments.of("a duplicate key in another case",
                        "{\"Name\":\"n\",\"name\":\"m\"}"),
                org.junit.jupiter.params.provider.Arguments.of("an array", "[{\"Name\":\"n\"}]"),
                org.junit.jupiter.params.provider.Arguments.of("a bare string", "\"Name\""),
                org.junit.jupiter.params.provider.Arguments.of("an unclosed object", "{\"Name\":\"n\""),
                org.junit.jupiter.params.provider.Arguments.of("a comment", "{\"Name\":\"n\" /* x */}"),
                org.junit.jupiter.params.provider.Arguments.of("single quotes", "{'Name':'n'}"),
                org.junit.jupiter.params.provider.Arguments.of("NaN", "{\"Name\":\"n\",\"AnnualRevenue\":NaN}"),
                org.junit.jupiter.params.provider.Arguments.of("a leading zero",
                        "{\"Name\":\"n\",\"NumberOfEmployees\":007}"),
                // Jackson guesses UTF-32 from the zero bytes, then finds no such character (JsonBodyFuzzTest's find)
                org.junit.jupiter.params.provider.Arguments.of("zero bytes that look like UTF-32",
                        "\0".repeat(10) + "{$\u00e5\"n\" }xyz"),
                org.junit.jupiter.params.provider.Arguments.of("an exponent no decimal can hold",
                        "{\"Name\":\"n\",\"AnnualRevenue\":12345678e10000006789067890}"),
                org.junit.jupiter.params.provider.Arguments.of("nesting 100 deep",
                        "{\"Name\":" + "[".repeat(100) + "]".repeat(100) + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strictJson")
    void whenARecordBodyIsNotExactlyOneJsonObjectThenJsonParserErrorAndNothingIsWritten(String name, String body) {
        long before = accounts();

        HttpResponse<String> r = t.json("POST", RECORDS, token, body);

        TestServer.assertRestError(r, 400, "JSON_PARSER_ERROR");
        assertThat(accounts()).as("no record written").isEqualTo(before);
        assertNoServerErrorLogged();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> oversized() {
        String longPath = "/services/data/v66.0/query?q=" + "x".repeat(20_000);
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("REST URI over 8 KiB",
                        "GET " + longPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414, "URI_TOO_LONG", false),
                org.junit.jupiter.params.provider.Arguments.of("REST headers over 8 KiB",
                        "GET /services/data HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                                + "\r\n\r\n", 431, "REQUEST_HEADER_FIELDS_TOO_LARGE", false),
                // a request line that is not read in full has no path to choose the OAuth shape by
                org.junit.jupiter.params.provider.Arguments.of("token URI over 8 KiB (no path read: REST shape)",
                        "POST " + TOKEN_PATH + "?" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Content-Length: 0\r\n\r\n", 414, "URI_TOO_LONG", false),
                org.junit.jupiter.params.provider.Arguments.of("token headers over 8 KiB",
                        "POST " + TOKEN_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                                + "\r\nContent-Length: 0\r\n\r\n", 431, "invalid_request", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversized")
    void whenTheRequestLineOrHeadersAreTooLargeThenAFittingCodeNotJsonParserError(String name, String request,
            int status, String code, boolean oauth) throws Exception {
        try (RawHttp raw = RawHttp.connect(t.server.port())) {
            raw.send(request);

            RawHttp.Reply reply = raw.read(Duration.ofSeconds(5));

            assertThat(reply.status()).isEqualTo(status);
            JsonNode body = TestServer.JSON.readTree(reply.body());
            assertThat(oauth ? body.get("error").asText() : body.get(0).get("errorCode").asText()).isEqualTo(code);
        }
        assertNoServerErrorLogged();
    }

    private static long accounts() {
        return TestServer.json(t.get("/services/data/v66.0/query?q=SELECT+COUNT()+FROM+Account", token))
                .get("totalSize").asLong();
    }

    private static Duration elapsed(long began) {
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private static void assertNoServerErrorLogged() {
        assertThat(log.list).as("log events of a client fault").noneSatisfy(e -> {
            assertThat(e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null).isTrue();
        });
    }
}
