package io.userbound.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Forces an embedded H2 database file to disk with H2's {@code CHECKPOINT SYNC} ({@code FileChannel.force}) on a
 * connection of its own, outside the pool, so that a force never waits for a pooled connection. The connection is
 * opened on first use and again after a failure. Only one thread uses it at a time ({@link GroupSync}).
 */
final class H2FileForce implements GroupSync.Force, AutoCloseable {
    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private Connection connection;
    private boolean closed;

    H2FileForce(String jdbcUrl, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
    }

    @Override
    public synchronized void force() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed");
        }
        if (connection == null) {
            connection = DriverManager.getConnection(jdbcUrl, credentials);
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the database is going away
            }
            connection = null;
        }
    }
}
