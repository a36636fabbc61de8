package io.userbound.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.userbound.core.port.AppAccessStore;
import io.userbound.core.port.ApprovalStore;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.GrantWriter;
import io.userbound.core.port.JobLeases;
import io.userbound.core.port.LoginHistoryStore;
import io.userbound.core.port.OrgStore;
import io.userbound.core.port.PermissionSetStore;
import io.userbound.core.port.ProfileStore;
import io.userbound.core.port.ReplayGuard;
import io.userbound.core.port.SetupAuditStore;
import io.userbound.core.port.StoreException;
import io.userbound.core.port.TokenStore;
import io.userbound.core.port.Transactions;
import io.userbound.core.port.UserStore;
import io.userbound.records.port.AccessStore;
import io.userbound.records.port.MetadataStore;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.RecordTables;
import io.userbound.records.port.RoleStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: one HikariCP pool over H2 (the embedded default) or PostgreSQL, the Flyway migrations of
 * {@code classpath:db/migration}, and an implementation of every port of {@code io.userbound.core.port}.
 *
 * <p>Outside {@link #transactions()} each store call borrows a pooled connection in autocommit mode and runs one
 * prepared statement; inside, every call on that thread joins the transaction's connection. A write returns only once
 * its commit is durable: PostgreSQL's commit is, and on H2 the store forces the file to disk after the commit, one
 * force for all the commits that finished meanwhile ({@link GroupSync}); see {@code docs/reliability.md}. Times are
 * kept to the millisecond. Thread-safe. {@link #close()} must be called on shutdown (the H2 URL built by {@link #h2Url}
 * does not close the database on JVM exit by itself, so that a shutdown hook can still use it).
 */
public final class JdbcStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    /** Pool size used by {@link #open(String, String, String)}. */
    public static final int DEFAULT_POOL_SIZE = 16;

    private static final String MIGRATIONS = "classpath:db/migration";
    private static final String PING = "SELECT 1";
    private static final long READY_TIMEOUT_MILLIS = 1_000;
    /** The longest a request waits for a database connection before it is refused (503). */
    public static final long CONNECTION_TIMEOUT_MILLIS = 2_000;
    /**
     * PostgreSQL: a statement whose connection stays silent this long fails (a database that stopped answering). A
     * statement that merely runs this long fails too, as busy, not as an outage (migrations run outside the pool).
     */
    public static final long STATEMENT_SILENCE_SECONDS = 30;

    private final HikariDataSource dataSource;
    private final String productName;
    private final Db db;
    private final AuditSealer sealer = new AuditSealer();
    /** The migration that created the audit chain's columns. */
    private static final String AUDIT_CHAIN_VERSION = "9";
    /** True when this opening ran {@link #AUDIT_CHAIN_VERSION}: the first chain started on it adopts older rows. */
    private volatile boolean chainColumnsJustCreated;
    private final Object auditLock = new Object();
    private AuditCheckpoints auditCheckpoints;
    private java.util.concurrent.ScheduledExecutorService auditTicker;
    private final Transactions transactions;
    private final OrgStore orgs;
    private final UserStore users;
    private final ProfileStore profiles;
    private final PermissionSetStore permissionSets;
    private final ConnectedAppStore apps;
    private final CertificateStore certificates;
    private final AppAccessStore appAccess;
    private final ApprovalStore approvals;
    private final TokenStore tokens;
    private final ReplayGuard replayGuard;
    private final LoginHistoryStore loginHistory;
    private final SetupAuditStore setupAudit;
    private final RecordTables recordTables;
    private final RecordStore records;
    private final MetadataStore metadata;
    private final AccessStore access;
    private final RoleStore roles;
    private final JobLeases jobLeases;
    private final AutoCloseable durability;
    private final DatabaseHealth health;
    private final DataSource guarded;
    private final AtomicReference<CompletableFuture<Boolean>> readiness = new AtomicReference<>();
    private volatile boolean closed;

    private JdbcStore(HikariDataSource dataSource, String productName, DurableCommits durable,
            AutoCloseable durability, DatabaseHealth health) {
        this.dataSource = dataSource;
        this.productName = productName;
        this.durability = durability;
        this.health = health;
        this.guarded = health.guarded();
        this.db = new Db(guarded, durable, health, sealer);
        this.transactions = new JdbcTransactions(db);
        this.orgs = new JdbcOrgStore(db);
        this.users = new JdbcUserStore(db);
        this.profiles = new JdbcProfileStore(db);
        this.permissionSets = new JdbcPermissionSetStore(db);
        this.apps = new JdbcConnectedAppStore(db);
        this.certificates = new JdbcCertificateStore(db);
        this.appAccess = new JdbcAppAccessStore(db);
        this.approvals = new JdbcApprovalStore(db);
        this.tokens = new JdbcTokenStore(db);
        this.replayGuard = new JdbcReplayGuard(db);
        this.loginHistory = new JdbcLoginHistoryStore(db, sealer);
        this.setupAudit = new JdbcSetupAuditStore(db, sealer);
        this.recordTables = new JdbcRecordTables(db);
        this.records = new JdbcRecordStore(db, sealer);
        this.metadata = new JdbcMetadataStore(db);
        this.access = new JdbcAccessStore(db);
        this.roles = new JdbcRoleStore(db);
        this.jobLeases = new JdbcJobLeases(db);
    }

    /**
     * Opens a pool of {@link #DEFAULT_POOL_SIZE} connections, runs the migrations and returns the store.
     *
     * @param username null when the URL or the database needs none
     * @param password null when the database needs none
     * @throws StoreException when the database cannot be reached or a migration fails (the pool is closed then)
     */
    public static JdbcStore open(String jdbcUrl, String username, String password) {
        return open(jdbcUrl, username, password, DEFAULT_POOL_SIZE);
    }

    /**
     * Opens a pool of at most {@code maxPoolSize} connections, runs the migrations and returns the store.
     *
     * @throws IllegalArgumentException when {@code jdbcUrl} is blank or {@code maxPoolSize} is below 1
     * @throws StoreException when the database cannot be reached or a migration fails (the pool is closed then)
     */
    public static JdbcStore open(String jdbcUrl, String username, String password, int maxPoolSize) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("a JDBC URL is required");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("userbound-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setAutoCommit(true);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // defaults a URL parameter overrides: give up on a database that does not answer
            config.addDataSourceProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT_MILLIS / 1000));
            config.addDataSourceProperty("socketTimeout", Long.toString(STATEMENT_SILENCE_SECONDS));
        }
        DatabaseHealth health = new DatabaseHealth(() -> reach(jdbcUrl, username, password));
        config.setExceptionOverride(health.exceptionOverride());
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database at " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        health.watch(ds);
        H2FileForce h2Force = null;
        try {
            String product;
            try (Connection c = ds.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
                checkDurability(c, product);
            }
            DurableCommits durable = DurableCommits.NONE;
            if (product.equals("H2") && !isInMemoryH2(jdbcUrl)) {
                h2Force = new H2FileForce(jdbcUrl, username, password);
                durable = new GroupSync(h2Force, health::record);
            }
            // on connections of its own, outside the pool: a migration may run longer than the pool's socket timeout
            org.flywaydb.core.api.output.MigrateResult migrated = Flyway.configure(JdbcStore.class.getClassLoader())
                    .dataSource(jdbcUrl, username, password)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            JdbcStore store = new JdbcStore(ds, product, durable, h2Force, health);
            // the audit chain's columns were created by this very opening: rows already there predate the chain
            store.chainColumnsJustCreated = migrated.migrations.stream().anyMatch(m -> AUDIT_CHAIN_VERSION.equals(
                    m.version));
            return store;
        } catch (SQLException | FlywayException e) {
            closeQuietly(h2Force);
            ds.close();
            throw new StoreException("cannot migrate the database at " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(h2Force);
            ds.close();
            throw e;
        }
    }

    /**
     * Checks that the database keeps what it commits. H2 needs nothing here: it keeps a commit in memory and writes it
     * to its file up to half a second later (its {@code WRITE_DELAY}), which a killed process would lose, so the store
     * itself stores and forces every commit before its caller may answer ({@link GroupSync} over
     * {@code CHECKPOINT SYNC}, which writes all that is unsaved and then forces the file). PostgreSQL is checked, not
     * changed: with {@code fsync} or {@code synchronous_commit} off a crash of the database server can lose
     * acknowledged writes, which is logged as a warning for the operator.
     */
    private static void checkDurability(Connection c, String product) throws SQLException {
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
    private static void reach(String jdbcUrl, String username, String password) throws SQLException {
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

    private static boolean isInMemoryH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:h2:mem:", 0, "jdbc:h2:mem:".length());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on a failure path
        }
    }

    /**
     * The default embedded H2 URL for a data directory: a file database at {@code <dir>/userbound} (H2 adds
     * {@code .mv.db}) in H2's regular mode. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to {@link #close()};
     * a larger query cache keeps the parsed hot statements of a pooled session. Commits are made durable by the store,
     * not by H2's settings (see {@link #open}).
     *
     * @throws IllegalArgumentException when the path holds a {@code ;}, which would end the URL's path
     */
    public static String h2Url(Path dataDir) {
        String path = dataDir.toAbsolutePath().normalize().resolve("userbound").toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data directory path must not contain ';': " + path);
        }
        return "jdbc:h2:file:" + path + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";
    }

    /** The pooled data source (a HikariCP pool): for metrics or for code that needs plain JDBC. */
    public DataSource dataSource() {
        return dataSource;
    }

    public Transactions transactions() {
        return transactions;
    }

    public OrgStore orgs() {
        return orgs;
    }

    public UserStore users() {
        return users;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    public PermissionSetStore permissionSets() {
        return permissionSets;
    }

    public ConnectedAppStore apps() {
        return apps;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    public AppAccessStore appAccess() {
        return appAccess;
    }

    public ApprovalStore approvals() {
        return approvals;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public ReplayGuard replayGuard() {
        return replayGuard;
    }

    public LoginHistoryStore loginHistory() {
        return loginHistory;
    }

    /** DDL of record tables from object metadata. */
    public RecordTables recordTables() {
        return recordTables;
    }

    /** Reads and writes of record rows, share rows and field history. */
    public RecordStore records() {
        return records;
    }

    /** Custom objects and fields, organization-wide defaults and tracked fields. */
    public MetadataStore metadata() {
        return metadata;
    }

    /** Object and field permissions of profiles and permission sets. */
    public AccessStore access() {
        return access;
    }

    /** Roles and users' roles. */
    public RoleStore roles() {
        return roles;
    }

    /** Leases of cluster-wide jobs (the purge job runs on one node at a time). */
    public JobLeases jobLeases() {
        return jobLeases;
    }

    public SetupAuditStore setupAudit() {
        return setupAudit;
    }

    /**
     * True when the store is open (so the migrations are done), the database answers a trivial query within one
     * second, and it takes writes (after a write was refused for want of disk or as read-only, the check writes one
     * probe row itself). Never blocks much longer than that: a check still waiting for a pooled connection is shared
     * by the callers that come while it runs. False at once while the database is known to be unreachable.
     */
    public boolean isReady() {
        if (closed || health.circuitOpen()) {
            return false;
        }
        CompletableFuture<Boolean> check = readiness.get();
        if (check == null || check.isDone()) {
            CompletableFuture<Boolean> fresh = new CompletableFuture<>();
            if (readiness.compareAndSet(check, fresh)) {
                Thread t = new Thread(() -> fresh.complete(ping()), "userbound-store-ready");
                t.setDaemon(true);
                t.start();
                check = fresh;
            } else {
                check = readiness.get();
            }
        }
        try {
            return check.get(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean ping() {
        try (Connection c = guarded.getConnection(); PreparedStatement ps = c.prepareStatement(PING)) {
            ps.setQueryTimeout(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        return health.probeWrite(() -> db.update(DatabaseHealth.PROBE_WRITE, ps -> {
            ps.setQueryTimeout(1);
            ps.setLong(1, System.currentTimeMillis());
        }));
    }

    /**
     * How often this store has forced its database file to disk so far: one force covers every commit that finished
     * before it began. Always 0 on PostgreSQL, whose commits are durable when they return.
     */
    public long diskForces() {
        return db.durable() instanceof GroupSync sync ? sync.forces() : 0;
    }

    /** {@code H2} or {@code PostgreSQL}, as the driver names the product. */
    public String databaseProductName() {
        return productName;
    }

    /** Closes the pool (and with it an embedded H2 database). Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (grantWriter != null) {
                grantWriter.close();
            }
        }
        closeAuditChain();
        closeQuietly(durability);
        health.close();
        dataSource.close();
    }

    /**
     * Starts this process's audit chain (docs/security.md): registers it (adopting, when this store's opening has
     * just created the chain's columns, the rows written before), seals every LoginHistory, setup audit and field history row written from now on, and
     * writes a checkpoint every {@code checkpointEvery} and at {@link #close()}.
     *
     * @param key the audit key ({@link AuditChain#keyFrom}); the same on every node of one database
     * @param node names this process in the chain's record
     * @throws IllegalStateException when a chain is already started
     */
    public void startAuditChain(byte[] key, String node, java.time.Duration checkpointEvery) {
        synchronized (auditLock) {
            if (auditCheckpoints != null) {
                throw new IllegalStateException("the audit chain is already started");
            }
            AuditChain chain = new AuditChain(key, node, System.currentTimeMillis());
            AuditCheckpoints checkpoints = new AuditCheckpoints(db, chain);
            // adoption only right after the upgrade that made the columns: rows that lose their chain later are not
            // laundered into a fresh one by the next start
            checkpoints.register(chainColumnsJustCreated);
            chainColumnsJustCreated = false;
            sealer.start(chain);
            auditCheckpoints = checkpoints;
            auditTicker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "userbound-audit-checkpoints");
                t.setDaemon(true);
                return t;
            });
            long every = checkpointEvery.toMillis();
            auditTicker.scheduleWithFixedDelay(this::auditTick, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private volatile long lastAuditWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

    private void auditTick() {
        try {
            synchronized (auditLock) {
                if (auditCheckpoints != null) {
                    auditCheckpoints.tick();
                }
            }
        } catch (RuntimeException | Error e) {
            // the database is away: the next tick covers this one's numbers too (a thrown Error would end the task)
            long now = System.nanoTime();
            if (now - lastAuditWarning > TimeUnit.MINUTES.toNanos(1)) {
                lastAuditWarning = now;
                LOG.warn("audit checkpoint not written, retried every tick (logged once a minute): {}", e.toString());
            }
        }
    }

    /** Writes a checkpoint of every number handed out so far (tests; the store's close does it too). */
    public void checkpointAudit() {
        synchronized (auditLock) {
            if (auditCheckpoints == null) {
                throw new IllegalStateException("the audit chain is not started");
            }
            auditCheckpoints.checkpointAll();
        }
    }

    private void closeAuditChain() {
        synchronized (auditLock) {
            if (auditTicker != null) {
                auditTicker.shutdownNow();
            }
            if (auditCheckpoints != null) {
                try {
                    auditCheckpoints.checkpointAll();
                } catch (RuntimeException e) {
                    LOG.warn("the last audit checkpoint was not written: {}", e.toString());
                }
                auditCheckpoints = null;
            }
        }
    }

    /**
     * Checks every audit chain, checkpoint and purge record, and every audited row, in one repeatable-read
     * transaction ({@link AuditVerifier}).
     *
     * @throws IllegalStateException when the audit chain is not started (there is no key to check with)
     */
    public AuditReport verifyAudit() {
        AuditChain chain = sealer.chain();
        if (chain == null) {
            throw new IllegalStateException("the audit chain is not started");
        }
        return db.withRead(c -> {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return new AuditVerifier(chain).verify(c);
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        });
    }

    /** Batches per commit of {@link #grantWriter()}. */
    public static final int GRANT_BATCH = 256;

    private GroupCommitGrantWriter grantWriter;

    /**
     * The group-commit writer of granted requests' token and LoginHistory rows (one writer thread, started on first
     * use, stopped by {@link #close()} after it has committed what was queued).
     */
    public synchronized GrantWriter grantWriter() {
        if (grantWriter == null) {
            grantWriter = new GroupCommitGrantWriter(db, sealer, GRANT_BATCH);
        }
        return grantWriter;
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
