package io.userbound.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.server.Main;
import io.userbound.server.RunningServer;
import io.userbound.server.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the record write harness honest: a tiny run creates and updates real Accounts over loopback HTTP, every write
 * succeeds, and each wrote its field history row. (The figures come from {@code bench/run-record-writes.sh}.)
 */
class RecordWriteLoadGeneratorTest {

    @Test
    void whenTinyRunThenEveryWriteSucceedsWithItsHistoryRow(@TempDir Path dir) throws Exception {
        try (RunningServer server = Main.start(ServerConfig.parse("--port", "0", "--data", dir.toString()))) {
            RecordWriteLoadGenerator.Report report = RecordWriteLoadGenerator.measure(BenchSupport.admin(server),
                    server.baseUrl(), server.port(), "test", new int[] {1, 4}, new int[] {10, 20}, 8);

            assertThat(report.levels()).hasSize(2).allSatisfy(l -> {
                assertThat(l.floor().errors() + l.creates().errors() + l.updates().errors()).isZero();
                assertThat(l.creates().throughput()).isPositive();
                assertThat(l.updates().throughput()).isPositive();
            });
            try (Connection c = server.store().dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT field, COUNT(*) FROM field_history "
                            + "WHERE object_name_lower = 'account' GROUP BY field ORDER BY field")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Bench_Amount__c");
                assertThat(rs.getInt(2)).as("one row per update").isEqualTo(10 + 20);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("created");
                assertThat(rs.getInt(2)).as("one row per create, warm-up included").isEqualTo(8 + 10 + 20);
            }
            assertThat(report.markdown()).contains("| 4 |").contains("floor H/s");
        }
    }
}
