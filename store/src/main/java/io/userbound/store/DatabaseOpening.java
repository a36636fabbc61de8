package io.userbound.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link JdbcStore#open} reaches a database: the pool's settings, the out-of-pool reachability probe, the
 * durability check of PostgreSQL's settings, and the redacted messages of a failed opening.
 */
final class DatabaseOpening {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    /** The trivial query of the readiness check and of the reachability probe. */
    static final String PING = "SELECT 1";

    private DatabaseOpening() {
    }

    /** The HikariCP settings of the store's pool: autocommit, short connection and validation timeouts. */
    static HikariConfig poolConfig(String jdbcUrl, String username, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("userbound-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setAutoCommit(true);
        config.setConnectionTimeout(JdbcStore.CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // defaults a URL parameter overrides: give up on a database that does not answer
            config.addDataSourceProperty("connectTimeout", Long.toString(JdbcStore.CONNECTION_TIMEOUT_MILLIS / 1000));
            config.addDataSourceProperty("socketTimeout", Long.toString(JdbcStore.STATEMENT_SILENCE_SECONDS));
        }
        return config;
    }

    /**
     * Checks that the database keeps what it commits. H2 needs nothing here: it keeps a commit in memory and writes it
     * to its file up to half a second later (its {@code WRITE_DELAY}), which a killed process would lose, so the store
     * itself stores and forces every commit before its caller may answer ({@link GroupSync} over
     * {@code CHECKPOINT SYNC}, which writes all that is unsaved and then forces the file). PostgreSQL is checked, not
     * changed: with {@code fsync} or {@code synchronous_commit} off a crash of the database server can lose
     * acknowledged writes, which is logged as a warning for the operator.
     */
    static void checkDurability(Connection c, String product) throws SQLException {
        if (product.equals("PostgreSQL")) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
                    ps.setString(1, setting);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                            LOG.warn("PostgreSQL runs with {} = off: a crash of the database server can lose writes "
                                    + "that Userbound has already acknowledged (see docs/reliability.md)", setting);
                        }
                    }
                }
            }
        }
    }

    /** Opens one fresh connection outside the pool, with short timeouts, and runs {@code SELECT 1} on it. */
    static void reach(String jdbcUrl, String username, String password) throws SQLException {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "2");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, props);
                PreparedStatement ps = c.prepareStatement(PING)) {
            ps.setQueryTimeout(1);
            ps.executeQuery().close();
        }
    }

    static boolean isInMemoryH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:h2:mem:", 0, "jdbc:h2:mem:".length());
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on a failure path
        }
    }

    /** "cannot {@code verb} the database at" the redacted URL, then the root cause's message. */
    static String failedTo(String verb, String jdbcUrl, Throwable e) {
        return "cannot " + verb + " the database at " + redact(jdbcUrl) + ": " + rootMessage(e);
    }

    private static String redact(String jdbcUrl) {
        // a URL may carry password=...; never echo it
        int q = jdbcUrl.toLowerCase(java.util.Locale.ROOT).indexOf("password");
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "...";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
