package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the record benchmark honest on a tiny dataset: the fixture loads, is reused, and the generator reads records,
 * runs the selective query and the case-insensitive name equality as both users over loopback HTTP with every reply a
 * success. (The figures come from {@code bench/run-records.sh} over a million rows, never from tests.)
 */
class RecordLoadGeneratorTest {
    private static final RecordDataset.Spec TINY = new RecordDataset.Spec(RecordDataset.MIN_USERS + 12, 2_000, 40);

    @TempDir
    Path data;

    @Test
    void whenTinyDatasetThenBothUsersReadAndQueryWithoutErrorsAndTheOnePercentUserSeesLess() throws Exception {
        RecordLoadGenerator.Report report = RecordLoadGenerator.measure(data, TINY, new int[] {1, 4},
                new int[] {20, 40}, new int[] {8, 16}, 16);

        assertThat(report.users()).hasSize(2);
        assertThat(report.users()).allSatisfy(u -> {
            assertThat(u.reads()).hasSize(2).allSatisfy(r -> {
                assertThat(r.errors()).isZero();
                assertThat(r.throughput()).isPositive();
                assertThat(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
            });
            assertThat(u.queries()).hasSize(2).allSatisfy(q -> assertThat(q.errors()).isZero());
            // every name query, upper-cased, finds exactly its one account (the reply check demands totalSize 1)
            assertThat(u.nameQueries()).hasSize(2).allSatisfy(q -> {
                assertThat(q.errors()).isZero();
                assertThat(q.requests()).isPositive();
            });
            assertThat(u.floors()).hasSize(2).allSatisfy(h -> assertThat(h.errors()).isZero());
            assertThat(u.reads().get(1).requests()).isEqualTo(40);
        });
        RecordLoadGenerator.UserResult onePercent = report.users().get(0);
        RecordLoadGenerator.UserResult viewAll = report.users().get(1);
        assertThat(viewAll.visibleRows()).isEqualTo(2_000);
        assertThat(onePercent.visibleRows()).isPositive().isLessThan(viewAll.visibleRows() / 4);
        assertThat(onePercent.windowRows()).isLessThanOrEqualTo(viewAll.windowRows());
        assertThat(report.plans()).hasSize(4).allSatisfy((user, plan) -> assertThat(plan)
                .containsIgnoringCase("obj_account"));
        assertThat(report.plans().get(report.users().get(0).user() + ", name equality"))
                .as("the shadow column's index serves the equality").containsIgnoringCase("ix_obj_account_f_name_ci");
        assertThat(report.markdown()).contains("| 4 | 40 |").contains("LIMIT 200").contains("Name equality");
    }

    @Test
    void whenDatasetIsCompleteThenItIsReusedAsItIs() throws Exception {
        RecordDataset.Manifest first = RecordDataset.prepare(data, TINY);
        RecordDataset.Manifest again = RecordDataset.prepare(data, TINY);

        assertThat(again).isEqualTo(first);
        assertThat(data.resolve(RecordDataset.MANIFEST)).exists();
    }
}
