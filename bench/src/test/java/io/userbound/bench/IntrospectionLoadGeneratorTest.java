package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Keeps the introspection harness honest: a tiny run introspects real tokens over loopback HTTP and every reply is a
 * 200 that says the token is active. (The figures come from {@code bench/run-introspection.sh}, never from tests.)
 */
class IntrospectionLoadGeneratorTest {

    @Test
    void whenTinyRunThenEveryIntrospectionSaysActive() throws Exception {
        IntrospectionLoadGenerator.Report report = IntrospectionLoadGenerator.measure(6, new int[] {1, 4},
                new int[] {20, 40}, 8, null);

        assertThat(report.tokens()).isEqualTo(6);
        assertThat(report.results()).hasSize(2);
        assertThat(report.results()).allSatisfy(r -> {
            assertThat(r.errors()).isZero();
            assertThat(r.throughput()).isPositive();
            assertThat(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
        });
        assertThat(report.results().get(1).requests()).isEqualTo(40);
        assertThat(report.markdown()).contains("| 4 | 40 |");
    }
}
