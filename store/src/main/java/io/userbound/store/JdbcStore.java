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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

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
 *
 * <p>This class is the store's one public face (opening, one accessor per port, readiness, close) and stays at
 * about 400 lines for that reason: how a database is reached and checked on opening is in {@link DatabaseOpening},
 * the audit chain's start, checkpoints and verification in {@link AuditChainRunner}.
 */
public final class JdbcStore implements AutoCloseable {
    /** Pool size used by {@link #open(String, String, String)}. */
    public static final int DEFAULT_POOL_SIZE = 16;

    private static final String MIGRATIONS = "classpath:db/migration";
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
    private final AuditChainRunner audit;
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
        this.audit = new AuditChainRunner(db, sealer);
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
        HikariConfig config = DatabaseOpening.poolConfig(jdbcUrl, username, password, maxPoolSize);
        DatabaseHealth health = new DatabaseHealth(() -> DatabaseOpening.reach(jdbcUrl, username, password));
        config.setExceptionOverride(health.exceptionOverride());
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(DatabaseOpening.failedTo("open", jdbcUrl, e), e);
        }
        health.watch(ds);
        H2FileForce h2Force = null;
        try {
            String product;
            try (Connection c = ds.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
                DatabaseOpening.checkDurability(c, product);
            }
            DurableCommits durable = DurableCommits.NONE;
            if (product.equals("H2") && !DatabaseOpening.isInMemoryH2(jdbcUrl)) {
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
            if (migrated.migrations.stream().anyMatch(m -> AUDIT_CHAIN_VERSION.equals(m.version))) {
                store.audit.chainColumnsJustCreated();
            }
            return store;
        } catch (SQLException | FlywayException e) {
            DatabaseOpening.closeQuietly(h2Force);
            ds.close();
            throw new StoreException(DatabaseOpening.failedTo("migrate", jdbcUrl, e), e);
        } catch (RuntimeException | Error e) {
            DatabaseOpening.closeQuietly(h2Force);
            ds.close();
            throw e;
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
        try (Connection c = guarded.getConnection(); PreparedStatement ps = c.prepareStatement(DatabaseOpening.PING)) {
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
        audit.close();
        DatabaseOpening.closeQuietly(durability);
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
        audit.start(key, node, checkpointEvery);
    }

    /** Writes a checkpoint of every number handed out so far (tests; the store's close does it too). */
    public void checkpointAudit() {
        audit.checkpointAll();
    }

    /**
     * Checks every audit chain, checkpoint and purge record, and every audited row, in one repeatable-read
     * transaction ({@link AuditVerifier}).
     *
     * @throws IllegalStateException when the audit chain is not started (there is no key to check with)
     */
    public AuditReport verifyAudit() {
        return audit.verify();
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
}
