package io.userbound.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.protocol.KeyPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tamper-evident audit (issue 12, part 3) on both databases: rows changed, deleted and inserted directly in SQL,
 * as someone with database access but not the key would, are each found and named by {@link JdbcStore#verifyAudit};
 * what the server itself does (rolled-back transactions, purges, two nodes at once, rows from before the chain) is
 * not mistaken for tampering.
 */
class AuditChainTest {
    static final byte[] KEY = AuditChain.keyFrom("test-pepper-0123456789".getBytes(StandardCharsets.UTF_8));
    static final Duration NEVER = Duration.ofHours(1);

    private final List<JdbcStore> open = new ArrayList<>();
    private final List<Runnable> drops = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(JdbcStore::close);
        drops.forEach(Runnable::run);
    }

    /** A fresh database; {@link #node} opens stores (nodes) on it. */
    private final class Database {
        final String url;
        final String user;

        Database(String kind) {
            if (kind.equals("postgresql")) {
                TestPostgres pg = TestPostgres.create();
                drops.add(pg::drop);
                url = pg.url();
                user = TestPostgres.USER;
            } else {
                try {
                    url = JdbcStore.h2Url(Files.createTempDirectory("userbound-audit-"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                user = null;
            }
        }

        JdbcStore unchained() {
            JdbcStore s = JdbcStore.open(url, user, null, 8);
            open.add(s);
            return s;
        }

        JdbcStore node(String name) {
            return node(name, NEVER);
        }

        JdbcStore node(String name, Duration every) {
            JdbcStore s = unchained();
            s.startAuditChain(KEY, name, every);
            databases.put(s, this);
            return s;
        }

        void sql(String statement, Object... params) {
            try (JdbcStore s = JdbcStore.open(url, user, null, 1);
                    Connection c = s.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(statement)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                assertThat(ps.executeUpdate()).as(statement).isPositive();
            } catch (SQLException e) {
                throw new IllegalStateException(statement, e);
            }
        }

        /** A statement on a plain connection (the database may be of an older version). */
        void sqlWithoutMigrating(String statement) {
            try (Connection c = java.sql.DriverManager.getConnection(url, user, null);
                    PreparedStatement ps = c.prepareStatement(statement)) {
                assertThat(ps.executeUpdate()).as(statement).isPositive();
            } catch (SQLException e) {
                throw new IllegalStateException(statement, e);
            }
        }

        /** The id of the row numbered {@code seq} of the only chain writing {@code table}. */
        String idAt(String table, long seq) {
            try (JdbcStore s = JdbcStore.open(url, user, null, 1);
                    Connection c = s.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE chain_seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("%s row %d", table, seq).isTrue();
                    return rs.getString(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    static LoginHistoryEntry login(Instant at) {
        int counter = COUNTER.incrementAndGet();
        return new LoginHistoryEntry(TestRecords.id(KeyPrefix.LOGIN_HISTORY), "00D000000000001", "005000000000001",
                "user" + counter + "@audit.test", "0H4000000000001", "Sync", "3MVG9key", "ab".repeat(32),
                "203.0.113.9", "https://ub.example/services/oauth2/token", LoginHistoryEntry.REMOTE_ACCESS,
                "JWT Bearer", "agent/1.0", counter % 2 == 0 ? LoginReason.SUCCESS : LoginReason.UNKNOWN_CLIENT,
                "detail " + counter, at);
    }

    static SetupAuditEntry setup(Instant at) {
        int counter = COUNTER.incrementAndGet();
        return new SetupAuditEntry(TestRecords.id(KeyPrefix.SETUP_AUDIT_TRAIL), "00D000000000001", "changedUser",
                "Manage Users", "Changed user " + counter, "005000000000001", "cli", at);
    }

    static void history(JdbcStore store, Instant at) {
        int counter = COUNTER.incrementAndGet();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", TestRecords.id(KeyPrefix.FIELD_HISTORY));
        columns.put("org_id", "00D000000000001");
        columns.put("object_name_lower", "account");
        columns.put("parent_id", "001000000000001");
        columns.put("field", "Name");
        columns.put("data_type", "text");
        columns.put("old_value", "old " + counter);
        columns.put("new_value", "new " + counter);
        columns.put("created_by_id", "005000000000001");
        columns.put("created_date", at.toEpochMilli());
        columns.put("consumer_key", null);
        store.records().insert("field_history", columns);
    }

    /** Five rows in each table, then a checkpoint. */
    static void fill(JdbcStore store) {
        Instant t = TestRecords.T0;
        for (int i = 0; i < 5; i++) {
            store.loginHistory().append(login(t.plusSeconds(i)));
            store.setupAudit().append(setup(t.plusSeconds(i)));
            history(store, t.plusSeconds(i));
        }
        store.checkpointAudit();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenNothingIsTouchedThenTheAuditIsIntact(String kind) {
        JdbcStore store = new Database(kind).node("a");
        fill(store);

        AuditReport report = store.verifyAudit();

        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.rows()).containsEntry("LoginHistory", 5L).containsEntry("SetupAuditTrail", 5L)
                .containsEntry("FieldHistory", 5L);
        assertThat(report.chains()).isOne();
        assertThat(report.checkpoints()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenATransactionRollsBackThenItsNumberIsAGapNotADeletion(String kind) {
        JdbcStore store = new Database(kind).node("a");
        store.setupAudit().append(setup(TestRecords.T0));
        assertThatThrownBy(() -> store.transactions().run(() -> {
            store.setupAudit().append(setup(TestRecords.T0));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        store.setupAudit().append(setup(TestRecords.T0));
        store.checkpointAudit();

        AuditReport report = store.verifyAudit();
        assertThat(report.problems()).isEmpty();
        assertThat(report.checkpoints()).isOne();
        assertThat(report.rows()).containsEntry("SetupAuditTrail", 2L);
        // the gap is the rolled-back number only: the row after it is still guarded
        db(store).sql("DELETE FROM setup_audit WHERE chain_seq = 3");
        assertThat(store.verifyAudit().problems()).singleElement().satisfies(p -> assertThat(p.seq()).isEqualTo(3));
    }

    private final Map<JdbcStore, Database> databases = new java.util.IdentityHashMap<>();

    private Database db(JdbcStore store) {
        return databases.get(store);
    }

    /** A change made in SQL, the table and row it touches, and what verify must call it. */
    record Tamper(String name, String table, long seq, String kind, Function<Database, String> sql) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> tampering() {
        List<Tamper> cases = new ArrayList<>();
        for (String table : List.of("login_history", "setup_audit", "field_history")) {
            String text = switch (table) {
                case "login_history" -> "detail";
                case "setup_audit" -> "display";
                default -> "new_value";
            };
            String time = table.equals("login_history") ? "login_time" : "created_date";
            cases.add(new Tamper(table + ": a text changed", table, 3, "altered",
                    d -> "UPDATE " + table + " SET " + text + " = 'rewritten' WHERE chain_seq = 3"));
            cases.add(new Tamper(table + ": a time moved", table, 2, "altered",
                    d -> "UPDATE " + table + " SET " + time + " = " + time + " - 86400000 WHERE chain_seq = 2"));
            cases.add(new Tamper(table + ": a text cleared", table, 4, "altered",
                    d -> "UPDATE " + table + " SET " + text + " = NULL WHERE chain_seq = 4"));
            // its MAC no longer holds, but first in the chain's order is the number it left empty
            cases.add(new Tamper(table + ": a row moved in its chain", table, 5, "deleted",
                    d -> "UPDATE " + table + " SET chain_seq = 6 WHERE chain_seq = 5"));
            cases.add(new Tamper(table + ": a row deleted", table, 3, "deleted",
                    d -> "DELETE FROM " + table + " WHERE chain_seq = 3"));
            cases.add(new Tamper(table + ": the newest row deleted", table, 5, "deleted",
                    d -> "DELETE FROM " + table + " WHERE chain_seq = 5"));
            cases.add(new Tamper(table + ": the oldest row deleted", table, 1, "deleted",
                    d -> "DELETE FROM " + table + " WHERE chain_seq = 1"));
            // a copy under a new id and without the chain's columns: made up by someone without the key
            cases.add(new Tamper(table + ": a row without a seal inserted", table, 0, "inserted",
                    d -> insertUnsealedCopy(table)));
        }
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("tamperingOnBothDatabases")
    void whenARowIsTamperedWithInSqlThenVerifyNamesIt(Tamper tamper, String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        String id = tamper.seq() > 0 ? db.idAt(tamper.table(), tamper.seq()) : null;
        db.sql(tamper.sql().apply(db));

        AuditReport report = store.verifyAudit();

        assertThat(report.intact()).as(tamper.name()).isFalse();
        AuditReport.Problem first = report.problems().get(0);
        assertThat(first.kind()).as(report.problems().toString()).isEqualTo(tamper.kind());
        assertThat(first.table()).isEqualTo(switch (tamper.table()) {
            case "login_history" -> "LoginHistory";
            case "setup_audit" -> "SetupAuditTrail";
            default -> "FieldHistory";
        });
        if (tamper.kind().equals("altered")) {
            assertThat(first.id()).isEqualTo(id);
        } else if (tamper.kind().equals("deleted")) {
            assertThat(first.seq()).isEqualTo(tamper.seq());
            assertThat(first.detail()).contains("row number " + tamper.seq());
        } else {
            assertThat(first.id()).isEqualTo("0XX000000000TMP");
        }
    }

    /** The highest setup audit row number a checkpoint covers (0 when none does). */
    private static long setupAuditCoveredUpTo(JdbcStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT MAX(seq_upto) FROM audit_checkpoints WHERE source = 'SETUP_AUDIT'");
                java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The report names exactly one problem, of this kind, at this number. */
    static void assertOnlyProblem(AuditReport report, String kind, long seq) {
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.seq()).isEqualTo(seq);
        });
    }

    static Stream<Arguments> tamperingOnBothDatabases() {
        return tampering().flatMap(a -> Stream.of(Arguments.of(a.get()[0], "h2"),
                Arguments.of(a.get()[0], "postgresql")));
    }

    private static String insertUnsealedCopy(String table) {
        List<String> columns = new ArrayList<>(switch (table) {
            case "login_history" -> AuditSource.LOGIN_HISTORY.columns();
            case "setup_audit" -> AuditSource.SETUP_AUDIT.columns();
            default -> AuditSource.FIELD_HISTORY.columns();
        });
        List<String> select = new ArrayList<>(columns);
        select.set(0, "'0XX000000000TMP'");
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + String.join(", ", select)
                + " FROM " + table + " WHERE chain_seq = 2";
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenACopyOfASealedRowIsInsertedUnderItsNumberThenItIsInserted(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        List<String> columns = new ArrayList<>(AuditSource.SETUP_AUDIT.columns());
        List<String> select = new ArrayList<>(columns);
        select.set(0, "'0YmFORGED000001'");
        db.sql("INSERT INTO setup_audit (" + String.join(", ", columns) + ", chain_id, chain_seq, chain_mac) SELECT "
                + String.join(", ", select) + ", chain_id, chain_seq, chain_mac FROM setup_audit WHERE chain_seq = 3");

        AuditReport report = store.verifyAudit();

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("inserted");
            assertThat(p.id()).isEqualTo("0YmFORGED000001");
            assertThat(p.seq()).isEqualTo(3);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenACheckpointIsDeletedOrAlteredThenVerifySaysSo(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        fill(store);
        fill(store);
        db.sql("DELETE FROM audit_checkpoints WHERE source = 'LOGIN_HISTORY' AND ordinal = 2");
        db.sql("UPDATE audit_checkpoints SET seq_upto = 1 WHERE source = 'SETUP_AUDIT' AND ordinal = 1");

        AuditReport report = store.verifyAudit();

        assertThat(report.problems()).extracting(AuditReport.Problem::kind, AuditReport.Problem::table,
                AuditReport.Problem::seq).contains(
                        org.assertj.core.groups.Tuple.tuple("deleted", "AuditCheckpoint", 2L),
                        org.assertj.core.groups.Tuple.tuple("altered", "AuditCheckpoint", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenTheChainsRecordIsDeletedThenEveryRowOfItIsReported(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        db.sql("DELETE FROM audit_chains");

        AuditReport report = store.verifyAudit();

        assertThat(report.problemCount()).isEqualTo(1 + 15);
        assertThat(report.problems()).filteredOn(p -> p.table().equals("AuditChain")).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo("deleted"));
        assertThat(report.problems()).filteredOn(p -> !p.table().equals("AuditChain"))
                .allSatisfy(p -> assertThat(p.detail()).contains("not registered"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenOldLoginHistoryIsPurgedThenTheRestStaysVerifiableAndADeletionAmongItIsStillSeen(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        for (int i = 0; i < 5; i++) {
            store.loginHistory().append(login(TestRecords.T0.plus(Duration.ofDays(30)).plusSeconds(i)));
        }
        store.checkpointAudit();

        assertThat(store.loginHistory().purgeOlderThan(TestRecords.T0.plus(Duration.ofDays(1)), 3)).isEqualTo(3);
        assertThat(store.loginHistory().purgeOlderThan(TestRecords.T0.plus(Duration.ofDays(1)), 100)).isEqualTo(2);
        AuditReport afterPurge = store.verifyAudit();
        assertThat(afterPurge.problems()).isEmpty();
        assertThat(afterPurge.purges()).isEqualTo(2);
        assertThat(afterPurge.rows()).containsEntry("LoginHistory", 5L);

        db.sql("DELETE FROM login_history WHERE chain_seq = 8");
        assertThat(store.verifyAudit().problems()).singleElement()
                .satisfies(p -> assertThat(p.seq()).isEqualTo(8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenAPurgeRecordIsMadeUpThenVerifySaysSo(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        fill(store);
        db.sql("INSERT INTO audit_purges (id, source, chain_id, seq_upto, seqs, deleted, purged_before, created_at, "
                + "mac) SELECT 'forged', 'LOGIN_HISTORY', chain_id, 5, '1-5', 5, 0, 0, mac FROM audit_chains");
        db.sql("DELETE FROM login_history WHERE chain_seq <= 5");

        AuditReport report = store.verifyAudit();

        assertThat(report.problems()).extracting(AuditReport.Problem::table).contains("AuditPurge", "LoginHistory");
        assertThat(report.problemCount()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenRowsPredateTheChainThenTheUpgradeAdoptsThemAndLaterOnesAreReported(String kind) {
        Database db = new Database(kind);
        // a database of the version before the chain, with a row in each audit table
        org.flywaydb.core.Flyway.configure(JdbcStore.class.getClassLoader()).dataSource(db.url, db.user, null)
                .locations("classpath:db/migration").target("8").load().migrate();
        db.sqlWithoutMigrating("INSERT INTO login_history (id, reason, login_time) VALUES ('0Ya000000000OLD', "
                + "'SUCCESS', 1)");
        db.sqlWithoutMigrating("INSERT INTO setup_audit (id, org_id, action, created_date) VALUES ('0Ym000000000OLD', "
                + "'00D000000000001', 'old', 1)");
        db.sqlWithoutMigrating("INSERT INTO field_history (id, org_id, object_name_lower, parent_id, field, "
                + "data_type, created_by_id, created_date) VALUES ('017000000000OLD', '00D000000000001', 'account', "
                + "'001000000000001', 'Name', 'text', '005000000000001', 1)");

        JdbcStore upgraded = db.node("a");
        upgraded.checkpointAudit();
        AuditReport report = upgraded.verifyAudit();
        assertThat(report.problems()).isEmpty();
        assertThat(report.rows()).containsEntry("LoginHistory", 1L).containsEntry("SetupAuditTrail", 1L)
                .containsEntry("FieldHistory", 1L);

        // later rows without a chain (a store that never started one, or SQL) are not adopted by the next start
        db.unchained().setupAudit().append(setup(TestRecords.T0));
        JdbcStore next = db.node("b");
        assertThat(next.verifyAudit().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("inserted");
            assertThat(p.detail()).contains("no chain seal");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenEveryChainRecordIsWipedThenTheNextStartDoesNotLaunderTheRows(String kind) {
        Database db = new Database(kind);
        fill(db.node("a"));
        db.sql("DELETE FROM audit_checkpoints");
        db.sql("DELETE FROM audit_chains");
        db.sql("UPDATE setup_audit SET chain_id = NULL, chain_seq = NULL, chain_mac = NULL");
        db.sql("UPDATE setup_audit SET display = 'rewritten' WHERE id IN (SELECT MIN(id) FROM setup_audit)");

        JdbcStore next = db.node("b");

        assertThat(next.verifyAudit().problems()).filteredOn(p -> p.table().equals("SetupAuditTrail"))
                .hasSize(5).allSatisfy(p -> assertThat(p.kind()).isEqualTo("inserted"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenAStoppedChainsCheckpointsAreDeletedAfterAnotherStartedThenTheWitnessSaysSo(String kind) {
        Database db = new Database(kind);
        JdbcStore first = db.node("a");
        fill(first);
        first.close();
        open.remove(first);
        JdbcStore second = db.node("b");
        db.sql("DELETE FROM audit_checkpoints WHERE chain_id <> (SELECT chain_id FROM audit_chains WHERE node = 'b')");
        db.sql("DELETE FROM login_history WHERE chain_seq = 3");

        AuditReport report = second.verifyAudit();

        assertThat(report.problems()).extracting(AuditReport.Problem::kind, AuditReport.Problem::table)
                .contains(org.assertj.core.groups.Tuple.tuple("deleted", "AuditCheckpoint"));
        assertThat(report.problems()).filteredOn(p -> p.table().equals("AuditCheckpoint")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenARowIsDeletedBeforeItsFirstCheckpointThenTheCheckpointRecordsItAsLost(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        store.setupAudit().append(setup(TestRecords.T0));
        store.setupAudit().append(setup(TestRecords.T0));
        db.sql("DELETE FROM setup_audit WHERE chain_seq = 1");
        store.checkpointAudit();

        assertThat(store.verifyAudit().problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("deleted");
            assertThat(p.table()).isEqualTo("SetupAuditTrail");
            assertThat(p.seq()).isEqualTo(1);
            assertThat(p.detail()).contains("committed and gone before checkpoint 1");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenARowsTimeIsRewrittenToHaveItPurgedThenThePurgeKeepsItAndVerifySaysAltered(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        for (int i = 0; i < 5; i++) {
            store.loginHistory().append(login(TestRecords.T0.plus(Duration.ofDays(30))));
        }
        store.checkpointAudit();
        String target = db.idAt("login_history", 4);
        db.sql("UPDATE login_history SET login_time = 0 WHERE chain_seq = 4");

        assertThat(store.loginHistory().purgeOlderThan(TestRecords.T0, 100)).isZero();
        AuditReport report = store.verifyAudit();

        assertThat(report.purges()).isZero();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("altered");
            assertThat(p.id()).isEqualTo(target);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenThePurgeSkipsANumberThenThatRowIsStillGuarded(String kind) {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        // number 2 is the newest row by time: a purge by time takes 1 and 3, not 2
        store.loginHistory().append(login(TestRecords.T0));
        store.loginHistory().append(login(TestRecords.T0.plus(Duration.ofDays(30))));
        store.loginHistory().append(login(TestRecords.T0.plusSeconds(1)));
        store.checkpointAudit();
        assertThat(store.loginHistory().purgeOlderThan(TestRecords.T0.plus(Duration.ofDays(1)), 100)).isEqualTo(2);
        assertThat(store.verifyAudit().problems()).isEmpty();

        db.sql("DELETE FROM login_history WHERE chain_seq = 2");

        assertThat(store.verifyAudit().problems()).singleElement().satisfies(p -> assertThat(p.seq()).isEqualTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void whenTheCheckpointThreadRunsThenRowsAreCoveredWithoutAnyoneAsking(String kind) throws Exception {
        Database db = new Database(kind);
        JdbcStore store = db.node("a", Duration.ofMillis(100));
        store.setupAudit().append(setup(TestRecords.T0));
        store.setupAudit().append(setup(TestRecords.T0));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // the thread may checkpoint between the two appends: wait until a checkpoint covers both rows
        while (setupAuditCoveredUpTo(store) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.verifyAudit().checkpoints()).isPositive();
        assertThat(setupAuditCoveredUpTo(store)).isEqualTo(2);

        db.sql("DELETE FROM setup_audit WHERE chain_seq = 2");

        assertOnlyProblem(store.verifyAudit(), "deleted", 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenTwoNodesWriteAtOnceThenEachHasItsChainAndTamperingWithEitherIsSeen(String kind) throws Exception {
        Database db = new Database(kind);
        JdbcStore a = db.node("a");
        JdbcStore b = db.node("b");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcStore s = t % 2 == 0 ? a : b;
                writes.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        s.loginHistory().append(login(TestRecords.T0.plusMillis(i)));
                        s.setupAudit().append(setup(TestRecords.T0.plusMillis(i)));
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        } finally {
            threads.shutdownNow();
        }
        a.checkpointAudit();
        b.checkpointAudit();
        AuditReport report = a.verifyAudit();
        assertThat(report.problems()).isEmpty();
        assertThat(report.rows()).containsEntry("LoginHistory", 200L).containsEntry("SetupAuditTrail", 200L);
        assertThat(report.chains()).isEqualTo(2);

        db.sql("DELETE FROM login_history WHERE id IN (SELECT id FROM login_history WHERE chain_seq = 50)");
        AuditReport tampered = b.verifyAudit();
        assertThat(tampered.problems()).hasSize(2).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo("deleted");
            assertThat(p.seq()).isEqualTo(50);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void whenTheStoreClosesThenItsLastRowsAreCheckpointed(String kind) throws SQLException {
        Database db = new Database(kind);
        JdbcStore store = db.node("a");
        store.setupAudit().append(setup(TestRecords.T0));
        store.setupAudit().append(setup(TestRecords.T0));
        store.close();
        open.remove(store);

        db.sql("DELETE FROM setup_audit WHERE chain_seq = 2");
        JdbcStore next = db.node("a");
        assertOnlyProblem(next.verifyAudit(), "deleted", 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void whenTheKeyIsAnotherThenNoRowVerifies(String kind) {
        Database db = new Database(kind);
        fill(db.node("a"));
        JdbcStore other = db.unchained();
        other.startAuditChain(AuditChain.keyFrom("another-pepper".getBytes(StandardCharsets.UTF_8)), "x", NEVER);

        AuditReport report = other.verifyAudit();

        // the first chain's record fails, so every row of it names a chain that is not (validly) registered
        assertThat(report.problemCount()).isEqualTo(1 + 15);
        assertThat(report.problems().get(0).kind()).isEqualTo("altered");
    }
}
