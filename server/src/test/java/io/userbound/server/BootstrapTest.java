package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.PermittedUsersPolicy;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.server.bootstrap.BootstrapResult;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest {
    @TempDir
    Path dir;

    @Test
    void whenDataDirectoryEmptyThenOrgUsersProfilesAppKeyProfileAndAuditAreCreated() throws IOException {
        try (TestServer t = new TestServer(dir)) {
            BootstrapResult b = t.server.bootstrapResult();
            JdbcStore store = t.server.store();

            assertThat(b.created()).isTrue();
            assertThat(b.orgId()).startsWith("00D").hasSize(18);
            assertThat(store.orgs().findById(b.orgId())).hasValueSatisfying(o -> assertThat(o.name())
                    .isEqualTo("Userbound"));
            assertThat(store.profiles().list(b.orgId())).extracting(Profile::name).containsExactlyInAnyOrder(
                    Profile.SYSTEM_ADMINISTRATOR, Profile.STANDARD_USER, Profile.API_ONLY_INTEGRATIONS,
                    Profile.AUTOMATED_PROCESS);
            assertThat(store.profiles().findByName(b.orgId(), Profile.API_ONLY_INTEGRATIONS).orElseThrow()
                    .permissions()).containsExactlyInAnyOrder(SystemPermission.API_ENABLED,
                            SystemPermission.API_USER_ONLY);
            assertThat(store.profiles().findByName(b.orgId(), Profile.SYSTEM_ADMINISTRATOR).orElseThrow()
                    .permissions()).contains(SystemPermission.MANAGE_USERS, SystemPermission.CUSTOMIZE_APPLICATION,
                            SystemPermission.VIEW_SETUP, SystemPermission.API_ENABLED);

            User autoproc = store.users().findById(b.automatedProcessUserId()).orElseThrow();
            assertThat(autoproc.type()).isEqualTo(UserType.AUTOMATED_PROCESS);
            assertThat(autoproc.active()).isFalse();
            assertThat(autoproc.email()).isNull();
            assertThat(autoproc.username()).isEqualTo("autoproc@" + b.orgId().toLowerCase() + ".userbound");
            User admin = store.users().findById(b.adminUserId()).orElseThrow();
            assertThat(admin.username()).isEqualTo("admin@userbound.local");
            assertThat(store.profiles().findById(admin.profileId()).orElseThrow().name())
                    .isEqualTo(Profile.SYSTEM_ADMINISTRATOR);

            ConnectedApp app = store.apps().findById(b.cliAppId()).orElseThrow();
            assertThat(app.name()).isEqualTo("Userbound CLI");
            assertThat(app.policy()).isEqualTo(PermittedUsersPolicy.ADMIN_APPROVED);
            assertThat(store.appAccess().isGranted(app.id(), admin.id(), admin.profileId())).isTrue();
            assertThat(store.certificates().activeForApp(app.id())).singleElement()
                    .extracting(AppCertificate::thumbprint)
                    .isEqualTo(io.userbound.client.PemKeys.thumbprint(
                            io.userbound.client.PemKeys.readCertificate(b.certificateFile())));

            assertThat(b.keyFile()).isEqualTo(dir.resolve("cli/private-key.pem").toAbsolutePath());
            assertThat(Files.getPosixFilePermissions(b.keyFile()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Path pepper = dir.resolve("secret-pepper");
            assertThat(Files.size(pepper)).isEqualTo(32);
            assertThat(Files.getPosixFilePermissions(pepper)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            JsonNode profile = TestServer.JSON.readTree(b.profileFile().toFile());
            assertThat(profile.get("serverUrl").asText()).isEqualTo(t.base());
            assertThat(profile.get("consumerKey").asText()).isEqualTo(app.consumerKey());
            assertThat(profile.get("username").asText()).isEqualTo("admin@userbound.local");
            assertThat(profile.get("keyFile").asText()).isEqualTo(b.keyFile().toString());
            assertThat(profile.get("orgId").asText()).isEqualTo(b.orgId());

            List<SetupAuditEntry> audit = store.setupAudit().list(b.orgId(), 100);
            assertThat(audit).extracting(SetupAuditEntry::action).contains("createdOrg", "createdProfile",
                    "createdUser", "connectedAppCreate", "connectedAppAccessGrant", "ProfileObjectAccessChange");
            // Standard User starts with CRUD on the standard objects; their tables exist
            String standard = store.profiles().findByName(b.orgId(), "Standard User").orElseThrow().id();
            assertThat(store.access().objectPermissions(List.of(standard)))
                    .extracting(io.userbound.records.port.ObjectPermissionRow::objectName)
                    .containsExactlyInAnyOrder("account", "contact", "opportunity");
            assertThat(store.access().fieldPermissions(List.of(standard))).isNotEmpty();
            String sysAdmin = store.profiles().findByName(b.orgId(), "System Administrator").orElseThrow().id();
            assertThat(store.access().hasObjectPermissions(sysAdmin)).isFalse();
            for (String table : List.of("obj_account", "obj_contact", "obj_opportunity")) {
                assertThat(store.records().select(new io.userbound.records.port.SqlStatement(
                        "SELECT COUNT(*) FROM " + table, List.of()), 1).get(0)[0]).isEqualTo(0L);
            }
            assertThat(audit).hasSize(10).allSatisfy(e -> assertThat(e.createdById())
                    .isEqualTo(autoproc.id()));

            // the bootstrap key logs the admin in through the real token endpoint
            assertThat(t.adminToken()).startsWith(b.orgId().substring(0, 15) + "!");
        }
    }

    @Test
    void whenStartedTwiceOnSameDataThenEverythingIsReusedAndProfileKeptUnlessUrlChanges() throws IOException {
        BootstrapResult first;
        byte[] key;
        byte[] pepper;
        try (TestServer t = new TestServer(dir, ServerConfig.defaults().withPort(0).withDataDir(dir)
                .withBaseUrl("http://localhost:1234/"))) {
            first = t.server.bootstrapResult();
            key = Files.readAllBytes(first.keyFile());
            pepper = Files.readAllBytes(dir.resolve("secret-pepper"));
        }
        long profileModified = Files.getLastModifiedTime(first.profileFile()).toMillis();

        try (TestServer t = new TestServer(dir, ServerConfig.defaults().withPort(0).withDataDir(dir)
                .withBaseUrl("http://localhost:1234"))) {
            BootstrapResult second = t.server.bootstrapResult();
            assertThat(second.created()).isFalse();
            assertThat(second.orgId()).isEqualTo(first.orgId());
            assertThat(second.consumerKey()).isEqualTo(first.consumerKey());
            assertThat(second.adminUserId()).isEqualTo(first.adminUserId());
            assertThat(second.profileWritten()).isFalse();
            assertThat(Files.readAllBytes(second.keyFile())).isEqualTo(key);
            assertThat(Files.readAllBytes(dir.resolve("secret-pepper"))).isEqualTo(pepper);
            assertThat(Files.getLastModifiedTime(first.profileFile()).toMillis()).isEqualTo(profileModified);
            assertThat(t.server.store().orgs().list()).hasSize(1);
            assertThat(t.server.store().certificates().listForApp(second.cliAppId())).hasSize(1);
            // the default access is given once: a second start writes no more rows
            assertThat(t.server.store().setupAudit().list(second.orgId(), 100)).hasSize(10);
        }

        try (TestServer t = new TestServer(dir)) {
            BootstrapResult third = t.server.bootstrapResult();
            assertThat(third.profileWritten()).isTrue();
            assertThat(TestServer.JSON.readTree(third.profileFile().toFile()).get("serverUrl").asText())
                    .isEqualTo(t.base());
            assertThat(t.adminToken()).isNotBlank();
        }
    }

    @Test
    void whenKeyFileLostThenNewKeyIsGeneratedAndItsCertificateAddedToTheApp() throws IOException {
        BootstrapResult first;
        try (TestServer t = new TestServer(dir)) {
            first = t.server.bootstrapResult();
        }
        Files.delete(first.keyFile());

        try (TestServer t = new TestServer(dir)) {
            assertThat(t.server.store().certificates().listForApp(first.cliAppId())).hasSize(2);
            assertThat(t.adminToken()).isNotBlank();
        }
    }

    /**
     * A data directory made before the shadow columns (issue 14, item 5) and live-only unique indexes (item 2): on
     * the next start every record table of the org gets them, so case-insensitive queries and unique values work on
     * the old data.
     */
    @Test
    void whenARecordTableLacksTheColumnsOfThisVersionThenTheNextStartAddsThem() {
        String id;
        try (TestServer t = new TestServer(dir)) {
            String token = t.adminToken();
            t.expect("POST", "/services/data/v66.0/userbound/objects", token,
                    java.util.Map.of("Name", "Legacy__c", "Label", "Legacy"), 201);
            t.expect("POST", "/services/data/v66.0/userbound/objects/Legacy__c/fields", token,
                    java.util.Map.of("Name", "Code__c", "Type", "text", "Unique", true), 201);
            id = t.expect("POST", "/services/data/v66.0/sobjects/Legacy__c", token,
                    java.util.Map.of("Name", "Old Record", "Code__c", "C-1"), 201).get("id").asText();
            JdbcStore store = t.server.store();
            for (String sql : List.of("DROP INDEX ix_obj_legacy__c_f_name_ci", "DROP INDEX ul_obj_legacy__c_f_code__c",
                    "ALTER TABLE obj_legacy__c DROP COLUMN f_name_ci", "ALTER TABLE obj_legacy__c DROP COLUMN "
                    + "f_code__c_ci", "CREATE UNIQUE INDEX uq_obj_legacy__c_f_code__c ON obj_legacy__c (org_id, "
                    + "f_code__c)")) {
                store.records().execute(new io.userbound.records.port.SqlStatement(sql, List.of()));
            }
        }
        try (TestServer t = new TestServer(dir)) {
            String token = t.adminToken();
            JsonNode found = t.expect("GET", "/services/data/v66.0/query?q=SELECT+Id+FROM+Legacy__c+WHERE+Name"
                    + "+=+'OLD+RECORD'+AND+Code__c+=+'c-1'", token, null, 200);
            assertThat(found.get("totalSize").asInt()).isEqualTo(1);
            assertThat(found.get("records").get(0).get("Id").asText()).isEqualTo(id);
            t.expect("DELETE", "/services/data/v66.0/sobjects/Legacy__c/" + id, token, null, 204);
            t.expect("POST", "/services/data/v66.0/sobjects/Legacy__c", token,
                    java.util.Map.of("Name", "New Record", "Code__c", "C-1"), 201);
            t.expect("POST", "/services/data/v66.0/sobjects/Legacy__c", token,
                    java.util.Map.of("Name", "Its Twin", "Code__c", "c-1"), 400);
        }
    }
}
