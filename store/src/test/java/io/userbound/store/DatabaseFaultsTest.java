package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.store.DatabaseFaults.Kind;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures say the database is away (503 and a circuit), refuses writes (not ready), is busy, or none. */
class DatabaseFaultsTest {
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("PostgreSQL connection refused", new SQLException("refused", "08001"), Kind.UNREACHABLE),
                Arguments.of("PostgreSQL I/O error on a connection", new SQLException("I/O", "08006"),
                        Kind.UNREACHABLE),
                Arguments.of("PostgreSQL admin shutdown", new SQLException("terminating", "57P01"), Kind.UNREACHABLE),
                Arguments.of("PostgreSQL cannot connect now (recovery)", new SQLException("starting", "57P03"),
                        Kind.UNREACHABLE),
                Arguments.of("H2 database closed after a fault", new SQLException("closed", "90098", 90098),
                        Kind.UNREACHABLE),
                Arguments.of("H2 connection broken", new SQLException("broken", "90067", 90067), Kind.UNREACHABLE),
                Arguments.of("HikariCP timeout behind a refused connection", new SQLTransientConnectionException(
                        "not available", "08001", new SQLException("refused", "08001")), Kind.UNREACHABLE),
                Arguments.of("HikariCP timeout of a full pool", new SQLTransientConnectionException("not available"),
                        Kind.BUSY),
                Arguments.of("PostgreSQL disk full", new SQLException("no space", "53100"), Kind.UNWRITABLE),
                Arguments.of("PostgreSQL read-only (a standby)", new SQLException("read-only", "25006"),
                        Kind.UNWRITABLE),
                Arguments.of("H2 write failure", new SQLException("General error: \"org.h2.mvstore.MVStoreException: "
                        + "Writing to ... failed\"", "HY000", 50000), Kind.UNWRITABLE),
                Arguments.of("H2 I/O exception", new SQLException("IO Exception", "90028", 90028), Kind.UNWRITABLE),
                Arguments.of("a force to disk that failed", new IOException("No space left on device"),
                        Kind.UNWRITABLE),
                Arguments.of("a statement that outlived the socket timeout (not an outage)", new SQLException("I/O",
                        "08006", new java.net.SocketTimeoutException("Read timed out")), Kind.BUSY),
                Arguments.of("a statement cancelled by its timeout", new SQLException("canceled", "57014"), Kind.BUSY),
                Arguments.of("PostgreSQL too many connections", new SQLException("too many", "53300"), Kind.BUSY),
                Arguments.of("a unique violation", new SQLException("duplicate", "23505"), Kind.NONE),
                Arguments.of("a syntax error", new SQLException("syntax", "42601"), Kind.NONE),
                Arguments.of("H2 general error of another kind", new SQLException("General error: x", "HY000", 50000),
                        Kind.NONE),
                Arguments.of("a failure wrapping a dropped connection", new RuntimeException(
                        new SQLException("I/O", "08006")), Kind.UNREACHABLE),
                Arguments.of("no SQLState at all", new SQLException("odd"), Kind.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void whenAFailureIsClassifiedThenItsKindIsTheDatabases(String name, Throwable failure, Kind expected) {
        assertThat(DatabaseFaults.of(failure)).isEqualTo(expected);
        assertThat(DatabaseFaults.unavailable(failure)).isEqualTo(expected != Kind.NONE);
    }
}
