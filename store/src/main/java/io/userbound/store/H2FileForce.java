package io.userbound.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Stores and forces an embedded H2 database with {@code CHECKPOINT SYNC} (H2 writes every change it holds in memory,
 * then calls {@code FileChannel.force}), on a connection of its own outside the pool, so that a force never waits for
 * a pooled connection. After a failure the connection is dropped and the next force opens another one: a new
 * {@linkplain #generation() generation}, since the database it reaches may be a new opening of the file, without the
 * commits the old one held in memory ({@link GroupSync}). Only one thread forces at a time.
 */
final class H2FileForce implements GroupSync.Force, AutoCloseable {
    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private Connection connection;
    private volatile long generation;
    private boolean closed;

    /** Opens the first connection at once, so that the first commits have a generation to be forced in. */
    H2FileForce(String jdbcUrl, String username, String password) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        if (username != null) {
            credentials.setProperty("user", username);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        connect();
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public synchronized long force() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed");
        }
        if (connection == null) {
            connect();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
            return generation;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    private void connect() throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, credentials);
        generation++;
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
