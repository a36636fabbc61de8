package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark harness honest: a tiny run drives real grants over loopback HTTP and every one of them
 * succeeds and writes its replay, token and LoginHistory rows. (The figures themselves come from
 * {@code bench/run-grants.sh}, never from tests.)
 */
class GrantLoadGeneratorTest {

    @Test
    void whenTinyRunThenEveryGrantSucceedsAndWritesItsRows() throws Exception {
        GrantLoadGenerator.Report report = GrantLoadGenerator.measure(new int[] {1, 4}, new int[] {20, 40}, 8,
                null, Duration.ofMillis(400));

        assertThat(report.results()).hasSize(2);
        assertThat(report.results()).allSatisfy(r -> {
            assertThat(r.errors()).isZero();
            assertThat(r.throughput()).isPositive();
            assertThat(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
        });
        int grants = 8 + 20 + 40; // warm-up on 4 connections, then 1 x 20 and 4 x 10
        assertThat(report.tokenRows()).isEqualTo(grants);
        assertThat(report.jtiRows()).isEqualTo(grants);
        assertThat(report.loginHistoryRows()).isEqualTo(grants);
        assertThat(report.rawVerifyPerSecond()).isPositive();
        assertThat(report.markdown()).contains("| 4 | 40 |");
    }

    @Test
    void whenTinyClientCredentialsRunThenEveryGrantSucceedsAndWritesItsTokenAndRowButNoJti() throws Exception {
        GrantLoadGenerator.Report report = GrantLoadGenerator.measure(GrantLoadGenerator.Grant.CLIENT_CREDENTIALS,
                new int[] {1, 4}, new int[] {20, 40}, 8, null, Duration.ofMillis(400));

        assertThat(report.results()).hasSize(2).allSatisfy(r -> {
            assertThat(r.errors()).isZero();
            assertThat(r.throughput()).isPositive();
        });
        int grants = 8 + 20 + 40;
        assertThat(report.tokenRows()).isEqualTo(grants);
        assertThat(report.loginHistoryRows()).isEqualTo(grants);
        assertThat(report.jtiRows()).isZero();
        assertThat(report.rawVerifyPerSecond()).isZero();
        assertThat(report.markdown()).contains("client credentials").contains("| of target |").contains("| 4 | 40 |");
    }

    @Test
    void whenTwoNodesOnOnePostgresThenConnectionsSpreadOverBothAndEveryGrantSucceeds(@TempDir Path dir)
            throws Exception {
        try (BenchPostgres pg = BenchPostgres.create();
                RunningServer node1 = Main.start(ServerConfig.parse("--port", "0", "--data",
                        dir.resolve("node1").toString(), "--db-url", pg.url()))) {
            // the nodes share one public base URL and one secret pepper, as behind a load balancer
            Files.createDirectories(dir.resolve("node2"));
            Files.copy(node1.dataDir().resolve("secret-pepper"), dir.resolve("node2/secret-pepper"));
            try (RunningServer node2 = Main.start(ServerConfig.parse("--port", "0", "--data",
                    dir.resolve("node2").toString(), "--db-url", pg.url(), "--base-url", node1.baseUrl()))) {
                GrantLoadGenerator.Nodes nodes = new GrantLoadGenerator.Nodes(List.of(node1.baseUrl(),
                        "http://127.0.0.1:" + node2.port()), node1.dataDir().resolve("cli-profile.json"), pg.url());
                for (GrantLoadGenerator.Grant grant : GrantLoadGenerator.Grant.values()) {
                    GrantLoadGenerator.Report report = GrantLoadGenerator.measure(grant, nodes, new int[] {1, 4},
                            new int[] {20, 40}, 8, Duration.ofMillis(200));

                    assertThat(report.results()).hasSize(2).allSatisfy(r -> assertThat(r.errors()).isZero());
                    int grants = 8 + 20 + 40;
                    assertThat(report.tokenRows()).isEqualTo(grants);
                    assertThat(report.loginHistoryRows()).isEqualTo(grants);
                    assertThat(report.jtiRows()).isEqualTo(grant == GrantLoadGenerator.Grant.JWT_BEARER ? grants : 0);
                    assertThat(report.store()).contains("2 node(s)").contains(":" + node2.port());
                }
            }
        }
    }

    @Test
    void whenUrlRepeatedThenOptionsJoinThemAndOtherOptionsKeepTheLastValue() {
        assertThat(BenchSupport.options(new String[] {"--url", "http://a:1", "--warmup", "1", "--url",
            "http://b:2", "--warmup", "2"})).containsEntry("url", "http://a:1,http://b:2").containsEntry("warmup", "2");
    }
}
