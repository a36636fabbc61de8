package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET userbound/audit/verify} over real HTTP on a running server (issue 12, part 3): the server's own traffic
 * (token requests, admin changes, tracked field changes) verifies as intact; a row of each audit table changed,
 * deleted or inserted in SQL is named; and the check needs View Setup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditVerifyHttpTest {
    static final String V = "/services/data/v66.0/";
    static final String VERIFY = V + "userbound/audit/verify";

    TestServer t;
    String admin;

    @BeforeAll
    void start() throws java.io.IOException {
        t = new TestServer(java.nio.file.Files.createTempDirectory("userbound-audit-http"));
        admin = t.adminToken();
        t.expect("PATCH", V + "userbound/objects/Account/fields/AccountNumber", admin, Map.of("TrackHistory", true),
                204);
        String account = t.expect("POST", V + "sobjects/Account", admin, Map.of("Name", "Audited",
                "AccountNumber", "A-1"), 201).get("id").asText();
        t.expect("PATCH", V + "sobjects/Account/" + account, admin, Map.of("AccountNumber", "A-2"), 204);
        t.postForm("/services/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", "nobody"));
    }

    @AfterAll
    void stop() {
        t.close();
    }

    private int count(String table) throws SQLException {
        try (Connection c = t.server.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String sql(String statement) throws SQLException {
        try (Connection c = t.server.store().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            if (statement.startsWith("SELECT")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
            assertThat(ps.executeUpdate()).as(statement).isPositive();
            return null;
        }
    }

    @Test
    void whenTheServersOwnTrafficIsCheckedThenTheAuditIsIntactAndThenEachTamperingIsNamed() throws Exception {
        t.server.store().checkpointAudit();
        JsonNode intact = t.expect("GET", VERIFY, admin, null, 200);
        assertThat(intact.get("problems")).as(intact.toString()).isEmpty();
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("rows").get("LoginHistory").asInt()).isEqualTo(count("login_history")).isPositive();
        assertThat(intact.get("rows").get("SetupAuditTrail").asInt()).isEqualTo(count("setup_audit")).isPositive();
        assertThat(intact.get("rows").get("FieldHistory").asInt()).isEqualTo(count("field_history")).isPositive();

        String refused = sql("SELECT id FROM login_history WHERE reason <> 'SUCCESS' ORDER BY chain_seq");
        sql("UPDATE login_history SET reason = 'SUCCESS' WHERE id = '" + refused + "'");
        String deleted = sql("SELECT chain_seq FROM setup_audit ORDER BY chain_seq");
        sql("DELETE FROM setup_audit WHERE chain_seq = " + deleted);
        sql("INSERT INTO field_history (id, org_id, object_name_lower, parent_id, field, data_type, old_value, "
                + "new_value, created_by_id, created_date) SELECT '017FORGED000001', org_id, object_name_lower, "
                + "parent_id, field, data_type, new_value, 'forged', created_by_id, created_date FROM field_history "
                + "WHERE chain_seq = (SELECT MAX(chain_seq) FROM field_history)");

        JsonNode found = t.expect("GET", VERIFY, admin, null, 200);

        assertThat(found.get("intact").asBoolean()).isFalse();
        assertThat(found.get("problemCount").asInt()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        found.get("problems").forEach(p -> seen.add(p.get("kind").asText() + " " + p.get("table").asText() + " "
                + (p.get("id").isNull() ? "#" + p.get("seq").asLong() : p.get("id").asText())));
        assertThat(seen).containsExactly("altered LoginHistory " + refused, "deleted SetupAuditTrail #" + deleted,
                "inserted FieldHistory 017FORGED000001");
    }

    @Test
    void whenTheCallerLacksViewSetupThenTheCheckIsRefused() {
        String userId = t.expect("POST", V + "sobjects/User", admin, Map.of("Username", "plain@audit.test",
                "LastName", "Plain", "UserType", "integration"), 201).get("id").asText();
        String ps = t.expect("POST", V + "sobjects/PermissionSet", admin, Map.of("Name", "Api_Only",
                "PermissionsApiEnabled", true), 201).get("id").asText();
        t.expect("POST", V + "sobjects/PermissionSetAssignment", admin, Map.of("AssigneeId", userId,
                "PermissionSetId", ps), 201);
        t.expect("POST", V + "sobjects/SetupEntityAccess", admin, Map.of("ParentId", ps, "SetupEntityId",
                t.server.bootstrapResult().cliAppId()), 201);

        HttpResponse<String> r = t.get(VERIFY, t.token("plain@audit.test"));

        TestServer.assertRestError(r, 403, "INSUFFICIENT_ACCESS");
        assertThat(r.body()).contains("ViewSetup");
    }
}
