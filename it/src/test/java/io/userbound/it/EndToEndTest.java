package io.userbound.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real server per test class, started before its first test and stopped after its last; on H2, or on a fresh
 * PostgreSQL schema when the suite runs with {@code -Duserbound.it.db=postgres} (see {@link TestServer}).
 */
abstract class EndToEndTest {
    static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
