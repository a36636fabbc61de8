package io.userbound.server;

import static io.userbound.server.TestServer.assertOAuthError;
import static io.userbound.server.TestServer.assertRestError;
import static io.userbound.server.TestServer.json;
import static io.userbound.server.TestServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.protocol.SalesforceId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin surface of docs/admin-api.md over real HTTP. */
class AdminHttpTest {
    static final String S = "/services/data/v66.0/sobjects/";

    @TempDir
    static Path dir;
    static TestServer t;
    static String adminToken;
    static String org;
    static String plainToken;
    static String plainUserId;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        adminToken = t.adminToken();
        org = t.server.bootstrapResult().orgId();
        // a plain API user who may use the CLI app: Standard User profile, app granted to that profile
        plainUserId = t.createStandardUser(adminToken, "plain@acme.test", "Plain");
        plainToken = t.token("plain@acme.test");
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void whenAdminCreatesReadsAndUpdatesUserThenEachStepWorksAndIsAudited() {
        int audits = auditCount();
        HttpResponse<String> created = t.json("POST", S + "User", adminToken, map("Username", "ETL@Acme.Test",
                "LastName", "ETL", "FirstName", "Nightly", "Email", "ops@acme.test", "UserType", "integration"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode c = json(created);
        assertThat(c.get("success").asBoolean()).isTrue();
        assertThat(c.get("errors")).isEmpty();
        String id = c.get("id").asText();

        JsonNode u = json(t.get(S + "User/" + SalesforceId.to15(id), adminToken));
        assertThat(u.get("attributes").get("type").asText()).isEqualTo("User");
        assertThat(u.get("attributes").get("url").asText()).isEqualTo(S + "User/" + id);
        assertThat(u.get("Id").asText()).isEqualTo(id);
        assertThat(u.get("Username").asText()).isEqualTo("etl@acme.test");
        assertThat(u.get("Name").asText()).isEqualTo("Nightly ETL");
        assertThat(u.get("UserType").asText()).isEqualTo("CloudIntegrationUser");
        assertThat(u.get("IsActive").asBoolean()).isTrue();
        assertThat(u.get("CreatedDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(json(t.get(S + "User/Username/etl@acme.test", adminToken)).get("Id").asText()).isEqualTo(id);

        HttpResponse<String> patched = t.json("PATCH", S + "User/" + id, adminToken, map("LastName", "Batch",
                "IsActive", false));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
        JsonNode after = json(t.get(S + "User/" + id, adminToken));
        assertThat(after.get("LastName").asText()).isEqualTo("Batch");
        assertThat(after.get("IsActive").asBoolean()).isFalse();
        assertThat(auditCount()).isEqualTo(audits + 2);
        JsonNode newest = json(t.get("/services/data/v66.0/userbound/setupAuditTrail?limit=2", adminToken));
        assertThat(newest.get("totalSize").asInt()).isEqualTo(2);
        assertThat(newest.get("records").get(0).get("CreatedByContext").asText()).isEqualTo(t.consumerKey());
        assertThat(newest.get("records").get(0).get("CreatedById").asText())
                .isEqualTo(t.server.bootstrapResult().adminUserId());
    }

    static Stream<Arguments> badUserBodies() {
        return Stream.of(
                Arguments.of("missing field", map("Username", "x1@acme.test"), 400, "REQUIRED_FIELD_MISSING"),
                Arguments.of("unknown field", map("Username", "x2@acme.test", "LastName", "X", "Colour", "red"), 400,
                        "INVALID_FIELD"),
                Arguments.of("duplicate username", map("Username", "PLAIN@acme.test", "LastName", "X"), 400,
                        "DUPLICATE_VALUE"),
                Arguments.of("wrong JSON type", map("Username", "x3@acme.test", "LastName", List.of()), 400,
                        "JSON_PARSER_ERROR"),
                Arguments.of("malformed JSON", "{\"Username\": ", 400, "JSON_PARSER_ERROR"),
                Arguments.of("duplicate JSON member", "{\"Username\":\"a@b.test\",\"Username\":\"c@d.test\"}", 400,
                        "JSON_PARSER_ERROR"),
                Arguments.of("array body", "[1,2]", 400, "JSON_PARSER_ERROR"),
                Arguments.of("empty body", "", 400, "JSON_PARSER_ERROR"),
                Arguments.of("deeply nested JSON", "[".repeat(5000) + "]".repeat(5000), 400, "JSON_PARSER_ERROR"),
                Arguments.of("huge JSON", "{\"LastName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", 413,
                        "REQUEST_ENTITY_TOO_LARGE"),
                Arguments.of("bad username", map("Username", "not-an-email", "LastName", "X"), 400,
                        "FIELD_INTEGRITY_EXCEPTION"),
                Arguments.of("profile id malformed", map("Username", "x4@acme.test", "LastName", "X", "ProfileId",
                        "00e!!"), 400, "MALFORMED_ID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUserBodies")
    void whenUserBodyBadThenExactErrorAndNothingWritten(String name, Object body, int status, String code) {
        int users = t.server.store().users().list(org, 10_000).size();
        int audits = auditCount();

        assertRestError(t.json("POST", S + "User", adminToken, body), status, code);

        assertThat(t.server.store().users().list(org, 10_000)).hasSize(users);
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void whenCallerLacksManageUsersThenInsufficientAccessAndNoRowNoAudit() {
        int audits = auditCount();

        assertRestError(t.json("POST", S + "User", plainToken, map("Username", "sneaky@acme.test",
                "LastName", "S")), 403, "INSUFFICIENT_ACCESS");
        assertRestError(t.json("POST", S + "PermissionSet", plainToken, map("Name", "Sneaky")), 403,
                "INSUFFICIENT_ACCESS");
        assertRestError(t.json("POST", S + "ConnectedApplication", plainToken, map("Name", "Sneaky")), 403,
                "INSUFFICIENT_ACCESS");
        assertRestError(t.get(S + "User/" + t.server.bootstrapResult().adminUserId(), plainToken), 403,
                "INSUFFICIENT_ACCESS");
        assertRestError(t.get("/services/data/v66.0/userbound/setupAuditTrail", plainToken), 403,
                "INSUFFICIENT_ACCESS");

        assertRestError(t.get(S + "User/Username/sneaky@acme.test", adminToken), 404, "NOT_FOUND");
        assertThat(auditCount()).isEqualTo(audits);
        assertThat(json(t.get(S + "User/" + plainUserId, plainToken)).get("Username").asText())
                .isEqualTo("plain@acme.test");
    }

    @Test
    void whenUnknownIdOrNoTokenThenNotFoundOrInvalidSession() {
        assertRestError(t.get(S + "User/005000000000000AAA", adminToken), 404, "NOT_FOUND");
        assertRestError(t.get(S + "User/xyz", adminToken), 400, "MALFORMED_ID");
        assertRestError(t.json("POST", S + "User", null, map("Username", "a@b.test")), 401, "INVALID_SESSION_ID");
        assertRestError(t.json("PUT", S + "User/" + plainUserId, adminToken, map()), 405, "METHOD_NOT_ALLOWED");
    }

    // ------------------------------------------------------------------------------------------------ profiles, perm sets

    @Test
    void whenProfilesReadThenPermissionFlags() {
        JsonNode p = json(t.get(S + "Profile/Name/System%20Administrator", adminToken));
        assertThat(p.get("Name").asText()).isEqualTo("System Administrator");
        assertThat(p.get("PermissionsManageUsers").asBoolean()).isTrue();
        assertThat(p.get("PermissionsApiUserOnly").asBoolean()).isFalse();

        JsonNode byId = json(t.get(S + "Profile/" + p.get("Id").asText(), adminToken));
        assertThat(byId.get("Name").asText()).isEqualTo("System Administrator");
        assertRestError(t.get(S + "Profile/" + p.get("Id").asText(), plainToken), 403, "INSUFFICIENT_ACCESS");
    }

    @Test
    void whenPermissionSetCreatedAssignedAndUnassignedThenEachStepWorks() {
        String ps = create("PermissionSet", map("Name", "Etl_Api", "Label", "ETL API", "PermissionsViewSetup",
                true));
        JsonNode read = json(t.get(S + "PermissionSet/Name/Etl_Api", adminToken));
        assertThat(read.get("Id").asText()).isEqualTo(ps);
        assertThat(read.get("Label").asText()).isEqualTo("ETL API");
        assertThat(read.get("PermissionsViewSetup").asBoolean()).isTrue();
        assertThat(read.get("PermissionsManageUsers").asBoolean()).isFalse();
        assertRestError(t.json("POST", S + "PermissionSet", adminToken, map("Name", "etl_api")), 400,
                "DUPLICATE_VALUE");
        assertRestError(t.json("POST", S + "PermissionSet", adminToken, map("Name", "1bad")), 400,
                "FIELD_INTEGRITY_EXCEPTION");

        String a = create("PermissionSetAssignment", map("AssigneeId", plainUserId, "PermissionSetId", ps));
        assertThat(json(t.get(S + "PermissionSetAssignment/" + a, adminToken)).get("AssigneeId").asText())
                .isEqualTo(plainUserId);
        // the plain user now holds ViewSetup through the permission set
        assertThat(t.get(S + "Profile/Name/Standard%20User", plainToken).statusCode()).isEqualTo(200);
        assertRestError(t.json("POST", S + "PermissionSetAssignment", adminToken, map("AssigneeId", plainUserId,
                "PermissionSetId", ps)), 400, "DUPLICATE_VALUE");
        assertRestError(t.json("POST", S + "PermissionSetAssignment", adminToken, map("AssigneeId", ps,
                "PermissionSetId", ps)), 400, "INVALID_CROSS_REFERENCE_KEY");

        assertThat(t.json("DELETE", S + "PermissionSetAssignment/" + a, adminToken, null).statusCode())
                .isEqualTo(204);
        assertRestError(t.get(S + "PermissionSetAssignment/" + a, adminToken), 404, "NOT_FOUND");
        assertRestError(t.get(S + "Profile/Name/Standard%20User", plainToken), 403, "INSUFFICIENT_ACCESS");
    }

    // ------------------------------------------------------------------------------------------------ apps

    @Test
    void whenAppCreatedWithCertificateThenSecretOnceAndIntegrationUserLogsInUntilDeactivated() {
        KeyAndCertificate key = SelfSignedCertificates.create("CN=nightly-etl", 30);
        HttpResponse<String> r = t.json("POST", S + "ConnectedApplication", adminToken, map("Name", "Nightly ETL",
                "Certificate", PemKeys.toPem(key.certificate())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = json(r);
        String appId = c.get("id").asText();
        String consumerKey = c.get("consumerKey").asText();
        assertThat(c.get("consumerSecret").asText()).matches("[0-9A-F]{64}");
        assertThat(t.server.store().apps().findById(appId).orElseThrow().consumerSecretHash())
                .isNotEqualTo(c.get("consumerSecret").asText());

        JsonNode app = json(t.get(S + "ConnectedApplication/ConsumerKey/" + consumerKey, adminToken));
        assertThat(app.get("Id").asText()).isEqualTo(appId);
        assertThat(app.get("PermittedUsersPolicy").asText()).isEqualTo("admin-approved");
        assertThat(app.get("Scopes")).extracting(JsonNode::asText).contains("api");
        assertThat(app.get("Certificates")).singleElement().satisfies(cert -> {
            assertThat(cert.get("Thumbprint").asText()).isEqualTo(key.thumbprint());
            assertThat(cert.get("Subject").asText()).isEqualTo("CN=nightly-etl");
            assertThat(cert.get("IsActive").asBoolean()).isTrue();
        });
        assertThat(app.has("consumerSecret")).isFalse();

        String etl = create("User", map("Username", "etl-run@acme.test", "LastName", "Run", "UserType",
                "integration"));
        String ps = create("PermissionSet", map("Name", "Nightly_Access"));
        create("PermissionSetAssignment", map("AssigneeId", etl, "PermissionSetId", ps));
        assertThat(tokenRequest(key, consumerKey, "etl-run@acme.test").statusCode()).isEqualTo(400);
        String grant = create("SetupEntityAccess", map("ParentId", ps, "SetupEntityId", appId));
        assertThat(json(t.get(S + "SetupEntityAccess/" + grant, adminToken)).get("SetupEntityId").asText())
                .isEqualTo(appId);

        HttpResponse<String> ok = tokenRequest(key, consumerKey, "etl-run@acme.test");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String etlToken = json(ok).get("access_token").asText();
        assertThat(t.get("/services/oauth2/userinfo", etlToken).statusCode()).isEqualTo(200);

        assertThat(t.json("PATCH", S + "User/" + etl, adminToken, map("IsActive", false)).statusCode())
                .isEqualTo(204);
        assertOAuthError(tokenRequest(key, consumerKey, "etl-run@acme.test"), 400, "invalid_app_access");
        JsonNode newest = json(t.get("/services/data/v66.0/userbound/loginHistory?limit=1&username=etl-run@acme.test",
                adminToken)).get("records").get(0);
        assertThat(newest.get("Status").asText()).isEqualTo("Failed: Inactive user");
        assertThat(newest.get("Application").asText()).isEqualTo("Nightly ETL");
        assertThat(newest.get("CertificateThumbprint").asText()).isEqualTo(key.thumbprint());
        assertRestError(t.get("/services/oauth2/userinfo", etlToken), 401, "INVALID_SESSION_ID");

        assertThat(t.json("DELETE", S + "SetupEntityAccess/" + grant, adminToken, null).statusCode())
                .isEqualTo(204);
        assertRestError(t.get(S + "SetupEntityAccess/" + grant, adminToken), 404, "NOT_FOUND");
    }

    @Test
    void whenSecretRotatedAndRevokedThenRepliesStoredHashesAndAuditAgree() {
        JsonNode c = json(t.json("POST", S + "ConnectedApplication", adminToken, map("Name", "Rotating App")));
        String appId = c.get("id").asText();
        String firstHash = t.server.store().apps().findById(appId).orElseThrow().consumerSecretHash();
        int audits = auditCount();

        HttpResponse<String> r = t.json("POST", S + "ConnectedApplication/" + SalesforceId.to15(appId)
                + "/rotateSecret", adminToken, map("OverlapSeconds", 3600));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        JsonNode rotated = json(r);
        assertThat(rotated.get("id").asText()).isEqualTo(appId);
        assertThat(rotated.get("consumerKey").asText()).isEqualTo(c.get("consumerKey").asText());
        assertThat(rotated.get("consumerSecret").asText()).matches("[0-9A-F]{64}")
                .isNotEqualTo(c.get("consumerSecret").asText());
        String expires = rotated.get("previousSecretExpires").asText();
        assertThat(expires).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        var stored = t.server.store().apps().findById(appId).orElseThrow();
        assertThat(stored.previousSecretHash()).isEqualTo(firstHash);
        assertThat(stored.consumerSecretHash()).isNotEqualTo(firstHash)
                .isNotEqualTo(rotated.get("consumerSecret").asText());
        assertThat(json(t.get(S + "ConnectedApplication/" + appId, adminToken)).get("PreviousSecretExpires").asText())
                .isEqualTo(expires);

        HttpResponse<String> revoked = t.json("POST", S + "ConnectedApplication/" + appId + "/revokeSecret",
                adminToken, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).get("previousSecretRevoked").asBoolean()).isTrue();
        assertThat(json(revoked).get("id").asText()).isEqualTo(appId);
        assertThat(t.server.store().apps().findById(appId).orElseThrow().previousSecretHash()).isNull();
        assertThat(json(t.get(S + "ConnectedApplication/" + appId, adminToken)).get("PreviousSecretExpires")
                .isNull()).isTrue();
        assertThat(json(t.json("POST", S + "ConnectedApplication/" + appId + "/revokeSecret", adminToken, null))
                .get("previousSecretRevoked").asBoolean()).isFalse();
        assertThat(auditCount()).isEqualTo(audits + 2);

        assertRestError(t.json("POST", S + "ConnectedApplication/" + appId + "/rotateSecret", adminToken,
                map("OverlapSeconds", -5)), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("POST", S + "ConnectedApplication/" + appId + "/rotateSecret", plainToken, null),
                403, "INSUFFICIENT_ACCESS");
        assertRestError(t.json("POST", S + "ConnectedApplication/" + appId + "/revokeSecret", plainToken, null),
                403, "INSUFFICIENT_ACCESS");
        assertRestError(t.json("POST", S + "ConnectedApplication/0H4000000000000/rotateSecret", adminToken,
                null), 404, "NOT_FOUND");
        assertThat(auditCount()).isEqualTo(audits + 2);
    }

    @Test
    void whenCertificatesAddedThenDuplicateBadPemExpiredAndWeakKeysRefusedWithoutAudit() {
        String appId = create("ConnectedApplication", map("Name", "Rotating"));
        KeyAndCertificate good = SelfSignedCertificates.create("CN=rotating", 30);
        String path = S + "ConnectedApplication/" + appId + "/certificates";

        HttpResponse<String> added = t.json("POST", path, adminToken, map("Certificate",
                PemKeys.toPem(good.certificate())));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode a = json(added);
        assertThat(a.get("thumbprint").asText()).isEqualTo(good.thumbprint());
        assertThat(a.get("subject").asText()).isEqualTo("CN=rotating");
        assertThat(a.has("notBefore")).isTrue();
        assertThat(a.has("notAfter")).isTrue();

        int audits = auditCount();
        assertRestError(t.json("POST", path, adminToken, map("Certificate", PemKeys.toPem(good.certificate()))),
                400, "DUPLICATE_VALUE");
        assertRestError(t.json("POST", path, adminToken, map("Certificate", "-----BEGIN CERTIFICATE-----\nAAAA"
                + "\n-----END CERTIFICATE-----")), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("POST", path, adminToken, map("Certificate", "not a pem")), 400,
                "FIELD_INTEGRITY_EXCEPTION");
        KeyAndCertificate expired = SelfSignedCertificates.create("CN=old", Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1)), 2048);
        JsonNode e = assertRestError(t.json("POST", path, adminToken, map("Certificate",
                PemKeys.toPem(expired.certificate()))), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertThat(e.get("message").asText()).contains("expired");
        assertThat(e.get("fields")).extracting(JsonNode::asText).containsExactly("Certificate");
        assertRestError(t.json("POST", path, adminToken, map()), 400, "REQUIRED_FIELD_MISSING");
        assertThat(auditCount()).isEqualTo(audits);
        assertThat(t.server.store().certificates().listForApp(appId)).hasSize(1);

        assertThat(t.json("DELETE", path + "/" + good.thumbprint(), adminToken, null).statusCode()).isEqualTo(204);
        assertThat(t.server.store().certificates().listForApp(appId)).isEmpty();
        assertRestError(t.json("DELETE", path + "/" + good.thumbprint(), adminToken, null), 404, "NOT_FOUND");
        assertRestError(t.json("POST", S + "ConnectedApplication", adminToken, map("Name", "rotating")), 400,
                "DUPLICATE_VALUE");
    }

    @Test
    void whenAppIsSelfAuthorizeThenUserApprovesForThemselvesOnly() {
        String appId = create("ConnectedApplication", map("Name", "Self Service", "PermittedUsersPolicy",
                "AllSelfAuthorized"));
        assertThat(json(t.get(S + "ConnectedApplication/" + appId, adminToken)).get("PermittedUsersPolicy").asText())
                .isEqualTo("self-authorize");
        String approvals = S + "ConnectedApplication/" + appId + "/approvals";

        assertRestError(t.json("POST", approvals, plainToken, map("UserId", t.server.bootstrapResult()
                .adminUserId())), 403, "INSUFFICIENT_ACCESS");
        HttpResponse<String> mine = t.json("POST", approvals, plainToken, map("UserId", plainUserId));
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
        assertRestError(t.json("POST", approvals, plainToken, map()), 400, "DUPLICATE_VALUE");
        assertThat(t.json("DELETE", approvals + "/" + plainUserId, plainToken, null).statusCode()).isEqualTo(204);

        assertThat(t.json("PATCH", S + "ConnectedApplication/" + appId, adminToken, map("PermittedUsersPolicy",
                "admin-approved")).statusCode()).isEqualTo(204);
        assertRestError(t.json("POST", approvals, plainToken, map()), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("PATCH", S + "ConnectedApplication/" + appId, adminToken, map(
                "PermittedUsersPolicy", "everyone")), 400, "FIELD_INTEGRITY_EXCEPTION");
    }

    @Test
    void whenAppSettingsPatchedThenShownAndEnforcedByTheTokenEndpoint() {
        KeyAndCertificate key = SelfSignedCertificates.create("CN=settings", 30);
        String appId = create("ConnectedApplication", map("Name", "Settings", "Certificate",
                PemKeys.toPem(key.certificate())));
        String consumerKey = json(t.get(S + "ConnectedApplication/" + appId, adminToken)).get("ConsumerKey").asText();
        String standard = json(t.get(S + "Profile/Name/Standard%20User", adminToken)).get("Id").asText();
        create("SetupEntityAccess", map("ParentId", standard, "SetupEntityId", appId));
        assertThat(tokenRequest(key, consumerKey, "plain@acme.test").statusCode()).isEqualTo(200);

        HttpResponse<String> patched = t.json("PATCH", S + "ConnectedApplication/" + appId, adminToken, map(
                "AllowedAlgorithms", List.of("ES256"), "ClientCredentialsEnabled", true, "RunAsUserId", plainUserId,
                "AssertionMaxLifetimeSeconds", 3600, "JtiRequired", true));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);

        JsonNode app = json(t.get(S + "ConnectedApplication/" + appId, adminToken));
        assertThat(app.get("AllowedAlgorithms")).extracting(JsonNode::asText).containsExactly("ES256");
        assertThat(app.get("ClientCredentialsEnabled").asBoolean()).isTrue();
        assertThat(app.get("RunAsUserId").asText()).isEqualTo(plainUserId);
        assertThat(app.get("AssertionMaxLifetimeSeconds").asInt()).isEqualTo(3600);
        assertThat(app.get("JtiRequired").asBoolean()).isTrue();
        assertOAuthError(tokenRequest(key, consumerKey, "plain@acme.test"), 400, "invalid_grant");

        assertRestError(t.json("PATCH", S + "ConnectedApplication/" + appId, adminToken, map(
                "AllowedAlgorithms", List.of("HS256"))), 400, "FIELD_INTEGRITY_EXCEPTION");
        assertRestError(t.json("PATCH", S + "ConnectedApplication/" + appId, adminToken, map(
                "RunAsUserId", t.server.bootstrapResult().automatedProcessUserId())), 400,
                "FIELD_INTEGRITY_EXCEPTION");
    }

    // ------------------------------------------------------------------------------------------------ audit

    @Test
    void whenLoginHistoryReadThenAdminSeesAllAndPlainUserOnlyOwnRows() {
        t.token("plain@acme.test");
        JsonNode all = json(t.get("/services/data/v66.0/userbound/loginHistory?limit=2000", adminToken));
        assertThat(all.get("done").asBoolean()).isTrue();
        assertThat(all.get("records")).extracting(r -> r.get("Username").asText())
                .contains("admin@userbound.local", "plain@acme.test");
        JsonNode first = all.get("records").get(0);
        assertThat(first.get("LoginType").asText()).isEqualTo("Remote Access 2.0");
        assertThat(first.get("LoginSubType").asText()).isEqualTo("JWT Bearer");

        JsonNode own = json(t.get("/services/data/v66.0/userbound/loginHistory", plainToken));
        assertThat(own.get("totalSize").asInt()).isPositive();
        assertThat(own.get("records")).allSatisfy(r -> assertThat(r.get("UserId").asText()).isEqualTo(plainUserId));
        assertRestError(t.get("/services/data/v66.0/userbound/loginHistory?username=admin@userbound.local",
                plainToken), 403, "INSUFFICIENT_ACCESS");
        assertRestError(t.get("/services/data/v66.0/userbound/loginHistory?limit=0", adminToken), 400,
                "FIELD_INTEGRITY_EXCEPTION");

        String ownRow = own.get("records").get(0).get("Id").asText();
        assertThat(json(t.get(S + "LoginHistory/" + ownRow, plainToken)).get("Status").asText())
                .isEqualTo("Success");
        String adminRow = json(t.get("/services/data/v66.0/userbound/loginHistory?username=admin@userbound.local",
                adminToken)).get("records").get(0).get("Id").asText();
        assertRestError(t.get(S + "LoginHistory/" + adminRow, plainToken), 403, "INSUFFICIENT_ACCESS");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String create(String type, Map<String, Object> body) {
        HttpResponse<String> r = t.json("POST", S + type, adminToken, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asText();
    }

    static int auditCount() {
        return t.server.store().setupAudit().list(org, 10_000).size();
    }

    static HttpResponse<String> tokenRequest(KeyAndCertificate key, String consumerKey, String username) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(consumerKey).subject(username).audience(t.base())
                .expirationTime(Date.from(Instant.now().plusSeconds(120))).jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return t.postForm("/services/oauth2/token", Map.of("grant_type", TestServer.JWT_BEARER, "assertion",
                jwt.serialize()));
    }
}
