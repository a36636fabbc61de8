package io.userbound.server;

import io.userbound.server.http.HttpLimits;
import io.userbound.store.JdbcStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one server runs.
 *
 * @param port the TCP port; 0 picks a free one (tests)
 * @param host the address to bind; {@code 127.0.0.1} by default
 * @param dataDir where the H2 database (by default), the CLI key pair, {@code cli-profile.json} and the secret pepper
 *     live; never null
 * @param baseUrl the public URL used in {@code aud}, {@code id} and {@code instance_url}, without trailing slash;
 *     null means "derived from the bound port" ({@code http://127.0.0.1:<port>})
 * @param dbUrl the JDBC URL; null means the H2 database in {@code dataDir}
 * @param dbUser may be null
 * @param dbPassword may be null
 * @param extraAudiences further accepted assertion audiences (for example {@code https://login.salesforce.com});
 *     never null
 * @param adminUsername the username of the admin user a new data directory gets; never null
 * @param secretPepperFile the file of the consumer-secret pepper; null means {@code <dataDir>/secret-pepper}. Every
 *     node serving one database must use the same pepper (a shared file, or a copy of it).
 * @param loginHistoryRetentionDays how long {@code LoginHistory} rows are kept before the purge job deletes them;
 *     at least 1 (default {@value #DEFAULT_LOGIN_HISTORY_RETENTION_DAYS})
 * @param httpLimits timeouts and connection caps of the HTTP connector; null means {@link HttpLimits#DEFAULTS}
 */
public record ServerConfig(
        int port,
        String host,
        Path dataDir,
        String baseUrl,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Set<String> extraAudiences,
        String adminUsername,
        Path secretPepperFile,
        int loginHistoryRetentionDays,
        HttpLimits httpLimits) {

    /** The environment variable naming the pepper file when {@code --secret-pepper-file} is not given. */
    public static final String PEPPER_FILE_ENV = "USERBOUND_SECRET_PEPPER_FILE";
    public static final int DEFAULT_LOGIN_HISTORY_RETENTION_DAYS = 180;
    static final int MAX_LOGIN_HISTORY_RETENTION_DAYS = 36_500;
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final String DEFAULT_ADMIN_USERNAME = "admin@userbound.local";

    public static final String USAGE = String.join("\n",
            "Options:",
            "  --port N              TCP port (default 8080; 0 picks a free port)",
            "  --host ADDRESS        address to bind (default 127.0.0.1)",
            "  --data DIR            data directory (default ./data)",
            "  --base-url URL        public base URL (default http://127.0.0.1:<port>)",
            "  --db-url JDBC_URL     database (default: H2 in the data directory)",
            "  --db-user USER        database user",
            "  --db-password PASS    database password",
            "  --audience URL        extra accepted assertion audience (repeatable)",
            "  --admin-username U    admin username for a new data directory (default admin@userbound.local)",
            "  --secret-pepper-file PATH",
            "                        consumer-secret pepper, shared by every node of one database",
            "                        (default: $USERBOUND_SECRET_PEPPER_FILE, else DIR/secret-pepper)",
            "  --login-history-retention-days N",
            "                        days LoginHistory rows are kept (default 180)",
            "  --idle-timeout SECONDS   a connection sending nothing is closed (default 30)",
            "  --header-timeout SECONDS a request's headers must arrive in full within (default 15)",
            "  --body-timeout SECONDS   a request body must arrive in full within (default 60)",
            "  --max-connections N      open connections in all (default 10000; 0 no limit)",
            "  --max-connections-per-address N",
            "                        open connections from one IP address (default 256; 0 no limit, for",
            "                        a server behind a proxy)");

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
        Objects.requireNonNull(dataDir, "dataDir");
        baseUrl = baseUrl == null ? null : normalizeBaseUrl(baseUrl);
        dbUrl = dbUrl == null || dbUrl.isBlank() ? null : dbUrl.strip();
        extraAudiences = extraAudiences == null ? Set.of() : Set.copyOf(extraAudiences);
        adminUsername = adminUsername == null || adminUsername.isBlank() ? DEFAULT_ADMIN_USERNAME
                : adminUsername.strip().toLowerCase(Locale.ROOT);
        if (loginHistoryRetentionDays < 1 || loginHistoryRetentionDays > MAX_LOGIN_HISTORY_RETENTION_DAYS) {
            throw new IllegalArgumentException("--login-history-retention-days must be between 1 and "
                    + MAX_LOGIN_HISTORY_RETENTION_DAYS + ", was " + loginHistoryRetentionDays);
        }
        httpLimits = httpLimits == null ? HttpLimits.DEFAULTS : httpLimits;
    }

    /** Everything by default: port 8080, {@code ./data}, H2, base URL from the port. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_PORT, DEFAULT_HOST, DEFAULT_DATA_DIR, null, null, null, null, Set.of(),
                DEFAULT_ADMIN_USERNAME, null, DEFAULT_LOGIN_HISTORY_RETENTION_DAYS, HttpLimits.DEFAULTS);
    }

    /**
     * Parses command-line options ({@link #USAGE}). Each option takes its value as the next argument or after
     * {@code =} ({@code --port=9000}).
     *
     * @throws IllegalArgumentException with one line naming the bad option
     */
    public static ServerConfig parse(String... args) {
        return parse(Map.of(), args);
    }

    /**
     * As {@link #parse(String...)}, with {@code env} supplying defaults: {@value #PEPPER_FILE_ENV} names the pepper
     * file when {@code --secret-pepper-file} is absent.
     */
    public static ServerConfig parse(Map<String, String> env, String... args) {
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        Path data = DEFAULT_DATA_DIR;
        String baseUrl = null;
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        Set<String> audiences = new LinkedHashSet<>();
        String admin = DEFAULT_ADMIN_USERNAME;
        String pepperEnv = env == null ? null : env.get(PEPPER_FILE_ENV);
        Path pepper = pepperEnv == null || pepperEnv.isBlank() ? null : Path.of(pepperEnv.strip());
        int retentionDays = DEFAULT_LOGIN_HISTORY_RETENTION_DAYS;
        HttpLimits limits = HttpLimits.DEFAULTS;
        Duration idle = limits.idleTimeout();
        Duration header = limits.headerTimeout();
        Duration body = limits.bodyTimeout();
        int maxConnections = limits.maxConnections();
        int maxPerAddress = limits.maxConnectionsPerAddress();
        List<String> list = new ArrayList<>(List.of(args == null ? new String[0] : args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --)");
            }
            if (!Set.of("--port", "--host", "--data", "--base-url", "--db-url", "--db-user", "--db-password",
                    "--audience", "--admin-username", "--secret-pepper-file",
                    "--login-history-retention-days", "--idle-timeout", "--header-timeout", "--body-timeout",
                    "--max-connections", "--max-connections-per-address").contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= list.size()) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = list.get(++i);
            }
            switch (name) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
                    }
                }
                case "--host" -> host = requireText(name, value);
                case "--data" -> data = Path.of(requireText(name, value));
                case "--base-url" -> baseUrl = normalizeBaseUrl(value);
                case "--db-url" -> {
                    dbUrl = requireText(name, value);
                    if (!dbUrl.startsWith("jdbc:")) {
                        throw new IllegalArgumentException("--db-url must be a JDBC URL (jdbc:...), was '" + value
                                + "'");
                    }
                }
                case "--db-user" -> dbUser = value;
                case "--db-password" -> dbPassword = value;
                case "--audience" -> audiences.add(absoluteUrl("--audience", value));
                case "--admin-username" -> {
                    admin = requireText(name, value).toLowerCase(Locale.ROOT);
                    if (!admin.matches("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$")) {
                        throw new IllegalArgumentException("--admin-username must be email-shaped, was '" + value
                                + "'");
                    }
                }
                case "--secret-pepper-file" -> pepper = Path.of(requireText(name, value));
                case "--login-history-retention-days" -> retentionDays = integer(name, value);
                case "--idle-timeout" -> idle = seconds(name, value);
                case "--header-timeout" -> header = seconds(name, value);
                case "--body-timeout" -> body = seconds(name, value);
                case "--max-connections" -> maxConnections = integer(name, value);
                case "--max-connections-per-address" -> maxPerAddress = integer(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new ServerConfig(port, host, data, baseUrl, dbUrl, dbUser, dbPassword, audiences, admin, pepper,
                retentionDays, new HttpLimits(idle, header, body, maxConnections, maxPerAddress));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    /** Whole or decimal seconds ({@code 15}, {@code 0.5}). */
    private static Duration seconds(String name, String value) {
        try {
            return Duration.ofMillis(new java.math.BigDecimal(value.strip()).movePointRight(3)
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds, was '" + value + "'");
        }
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(newPort, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences,
                adminUsername, secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(port, host, dir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences, adminUsername,
                secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withBaseUrl(String url) {
        return new ServerConfig(port, host, dataDir, url, dbUrl, dbUser, dbPassword, extraAudiences, adminUsername,
                secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withExtraAudiences(Set<String> audiences) {
        return new ServerConfig(port, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, audiences, adminUsername,
                secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withAdminUsername(String username) {
        return new ServerConfig(port, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences, username,
                secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(port, host, dataDir, baseUrl, url, user, password, extraAudiences, adminUsername,
                secretPepperFile, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withSecretPepperFile(Path file) {
        return new ServerConfig(port, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences, adminUsername,
                file, loginHistoryRetentionDays, httpLimits);
    }

    public ServerConfig withLoginHistoryRetentionDays(int days) {
        return new ServerConfig(port, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences, adminUsername,
                secretPepperFile, days, httpLimits);
    }

    public ServerConfig withHttpLimits(HttpLimits limits) {
        return new ServerConfig(port, host, dataDir, baseUrl, dbUrl, dbUser, dbPassword, extraAudiences, adminUsername,
                secretPepperFile, loginHistoryRetentionDays, limits);
    }

    /** The pepper file in effect: {@link #secretPepperFile()} or {@code secret-pepper} in the data directory. */
    public Path effectiveSecretPepperFile() {
        return secretPepperFile != null ? secretPepperFile : dataDir.resolve(SecretPepper.FILE);
    }

    /** The JDBC URL in effect: {@link #dbUrl()} or the H2 database in the data directory. */
    public String effectiveDbUrl() {
        return dbUrl != null ? dbUrl : JdbcStore.h2Url(dataDir);
    }

    /**
     * The public base URL in effect once the server listens on {@code actualPort}: {@link #baseUrl()} when given,
     * else {@code http://<host>:<actualPort>} with {@code 127.0.0.1} for a wildcard bind address.
     */
    public String effectiveBaseUrl(int actualPort) {
        if (baseUrl != null) {
            return baseUrl;
        }
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            h = DEFAULT_HOST;
        } else if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + actualPort;
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + name + " needs a value");
        }
        return value.strip();
    }

    private static String absoluteUrl(String name, String value) {
        String v = requireText(name, value);
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an absolute http(s) URL, was '" + value + "'");
            }
            return v;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, was '" + value + "'");
        }
    }

    private static String normalizeBaseUrl(String value) {
        String v = absoluteUrl("--base-url", value);
        URI uri = URI.create(v);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--base-url must have no query, fragment or user info, was '" + value
                    + "'");
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
