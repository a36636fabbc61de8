package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
