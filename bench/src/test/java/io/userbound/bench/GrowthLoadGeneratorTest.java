package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the growth harness honest on both databases: a tiny dataset is bulk-loaded with the shape it claims, every
 * copied user can log in, and every grant and Account read of a tiny run succeeds. (The figures come from
 * {@code bench/run-growth.sh}, never from tests.)
 */
class GrowthLoadGeneratorTest {
    private static final GrowthDataset.Spec TINY = new GrowthDataset.Spec(30, 12, 150, 20);

    @Test
    void whenTinyH2DatasetThenItHasItsShapeAndEveryRequestSucceeds(@TempDir Path dir) throws Exception {
        check(GrowthDataset.prepare(dir, TINY, null));
    }

    @Test
    void whenTinyPostgresDatasetThenItHasItsShapeAndEveryRequestSucceeds(@TempDir Path dir) throws Exception {
        try (BenchPostgres pg = BenchPostgres.create()) {
            check(GrowthDataset.prepare(dir, TINY, pg.schema()));
        }
    }

    @Test
    void whenDatasetCompleteThenPrepareReusesIt(@TempDir Path dir) throws Exception {
        GrowthDataset.Manifest first = GrowthDataset.prepare(dir, new GrowthDataset.Spec(2, 3, 2, 1), null);
        GrowthDataset.Manifest again = GrowthDataset.prepare(dir, new GrowthDataset.Spec(2, 3, 2, 1), null);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void whenFewerUsersThanSubjectsThenEveryUserIsASubject() {
        assertThat(GrowthLoadGenerator.subjects(3)).containsExactly("growth-0@bench.test", "growth-1@bench.test",
                "growth-2@bench.test");
        assertThat(GrowthLoadGenerator.subjects(1_000_000)).hasSize(GrowthLoadGenerator.SUBJECTS)
                .contains("growth-999000@bench.test");
    }

    private static void check(GrowthDataset.Manifest m) throws Exception {
        try (Connection c = DriverManager.getConnection(m.dbUrl()); Statement s = c.createStatement()) {
            // the admin and the Automated Process user come with the org
            assertThat(count(s, "SELECT COUNT(*) FROM users")).isEqualTo(TINY.users() + 2);
            assertThat(count(s, "SELECT COUNT(DISTINCT username) FROM users")).isEqualTo(TINY.users() + 2);
            assertThat(count(s, "SELECT COUNT(*) FROM permission_set_assignments")).isEqualTo(TINY.users());
            assertThat(count(s, "SELECT COUNT(*) FROM connected_apps")).isEqualTo(TINY.apps());
            assertThat(count(s, "SELECT COUNT(DISTINCT consumer_key) FROM connected_apps")).isEqualTo(TINY.apps());
            assertThat(count(s, "SELECT COUNT(*) FROM login_history")).isGreaterThanOrEqualTo(TINY.loginHistory());
            assertThat(count(s, "SELECT COUNT(*) FROM obj_account")).isEqualTo(TINY.accounts());
        }

        GrowthLoadGenerator.Report report = GrowthLoadGenerator.measure(m, 4, 60, 80, 40);

        for (LoadResult r : new LoadResult[] {report.jwtBearer(), report.clientCredentials(), report.accountReads()}) {
            assertThat(r.errors()).isZero();
            assertThat(r.requests()).isEqualTo(r == report.accountReads() ? 80 : 60);
            assertThat(r.p99Ms()).isGreaterThanOrEqualTo(r.p50Ms());
        }
        assertThat(report.row()).startsWith("| " + report.store() + " | 30 | 12 | 150 | 4 |");
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
