package io.userbound.server;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.userbound.core.EffectivePermissions;
import io.userbound.core.IdGenerator;
import io.userbound.core.PermittedUsers;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.apps.AppSettings;
import io.userbound.core.admin.services.AdminServices;
import io.userbound.core.port.ApiUsageMeter;
import io.userbound.oauth.OAuthSettings;
import io.userbound.oauth.clientauth.ClientAssertionVerifier;
import io.userbound.oauth.clientauth.ClientAuthenticationPhase;
import io.userbound.oauth.clientauth.ClientAuthenticator;
import io.userbound.oauth.clientauth.HmacConsumerSecretHasher;
import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.oauth.grant.GrantHandler;
import io.userbound.oauth.grant.TokenHolderPolicy;
import io.userbound.oauth.grant.clientcredentials.ClientCredentialsGrantHandler;
import io.userbound.oauth.grant.jwtbearer.JwtBearerGrantHandler;
import io.userbound.oauth.introspect.Introspector;
import io.userbound.oauth.jwt.AssertionVerifier;
import io.userbound.oauth.revoke.Revoker;
import io.userbound.oauth.token.BearerTokenAuthenticator;
import io.userbound.oauth.token.OpaqueTokenIssuer;
import io.userbound.oauth.token.RefusalAttribution;
import io.userbound.oauth.token.TokenEndpoint;
import io.userbound.records.access.AccessSnapshots;
import io.userbound.records.admin.RecordsAdmin;
import io.userbound.records.admin.RecordsAdminPorts;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.data.Describer;
import io.userbound.records.data.ExternalIdRecords;
import io.userbound.records.data.RecordService;
import io.userbound.records.query.QueryPlanner;
import io.userbound.records.query.QueryService;
import io.userbound.server.auth.Authenticator;
import io.userbound.server.auth.LocalApiUsageMeter;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.bootstrap.Bootstrap;
import io.userbound.server.bootstrap.BootstrapResult;
import io.userbound.server.http.ErrorMapper;
import io.userbound.server.ops.Housekeeping;
import io.userbound.server.ops.ServerMetrics;
import io.userbound.server.routes.AdminRoutes;
import io.userbound.server.routes.DataRoutes;
import io.userbound.server.routes.DiscoveryRoutes;
import io.userbound.server.routes.IdentityRoutes;
import io.userbound.server.routes.RecordRoutes;
import io.userbound.server.routes.TokenManagementRoutes;
import io.userbound.server.routes.TokenRoute;
import io.userbound.store.AuditChain;
import io.userbound.store.JdbcStore;
import io.userbound.store.cache.CachingStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Userbound server: parses the options, opens the database, bootstraps the data directory, wires every
 * component by hand and starts HTTP.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /**
     * Bearer token cache: at most this many tokens, each trusted for {@link #TOKEN_CACHE_TTL}, so a revocation made
     * on another node stops the token here within that time (the multi-node bound is 2 s).
     */
    static final int TOKEN_CACHE_ENTRIES = 10_000;
    static final Duration TOKEN_CACHE_TTL = Duration.ofSeconds(1);
    /** The daily API request allowance reported in {@code Sforce-Limit-Info} and {@code limits}. */
    static final long DAILY_API_REQUESTS = 1_000_000;
    /** How long a configuration read (app, certificates, user, permissions, grant) may be served from memory. */
    static final Duration CONFIG_CACHE_TTL = Duration.ofSeconds(1);
    /**
     * How often this node checkpoints its audit chain: rows deleted behind a checkpoint are found by verify; the
     * newest rows are covered within two periods (docs/security.md).
     */
    static final Duration AUDIT_CHECKPOINT_EVERY = Duration.ofSeconds(5);
    static final int CONFIG_CACHE_ENTRIES = 100_000;

    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.parse(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("userbound: " + e.getMessage());
            System.err.println(ServerConfig.USAGE);
            System.exit(2);
            return;
        }
        RunningServer server;
        try {
            server = start(config);
        } catch (RuntimeException e) {
            LOG.error("Userbound failed to start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "userbound-shutdown"));
        BootstrapResult boot = server.bootstrapResult();
        System.out.println("Userbound listening on " + server.baseUrl() + " (org " + boot.orgId() + ")");
        System.out.println("  data directory: " + server.dataDir());
        System.out.println("  database:       " + server.store().databaseProductName());
        System.out.println("  CLI key:        " + boot.keyFile());
        System.out.println("  CLI profile:    " + boot.profileFile());
    }

    /**
     * Opens the store, bootstraps the data directory and starts HTTP.
     *
     * @return the running server; the caller closes it
     * @throws RuntimeException when the database, the data directory or the port cannot be used (everything opened
     *     so far is closed again)
     */
    public static RunningServer start(ServerConfig config) {
        return start(config, routes -> { });
    }

    /** As {@link #start(ServerConfig)}, with routes added for tests. */
    static RunningServer start(ServerConfig config, Consumer<RoutesConfig> extraRoutes) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        int port = config.port() == 0 && config.baseUrl() == null ? freePort(config.host()) : config.port();
        String baseUrl = config.effectiveBaseUrl(port);
        long began = System.nanoTime();
        byte[] pepper = SecretPepper.loadOrCreate(config.withDataDir(dataDir).effectiveSecretPepperFile());
        String node = nodeId();
        JdbcStore store = JdbcStore.open(config.effectiveDbUrl(), config.dbUser(), config.dbPassword());
        long opened = System.nanoTime();
        Housekeeping housekeeping = null;
        // set when stopping begins: /health/ready answers 503 from then on
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            Clock clock = Clock.systemUTC();
            IdGenerator ids = new RandomIdGenerator(clock);
            // the audit chain first: the bootstrap below already writes setup audit rows
            store.startAuditChain(AuditChain.keyFrom(pepper), node, AUDIT_CHECKPOINT_EVERY);
            HmacConsumerSecretHasher secrets = new HmacConsumerSecretHasher(pepper);
            OAuthSettings settings = OAuthSettings.defaults(URI.create(baseUrl))
                    .withExtraAudiences(config.extraAudiences());
            BootstrapResult boot = new Bootstrap(store, dataDir, baseUrl, config.adminUsername(), ids, clock).run();
            long bootstrapped = System.nanoTime();

            // Configuration reads on the token path go through read caches: local writes (the admin service
            // below uses the same instances) are seen at once, other nodes' writes within CONFIG_CACHE_TTL.
            CachingStores cached = new CachingStores(store.transactions(), store.apps(), store.certificates(),
                    store.users(), store.profiles(), store.permissionSets(), store.appAccess(), store.approvals(),
                    CONFIG_CACHE_TTL, CONFIG_CACHE_ENTRIES);
            EffectivePermissions permissions = new EffectivePermissions(cached.profiles(), cached.permissionSets());
            PermittedUsers permitted = new PermittedUsers(cached.appAccess(), cached.approvals());
            TokenHolderPolicy holders = new TokenHolderPolicy(permissions, permitted);
            // one verifier per use of assertions, each with its own certificate-use throttle, as before
            AssertionVerifier assertions = new AssertionVerifier(cached.apps(), cached.certificates(), settings, clock);
            ClientAuthenticator clientSecrets = new ClientAuthenticator(secrets, clock);
            List<GrantHandler> grants = List.of(
                    new JwtBearerGrantHandler(assertions, cached.users(), holders),
                    new ClientCredentialsGrantHandler(cached.users(), holders));
            // Granted requests' token and success rows go through the store's group-commit writer: concurrent
            // grants share one transaction and one commit, each caller returning only once its rows are committed.
            TokenEndpoint tokenEndpoint = new TokenEndpoint(grants, new ClientAuthenticationPhase(cached.apps(),
                    clientSecrets, new ClientAssertionVerifier(new AssertionVerifier(cached.apps(), cached.certificates(),
                    settings, clock))), new OpaqueTokenIssuer(store.tokens(), ids),
                    store.grantWriter(), store.loginHistory(), ids, clock, settings,
                    new RefusalAttribution(cached.apps(), cached.users()));
            BearerTokenAuthenticator bearer =
                    new BearerTokenAuthenticator(store.tokens(), clock, TOKEN_CACHE_ENTRIES, TOKEN_CACHE_TTL);
            // every API call re-checks that the token's user may still use its app (cached like the grant path)
            Authenticator auth = new Authenticator(bearer, cached.users(), cached.apps(), permitted, permissions);
            AdminServices admin = AdminServices.of(new AdminPorts(cached.transactions(), cached.users(),
                    cached.profiles(), cached.permissionSets(), cached.apps(), cached.certificates(),
                    cached.appAccess(), cached.approvals(), store.loginHistory(), store.setupAudit(), store.tokens()),
                    ids, clock,
                    secrets::hash);
            ServerMetrics metrics = new ServerMetrics();
            metrics.bindPool(store.dataSource());
            metrics.bindUnattributedRefusals(tokenEndpoint);

            // Introspection and revocation (issue 3): the caller's consumer secret is checked like the token
            // endpoint's; revocation evicts the token from this node's bearer cache.
            TokenManagementRoutes tokenManagement = new TokenManagementRoutes(
                    new Introspector(store.tokens(), cached.apps(), cached.users(), permissions, holders, clientSecrets,
                            clock),
                    new Revoker(store.tokens(), cached.apps(), clientSecrets, bearer, clock), metrics);
            DiscoveryRoutes discovery = new DiscoveryRoutes(new ServerMetadata(settings, tokenEndpoint.grantTypes(),
                    tokenEndpoint.clientAuthenticationMethods(),
                    AppSettings.KNOWN_SCOPES, IdentityRoutes.USERINFO_CLAIMS));

            ObjectCatalog catalog = new ObjectCatalog(store.metadata(), clock, ObjectCatalog.DEFAULT_TTL_MILLIS);
            // A snapshot is itself cached for 1 s, so it reads the stores directly: stacked on the configuration
            // cache its bound would be 2 s, with no margin.
            AccessSnapshots snapshots = new AccessSnapshots(
                    new EffectivePermissions(store.profiles(), store.permissionSets()), store.permissionSets(),
                    store.access(), store.roles(), clock, AccessSnapshots.DEFAULT_TTL_MILLIS);
            RecordService records = new RecordService(catalog, store.records(), store.transactions(), ids, clock);
            // API calls are counted on this node (never refused): the policy gate counts, the limits resource reads
            ApiUsageMeter usage = new LocalApiUsageMeter(clock, DAILY_API_REQUESTS);
            RecordRoutes recordRoutes = new RecordRoutes(snapshots, cached.apps(), records,
                    new Describer(catalog, records), new QueryService(new QueryPlanner(catalog, records.rowAccess(),
                    clock), records, store.records()), usage,
                    new ExternalIdRecords(records, store.records(), store.transactions()), store.transactions(),
                    catalog);
            // The record admin drops the catalog and access snapshots above after each change, so this node sees
            // it at once.
            RecordsAdmin recordsAdmin = new RecordsAdmin(new RecordsAdminPorts(cached.transactions(),
                    store.metadata(), store.recordTables(), store.access(), store.roles(), cached.users(),
                    cached.permissionSets(), cached.apps(), store.setupAudit()), catalog, snapshots, ids, clock);
            HttpApi api = new HttpApi(new TokenRoute(tokenEndpoint, baseUrl, metrics),
                    new IdentityRoutes(store.users(), settings), new DataRoutes(settings),
                    new AdminRoutes(admin, recordsAdmin, store::verifyAudit), () -> !stopping.get() && store.isReady(), metrics,
                    new ErrorMapper(), tokenManagement, discovery, recordRoutes, config.httpLimits(),
                    new PolicyGate(auth, usage));
            metrics.bindConnectionGuard(api.connectionGuard());
            Javalin app = api.create(config.host(), port, extraRoutes).start();
            housekeeping = new Housekeeping(store.tokens(), store.replayGuard(), store.loginHistory(),
                    store.jobLeases(), store.setupAudit(), ids, clock, boot.orgId(), boot.automatedProcessUserId(),
                    Duration.ofDays(config.loginHistoryRetentionDays()), node);
            housekeeping.start(Duration.ofMinutes(1));
            long listening = System.nanoTime();
            LOG.info("Userbound listening on {} (bound to {}:{})", baseUrl, config.host(), app.port());
            LOG.info("started in {} ms: JVM and classes {} ms, database and migrations {} ms, bootstrap {} ms, wiring "
                    + "and HTTP {} ms", startedMillis(), millisSinceJvmStart(began), (opened - began) / 1_000_000,
                    (bootstrapped - opened) / 1_000_000, (listening - bootstrapped) / 1_000_000);
            return new RunningServer(app, store, baseUrl, dataDir, boot, housekeeping, stopping,
                    api.connectionGuard());
        } catch (RuntimeException | Error e) {
            if (housekeeping != null) {
                housekeeping.close();
            }
            store.close();
            throw e;
        }
    }

    /** Milliseconds since this JVM started. */
    private static long startedMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Milliseconds from the JVM's start to the moment {@code nanoTime} was read. */
    private static long millisSinceJvmStart(long nanoTime) {
        return startedMillis() - (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** This process among the nodes: host, process id and a random suffix (the purge lease's holder). */
    private static String nodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A port that is free now on {@code host} (for port 0 without a configured base URL). */
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }
}
