package io.userbound.it;

import io.userbound.testkit.UserboundExtension;
import io.userbound.testkit.UserboundServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real server per test class, from the test kit's extension: started before its first test and stopped after its
 * last; on H2, or on a fresh PostgreSQL schema when the suite runs with {@code -Duserbound.it.db=postgres} (see
 * {@link TestServer}).
 */
abstract class EndToEndTest {
    @RegisterExtension
    static final UserboundExtension userbound = TestServer.extension();

    static TestServer server;

    @BeforeAll
    static void startServer(UserboundServer kit) {
        server = new TestServer(kit);
    }

    @AfterAll
    static void stopServer() {
        server = null;
    }
}
