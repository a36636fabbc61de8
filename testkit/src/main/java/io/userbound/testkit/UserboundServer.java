package io.userbound.testkit;

import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import io.userbound.server.bootstrap.BootstrapResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One in-process Userbound server with a fresh org, as {@link UserboundExtension} gives it to a test: the base URL,
 * the bootstrapped admin, and a ready integration user. Made by {@link #start}; {@link #close()} stops the server and
 * deletes its data directory. Thread-safe.
 */
public final class UserboundServer implements AutoCloseable {
    /** The app name of the ready integration user's connected app (before its random suffix). */
    public static final String INTEGRATION_APP = "Testkit Integration";

    private final RunningServer server;
    private final Path dataDir;
    private final ExternalDatabase database;
    private final Admin admin;
    private volatile IntegrationUser integration;

    private UserboundServer(RunningServer server, Path dataDir, ExternalDatabase database) {
        this.server = server;
        this.dataDir = dataDir;
        this.database = database;
        BootstrapResult boot = server.bootstrapResult();
        var key = PemKeys.readPrivateKey(boot.keyFile(), null);
        this.admin = new Admin(boot.adminUsername(), boot.consumerKey(), key, new RestClient(JwtBearerTokenSource
                .builder().loginUrl(server.baseUrl()).clientId(boot.consumerKey()).username(boot.adminUsername())
                .privateKey(key).build()));
    }

    /**
     * Starts a server on a random loopback port over a fresh temporary data directory, on an in-memory H2 database
     * or on the one {@code database} supplies.
     *
     * @param database supplies the database for this server, or null for a fresh in-memory H2
     * @param configure adjusts the server's configuration (port, data directory and database are already set);
     *     never null
     * @throws IllegalStateException when the server cannot start (the database, if any, is closed then)
     */
    public static UserboundServer start(Supplier<? extends ExternalDatabase> database,
            UnaryOperator<ServerConfig> configure) {
        Path dir;
        try {
            dir = Files.createTempDirectory("userbound-testkit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalDatabase db = database == null ? null : database.get();
        try {
            ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir);
            // an in-memory H2 lives while the server's pool holds a connection, and goes with it
            config = db == null ? config.withDatabase("jdbc:h2:mem:userbound-" + UUID.randomUUID(), "sa", "")
                    : config.withDatabase(db.url(), db.user(), db.password());
            return new UserboundServer(Main.start(configure.apply(config)), dir, db);
        } catch (RuntimeException | Error e) {
            if (db != null) {
                db.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    /** The server's base URL without a trailing slash, such as {@code http://127.0.0.1:54321}: the login URL. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The org's bootstrapped admin and its logged-in REST client. */
    public Admin admin() {
        return admin;
    }

    /**
     * The ready integration user, made on first use: its app ({@value #INTEGRATION_APP}) holds a generated RSA key
     * pair's self-signed certificate, and its permission set grants the app, {@code ApiEnabled}, and read, create,
     * edit and delete on {@code Account}.
     */
    public IntegrationUser integration() {
        IntegrationUser u = integration;
        if (u == null) {
            synchronized (this) {
                u = integration;
                if (u == null) {
                    u = newIntegration(INTEGRATION_APP);
                    admin.rest().put("userbound/permissionSets/" + u.permissionSet() + "/objectPermissions/Account",
                            Map.of("PermissionsRead", true, "PermissionsCreate", true, "PermissionsEdit", true,
                                    "PermissionsDelete", true));
                    integration = u;
                }
            }
        }
        return u;
    }

    /**
     * Another integration user with its own app and a generated key pair and certificate (see
     * {@link IntegrationUser#register}); it has {@code ApiEnabled} and no object permissions.
     */
    public IntegrationUser newIntegration(String appName) {
        return newIntegration(appName, SelfSignedCertificates.create("CN=" + appName.replaceAll("[^A-Za-z0-9 ]", ""),
                30));
    }

    /** As {@link #newIntegration(String)}, with the given key pair and certificate. */
    public IntegrationUser newIntegration(String appName, KeyAndCertificate keys) {
        return IntegrationUser.register(admin.rest(), baseUrl(), appName, keys);
    }

    /**
     * The running server itself, for what the public surfaces do not reach (its store, data directory, bootstrap
     * result, housekeeping); tests of the project use it, users' tests should rarely need it.
     */
    public RunningServer runningServer() {
        return server;
    }

    /** Stops the server, then closes the external database (if any) and deletes the data directory. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                if (database != null) {
                    database.close();
                }
            } finally {
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
