package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.core.RandomIdGenerator;
import io.userbound.server.bootstrap.Bootstrap;
import io.userbound.server.bootstrap.BootstrapResult;
import io.userbound.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes started at the same moment on an empty PostgreSQL schema: the database decides which one creates the org
 * (migration V6's single installation row), and the other reuses it. Before V6 each node found no org, both created
 * one, and the second failed to start on the admin's username.
 */
class BootstrapRaceTest {
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void whenTwoNodesBootstrapAnEmptyDatabaseAtOnceThenOneOrgAndBothServeIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ItPostgres pg = ItPostgres.create();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (JdbcStore a = JdbcStore.open(pg.url(), ItPostgres.USER, null);
                    JdbcStore b = JdbcStore.open(pg.url(), ItPostgres.USER, null)) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<BootstrapResult>> runs = new ArrayList<>();
                for (JdbcStore store : List.of(a, b)) {
                    Path data = Files.createTempDirectory(dir, "node");
                    Bootstrap boot = new Bootstrap(store, data, "http://127.0.0.1:1", "admin@userbound.local",
                            new RandomIdGenerator(Clock.systemUTC()), Clock.systemUTC());
                    Callable<BootstrapResult> run = () -> {
                        go.await();
                        return boot.run();
                    };
                    runs.add(pool.submit(run));
                }
                go.countDown();
                BootstrapResult first = runs.get(0).get();
                BootstrapResult second = runs.get(1).get();

                assertThat(List.of(first.created(), second.created())).as("round " + round)
                        .containsExactlyInAnyOrder(true, false);
                assertThat(second.orgId()).isEqualTo(first.orgId());
                assertThat(second.cliAppId()).isEqualTo(first.cliAppId());
                assertThat(second.automatedProcessUserId()).isEqualTo(first.automatedProcessUserId());
                assertThat(count(pg, "orgs")).isEqualTo(1);
                assertThat(count(pg, "installation")).isEqualTo(1);
                assertThat(count(pg, "users")).as("the Automated Process user and the admin").isEqualTo(2);
                assertThat(count(pg, "profiles")).isEqualTo(4);
                assertThat(count(pg, "app_certificates")).as("each node's own CLI key").isEqualTo(2);
                assertThat(Files.readString(second.profileFile())).contains(first.orgId());
            } finally {
                pool.shutdownNow();
                pg.drop();
            }
        }
    }

    private static long count(ItPostgres pg, String table) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
