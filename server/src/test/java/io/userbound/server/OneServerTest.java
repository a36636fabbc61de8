package io.userbound.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real server per test class, on H2 in a temporary data directory, with an access token of the bootstrapped
 * admin: the fixture of the HTTP tests that set up the rest themselves. A subclass's own {@code @BeforeAll} runs after
 * the server is up.
 */
abstract class OneServerTest {
    static final String V = "/services/data/v66.0/";
    @TempDir
    static Path dir;
    static TestServer t;
    static String token;

    @BeforeAll
    static void startServer() {
        t = new TestServer(dir);
        token = t.adminToken();
    }

    @AfterAll
    static void stopServer() {
        t.close();
    }
}
