package io.userbound.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.it.CrashLedger.IssuedToken;
import io.userbound.it.CrashLedger.RecordState;
import io.userbound.it.CrashLedger.ToggleState;
import io.userbound.it.MixedWriteLoad.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash half of the fault harness (issue 11): the real server in its own JVM, under a mixed write load, is killed
 * with {@code SIGKILL} five times per store and started again on the same data. After each kill, with the node down,
 * the database itself must hold every acknowledged effect (token rows, revocations, used {@code jti}s, LoginHistory
 * rows paired with tokens, deactivations, permission changes and their audit rows); after each restart the server
 * must honour them (tokens work or stay dead, used assertions are refused, records and their field history are there,
 * a reactivated user gets no old token back). Whatever was in flight may have happened or not, but never in part.
 */
class CrashRecoveryTest {
    static final int ROUNDS = 5;
    static final int WORKERS = 4;
    static final int VICTIMS = 100;
    static final int REPLAYS_PER_ROUND = 20;

    /** The stores to run on: both, or those {@code -Duserbound.it.fault.stores=h2,postgres} names. */
    static List<String> stores() {
        return List.of(System.getProperty("userbound.it.fault.stores", "h2,postgres").split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void whenTheServerIsKilledUnderMixedLoadThenEveryAcknowledgedEffectHolds(String kind) throws Exception {
        try (FaultStore store = FaultStore.create(kind)) {
            int port = Node.freePort();
            Node node = Node.start("crash", store.dataDir(), port, store.serverArgs());
            try {
                RestClient admin = node.admin();
                CrashLedger ledger = new CrashLedger();
                MixedWriteLoad.Fixture fixture = setUp(node, admin);
                fixture.toggles().forEach(t -> ledger.toggles.put(t.permissionSet, t));
                MixedWriteLoad load = new MixedWriteLoad(fixture, ledger);
                Set<String> lost = new LinkedHashSet<>();
                List<Duration> restarts = new ArrayList<>();
                Random random = new Random(7);
                int checked = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    String adminToken = adminToken(store.dataDir(), node.url());
                    int before = ledger.acknowledged();
                    load.start(round, adminToken);
                    Node.sleep(1200 + random.nextInt(1300));
                    node.kill();
                    load.stop();
                    List<String> roundLost = new ArrayList<>();
                    try (Connection c = store.connect()) {
                        checked += checkOnDisk(c, ledger, load, roundLost);
                    }
                    node = Node.start("crash", store.dataDir(), port, store.serverArgs());
                    restarts.add(node.startedIn);
                    checked += checkThroughTheServer(node, admin, ledger, load, round, roundLost);
                    roundLost.removeAll(lost);
                    System.out.printf("[crash %s] round %d: %d writes acknowledged (%d grants, %d creates, %d updates,"
                            + " %d deletes, %d revocations, %d deactivations, %d permission changes so far), %d "
                            + "unanswered, restart to ready %d ms, newly lost %d%n", store.name(), round,
                            ledger.acknowledged() - before, ledger.grants.get(), ledger.creates.get(),
                            ledger.updates.get(), ledger.deletes.get(), ledger.revocations.get(),
                            ledger.deactivations.get(), ledger.permissionChanges.get(), ledger.unanswered.get(),
                            node.startedIn.toMillis(), roundLost.size());
                    Map<String, String> examples = new HashMap<>();
                    lostByKind(roundLost, examples).forEach((k, n) -> System.out.printf(
                            "[crash]   lost %d x %s (for example: %s)%n", n, k, examples.get(k)));
                    lost.addAll(roundLost);
                }
                System.out.printf("[crash %s] %d rounds, %d acknowledged writes, %d checks, lost %d; restarts to ready"
                        + " %s ms%n", store.name(), ROUNDS, ledger.acknowledged(), checked, lost.size(),
                        restarts.stream().map(d -> Long.toString(d.toMillis())).collect(Collectors.joining(", ")));
                assertThat(ledger.unexpected).as("replies other than success while the server ran").isEmpty();
                assertThat(ledger.acknowledged()).as("acknowledged writes").isGreaterThan(ROUNDS * 100);
                assertThat(ledger.deactivations.get()).as("deactivations acknowledged").isPositive();
                assertThat(ledger.permissionChanges.get()).as("permission changes acknowledged").isPositive();
                assertThat(lost).as("acknowledged effects lost").isEmpty();
            } finally {
                node.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- checks on disk

    /**
     * With the node dead: every acknowledged effect is in the database, and nothing is half-written (each token row
     * has its success LoginHistory row and its used {@code jti}). Settles what was in flight to what the database
     * holds, so later rounds know the state exactly.
     *
     * @return the number of checks made
     */
    private static int checkOnDisk(Connection c, CrashLedger ledger, MixedWriteLoad load, List<String> lost)
            throws SQLException {
        int checks = 0;
        Map<String, Boolean> tokenRevoked = new HashMap<>();
        Map<String, Integer> tokensPerUser = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, revoked_at FROM access_tokens");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                rs.getLong(3);
                tokenRevoked.put(id, !rs.wasNull());
                tokensPerUser.merge(rs.getString(2), 1, Integer::sum);
            }
        }
        Set<String> usedJtis = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT jti FROM used_jtis"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                usedJtis.add(rs.getString(1));
            }
        }
        for (IssuedToken t : ledger.tokens) {
            checks += 2;
            Boolean revoked = tokenRevoked.get(t.rowId());
            if (revoked == null) {
                lost.add("token row " + t.rowId() + " (round " + t.round() + ")");
            } else if (ledger.revoked.contains(t.token()) && !revoked) {
                lost.add("revocation of token " + t.rowId() + " (round " + t.round() + ")");
            }
            if (!usedJtis.contains(t.jti())) {
                lost.add("used jti " + t.jti() + " (round " + t.round() + ")");
            }
        }
        for (String maybe : new ArrayList<>(load.maybeRevoked())) {
            String rowId = new IssuedToken(maybe, null, null, null, null, 0).rowId();
            if (Boolean.TRUE.equals(tokenRevoked.get(rowId))) {
                ledger.revoked.add(maybe);
            }
            load.maybeRevoked().remove(maybe);
        }
        Map<String, Integer> successesPerUser = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, COUNT(*) FROM login_history WHERE reason = 'SUCCESS' GROUP BY user_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                successesPerUser.put(rs.getString(1), rs.getInt(2));
            }
        }
        checks++;
        if (!successesPerUser.equals(tokensPerUser)) {
            Set<String> users = new HashSet<>(successesPerUser.keySet());
            users.addAll(tokensPerUser.keySet());
            for (String u : users) {
                if (!java.util.Objects.equals(successesPerUser.get(u), tokensPerUser.get(u))) {
                    lost.add("half-written grants of user " + u + ": " + tokensPerUser.get(u) + " token rows, "
                            + successesPerUser.get(u) + " success LoginHistory rows");
                }
            }
        }
        Map<String, Boolean> active = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, active FROM users");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                active.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        Map<String, Integer> deactivationRows = auditRows(c, "deactivateduser", "Changed user %");
        for (Map.Entry<String, String> d : ledger.deactivated.entrySet()) {
            checks += 2;
            if (!ledger.reactivated.contains(d.getKey()) && !Boolean.FALSE.equals(active.get(d.getKey()))) {
                lost.add("deactivation of " + d.getValue());
            }
            String display = "Changed user " + d.getValue() + ": deactivated";
            int rows = deactivationRows.entrySet().stream().filter(e -> e.getKey().equals(display)
                    || e.getKey().startsWith(display + "; ")).mapToInt(Map.Entry::getValue).sum();
            if (rows != 1) {
                lost.add("audit row of the deactivation of " + d.getValue());
            }
        }
        for (Map.Entry<String, String> maybe : new ArrayList<>(ledger.maybeDeactivated.entrySet())) {
            if (Boolean.FALSE.equals(active.get(maybe.getKey()))) {
                ledger.deactivated.put(maybe.getKey(), maybe.getValue());
            }
            ledger.maybeDeactivated.remove(maybe.getKey());
        }
        // deactivation is revocation: the user's tokens were revoked in the deactivation's own transaction
        for (IssuedToken t : ledger.tokens) {
            if (ledger.deactivated.containsKey(t.userId())) {
                checks++;
                if (!Boolean.TRUE.equals(tokenRevoked.get(t.rowId()))) {
                    lost.add("revocation of token " + t.rowId() + " of deactivated user " + t.userId());
                }
            }
        }
        Map<String, Integer> permissionRows = auditRows(c, "PermSetObjectAccessChange", "Permission set %");
        for (ToggleState t : ledger.toggles.values()) {
            checks += 2;
            Boolean create = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT can_create FROM object_permissions "
                    + "WHERE parent_id = ? AND object_name_lower = 'account'")) {
                ps.setString(1, t.permissionSetId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        create = rs.getBoolean(1);
                    }
                }
            }
            if (create == null || (create != t.ackedCreate && !create.equals(t.pending))) {
                lost.add("permission change of " + t.permissionSet + ": create is " + create + ", acknowledged "
                        + t.ackedCreate + (t.pending == null ? "" : ", in flight " + t.pending));
            }
            int rows = permissionRows.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("Permission set " + t.permissionSet + ":"))
                    .mapToInt(Map.Entry::getValue).sum();
            // one row at set-up, one per acknowledged change, at most one more per change in flight
            int expected = 1 + t.acked.get();
            if (rows < expected || rows > expected + t.unanswered.get()) {
                lost.add("audit rows of " + t.permissionSet + ": " + rows + ", expected " + expected
                        + (t.unanswered.get() == 0 ? "" : " to " + (expected + t.unanswered.get())));
            }
            if (create != null) {
                t.ackedCreate = create;
            }
            t.pending = null;
            t.acked.set(rows - 1);
            t.unanswered.set(0);
        }
        return checks;
    }

    /** Audit rows of {@code action} whose display matches {@code displayLike}, counted per display. */
    private static Map<String, Integer> auditRows(Connection c, String action, String displayLike)
            throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT display, COUNT(*) FROM setup_audit WHERE action = ? AND display LIKE ? GROUP BY display")) {
            ps.setString(1, action);
            ps.setString(2, displayLike);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------------------- checks through the server

    /**
     * After the restart: live tokens work and dead ones stay dead, assertions already used are refused, every
     * acknowledged record is there with its value and field history, and reactivating a deactivated user brings none
     * of the user's old tokens back.
     *
     * @return the number of checks made
     */
    private static int checkThroughTheServer(Node node, RestClient admin, CrashLedger ledger, MixedWriteLoad load,
            int round, List<String> lost) throws IOException {
        int checks = 0;
        for (IssuedToken t : ledger.liveTokens()) {
            if (load.maybeRevoked().contains(t.token())) {
                continue;
            }
            checks++;
            int status = node.get("/services/oauth2/userinfo", t.token()).statusCode();
            if (status != 200) {
                lost.add("token " + t.rowId() + " of round " + t.round() + " answers " + status);
            }
        }
        for (IssuedToken t : ledger.deadTokens()) {
            checks++;
            int status = node.get("/services/oauth2/userinfo", t.token()).statusCode();
            if (status != 401) {
                lost.add((ledger.revoked.contains(t.token()) ? "revoked" : "deactivated user's") + " token "
                        + t.rowId() + " of round " + t.round() + " answers " + status);
            }
        }
        List<IssuedToken> thisRound = ledger.liveTokens().stream().filter(t -> t.round() == round)
                .collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(thisRound, new Random(round));
        for (IssuedToken t : thisRound.subList(0, Math.min(REPLAYS_PER_ROUND, thisRound.size()))) {
            checks++;
            HttpResponse<String> r = node.postForm("/services/oauth2/token", t.form());
            JsonNode body = MixedWriteLoad.json(r);
            if (r.statusCode() != 400 || body == null || !"invalid_grant".equals(body.path("error").asText())) {
                lost.add("replayed assertion " + t.jti() + " answers " + r.statusCode() + " " + r.body());
            }
        }
        checks += checkRecords(admin, ledger, lost);
        checks += reactivate(node, admin, ledger, lost);
        return checks;
    }

    private static int checkRecords(RestClient admin, CrashLedger ledger, List<String> lost) {
        Map<String, BigDecimal> present = new HashMap<>();
        for (JsonNode r : queryAll(admin, "SELECT Id, Amount__c FROM Crash__c")) {
            present.put(r.get("Id").asText(), r.get("Amount__c").decimalValue());
        }
        Map<String, List<JsonNode>> history = new HashMap<>();
        for (JsonNode h : queryAll(admin,
                "SELECT ParentId, Field, NewValue, CreatedDate FROM Crash__History ORDER BY CreatedDate, Id")) {
            history.computeIfAbsent(h.get("ParentId").asText(), k -> new ArrayList<>()).add(h);
        }
        int checks = 0;
        for (RecordState s : ledger.records.values()) {
            checks++;
            BigDecimal value = present.get(s.id);
            List<JsonNode> rows = history.getOrDefault(s.id, List.of());
            Set<String> fields = rows.stream().map(h -> h.get("Field").asText()).collect(Collectors.toSet());
            if (!fields.contains("created")) {
                lost.add("history row 'created' of record " + s.id);
            }
            if (s.deleted || s.deletePending) {
                if (s.deleted && value != null) {
                    lost.add("delete of record " + s.id + ": it is still there");
                }
                if (value == null && !fields.contains("deleted")) {
                    lost.add("history row 'deleted' of record " + s.id);
                }
                if (value == null) {
                    s.deleted = true;
                }
                s.deletePending = false;
                continue;
            }
            if (value == null) {
                lost.add("record " + s.id);
                continue;
            }
            if (!s.mayHold(value.longValueExact())) {
                lost.add("value of record " + s.id + ": " + value + ", acknowledged " + s.acked
                        + (s.pending == null ? "" : ", in flight " + s.pending));
            }
            List<String> newValues = rows.stream().filter(h -> h.get("Field").asText().equals("Amount__c"))
                    .map(h -> h.get("NewValue").asText()).toList();
            for (long v : s.ackedUpdates) {
                checks++;
                if (newValues.stream().noneMatch(n -> new BigDecimal(n).longValueExact() == v)) {
                    lost.add("history row of update to " + v + " of record " + s.id);
                }
            }
            long expectedLast = newValues.isEmpty() ? s.created
                    : new BigDecimal(newValues.get(newValues.size() - 1)).longValueExact();
            if (expectedLast != value.longValueExact()) {
                lost.add("half-written update of record " + s.id + ": value " + value + ", last history "
                        + expectedLast);
            }
            s.acked = value.longValueExact();
            s.pending = null;
        }
        return checks;
    }

    /** Reactivates up to three deactivated users: their old tokens must stay refused. */
    private static int reactivate(Node node, RestClient admin, CrashLedger ledger, List<String> lost) {
        int checks = 0;
        List<String> candidates = ledger.deactivated.keySet().stream().filter(u -> !ledger.reactivated.contains(u))
                .limit(3).toList();
        for (String userId : candidates) {
            admin.patch("sobjects/User/" + userId, Map.of("IsActive", true));
            ledger.reactivated.add(userId);
            for (IssuedToken t : ledger.tokens) {
                if (t.userId().equals(userId)) {
                    checks++;
                    int status = node.get("/services/oauth2/userinfo", t.token()).statusCode();
                    if (status != 401) {
                        lost.add("token " + t.rowId() + " of deactivated user " + userId + " works again after "
                                + "reactivation (" + status + ")");
                    }
                }
            }
        }
        return checks;
    }

    /** Lost effects grouped by kind (their text without ids and values), for the round's report. */
    private static Map<String, Integer> lostByKind(List<String> lost, Map<String, String> examples) {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (String l : lost) {
            String kind = l.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<jti>").replaceAll("\\b[0-9A-Za-z]{18}\\b", "<id>")
                    .replaceAll("\\b\\d+\\b", "<n>");
            kinds.merge(kind, 1, Integer::sum);
            examples.putIfAbsent(kind, l.length() > 300 ? l.substring(0, 300) + "..." : l);
        }
        return kinds;
    }

    /** Every row of a SOQL query, following {@code nextRecordsUrl}. */
    static List<JsonNode> queryAll(RestClient client, String soql) {
        List<JsonNode> rows = new ArrayList<>();
        JsonNode page = client.get("query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
        while (true) {
            page.get("records").forEach(rows::add);
            if (page.path("done").asBoolean(true) || !page.hasNonNull("nextRecordsUrl")) {
                return rows;
            }
            page = client.get(page.get("nextRecordsUrl").asText());
        }
    }

    // ---------------------------------------------------------------------------------------------------- set-up

    /** A fresh admin token for the load's admin changes (each round, so each restart starts cold). */
    private static String adminToken(Path dataDir, String baseUrl) throws IOException {
        JsonNode profile = TestServer.JSON.readTree(dataDir.resolve("cli-profile.json").toFile());
        return JwtBearerTokenSource.builder().loginUrl(baseUrl).clientId(profile.get("consumerKey").asText())
                .username(profile.get("username").asText())
                .privateKey(PemKeys.readPrivateKey(Path.of(profile.get("keyFile").asText()), null)).build()
                .token().accessToken();
    }

    /** A tracked custom object, an app granted through a permission set, workers, toggled sets and victims. */
    private static MixedWriteLoad.Fixture setUp(Node node, RestClient admin) {
        admin.post("userbound/objects", Map.of("Name", "Crash__c", "Label", "Crash", "SharingModel",
                "public-read-write"));
        admin.post("userbound/objects/Crash__c/fields", Map.of("Name", "Amount__c", "Type", "number"));
        admin.patch("userbound/objects/Crash__c/fields/Amount__c", Map.of("TrackHistory", true));
        KeyAndCertificate keys = SelfSignedCertificates.create("CN=crash", 30);
        JsonNode app = admin.post("sobjects/ConnectedApplication", Map.of("Name", "Crash", "Certificate",
                PemKeys.toPem(keys.certificate()), "JtiRequired", true));
        JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", "Crash_Api", "PermissionsApiEnabled", true));
        String psId = ps.get("id").asText();
        admin.put("userbound/permissionSets/Crash_Api/objectPermissions/Crash__c", Map.of("PermissionsRead", true,
                "PermissionsCreate", true, "PermissionsEdit", true, "PermissionsDelete", true));
        admin.put("userbound/permissionSets/Crash_Api/fieldPermissions/Crash__c/Amount__c",
                Map.of("PermissionsRead", true, "PermissionsEdit", true));
        admin.post("sobjects/SetupEntityAccess", Map.of("ParentId", psId, "SetupEntityId", app.get("id").asText()));
        List<Account> workers = new ArrayList<>();
        List<ToggleState> toggles = new ArrayList<>();
        for (int k = 0; k < WORKERS; k++) {
            workers.add(user(admin, "crash-w" + k, psId));
            String name = "Crash_Toggle_" + k;
            String toggleId = admin.post("sobjects/PermissionSet", Map.of("Name", name)).get("id").asText();
            admin.put("userbound/permissionSets/" + name + "/objectPermissions/Account",
                    Map.of("PermissionsRead", true));
            toggles.add(new ToggleState(name, toggleId));
        }
        ConcurrentLinkedQueue<Account> victims = new ConcurrentLinkedQueue<>();
        for (int k = 0; k < VICTIMS; k++) {
            victims.add(user(admin, "crash-v" + k, psId));
        }
        return new MixedWriteLoad.Fixture(node.url(), app.get("id").asText(), app.get("consumerKey").asText(),
                keys.privateKey(), workers, toggles, victims);
    }

    private static Account user(RestClient admin, String prefix, String permissionSetId) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@crash.test";
        String id = admin.post("sobjects/User", Map.of("Username", username, "LastName", prefix, "UserType",
                "integration")).get("id").asText();
        admin.post("sobjects/PermissionSetAssignment", Map.of("AssigneeId", id, "PermissionSetId", permissionSetId));
        return new Account(id, username);
    }
}
