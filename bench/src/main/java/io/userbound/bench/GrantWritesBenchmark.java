package io.userbound.bench;

import io.userbound.core.IdGenerator;
import io.userbound.core.RandomIdGenerator;
import io.userbound.core.model.AccessTokenRecord;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.Org;
import io.userbound.protocol.KeyPrefix;
import io.userbound.store.AuditChain;
import io.userbound.store.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's share of one JWT bearer grant, without HTTP or crypto: the replay mark, the token row and the
 * LoginHistory row in one transaction, exactly as the token endpoint writes them. Run with {@code -t 2}; compare
 * with the grant rate of {@link GrantLoadGenerator} to see how much of a grant's cost is the store. {@code auditChain}
 * measures, in the same run, what sealing the LoginHistory row into the audit chain costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class GrantWritesBenchmark {
    /** A JDBC URL; {@code h2} means a fresh embedded H2 file database. */
    @Param("h2")
    public String db;

    /** {@code on}: rows sealed into an audit chain, as a server seals them; {@code off}: unsealed (the cost of it). */
    @Param({"off", "on"})
    public String auditChain;

    private JdbcStore store;
    private IdGenerator ids;
    private String orgId;
    private String appId;
    private String userId;

    @Setup
    public void open() throws Exception {
        String url = db.equals("h2") ? JdbcStore.h2Url(Files.createTempDirectory("userbound-writes")) : db;
        store = JdbcStore.open(url, null, null, 16);
        if (auditChain.equals("on")) {
            store.startAuditChain(AuditChain.keyFrom("bench-pepper".getBytes(StandardCharsets.UTF_8)), "bench",
                    Duration.ofSeconds(5));
        }
        ids = new RandomIdGenerator(Clock.systemUTC());
        Org org = new Org(ids.next(KeyPrefix.ORGANIZATION), "Bench", "UB1", Instant.now());
        store.orgs().insert(org);
        orgId = org.id();
        appId = ids.next(KeyPrefix.CONNECTED_APP);
        userId = ids.next(KeyPrefix.USER);
    }

    @TearDown
    public void close() {
        store.close();
    }

    @Benchmark
    public boolean replayTokenAndLoginHistoryInOneTransaction() {
        Instant now = Instant.now();
        return store.transactions().inTransaction(() -> {
            boolean first = store.replayGuard().firstUse(appId, UUID.randomUUID().toString(), now.plusSeconds(600));
            store.tokens().insert(new AccessTokenRecord(ids.next(KeyPrefix.ACCESS_TOKEN),
                    UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", ""),
                    orgId, userId, appId, Set.of("api", "web"), now, now.plusSeconds(7200), null));
            store.loginHistory().append(new LoginHistoryEntry(ids.next(KeyPrefix.LOGIN_HISTORY), orgId, userId,
                    "etl@acme.test", appId, "Nightly ETL", "3MVG9consumerkey", "0f".repeat(32), "127.0.0.1",
                    "http://127.0.0.1:8080/services/oauth2/token", LoginHistoryEntry.REMOTE_ACCESS, "JWT Bearer",
                    null, LoginReason.SUCCESS, null, now));
            return first;
        });
    }
}
