package io.userbound.server.bootstrap;

import com.fasterxml.jackson.core.type.TypeReference;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.SecureFiles;
import io.userbound.client.SelfSignedCertificates;
import io.userbound.core.IdGenerator;
import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.AdminSupport;
import io.userbound.core.admin.provisioning.OrgProvisioner;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.Org;
import io.userbound.core.model.Profile;
import io.userbound.core.model.User;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.records.admin.DefaultAccess;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.server.http.Json;
import io.userbound.store.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a data directory usable ({@code architecture.md} section 7): the org's rows come from {@link OrgProvisioner}
 * (core); this class adds what is about files (the CLI key pair and profile) and the records module's setup.
 *
 * <p>On an empty database, in one transaction: the org ({@code Userbound}); the profiles {@code System
 * Administrator} (every system permission except the API-only restriction), {@code Standard User} (ApiEnabled),
 * {@code Minimum Access - API Only Integrations} (ApiEnabled, ApiUserOnly) and {@code Automated Process} (none);
 * the Automated Process user ({@code autoproc@<orgid>.userbound}, no email, inactive); the admin user; the connected
 * app {@code Userbound CLI} (admin-approved, no consumer secret) holding the certificate of a key pair generated into
 * {@code <data>/cli/}; the app's grant to the System Administrator profile; and one {@code SetupAuditTrail} row per
 * creation, made by the Automated Process user. Then {@code <data>/cli-profile.json} is written for the CLI.
 *
 * <p>On every start the standard objects' record tables are created when missing, and the {@code Standard User}
 * profile gets read, create, edit and delete on {@code Account}, {@code Contact} and {@code Opportunity} and edit on
 * their fields, once: only while it has no object permissions (an admin's later changes stay).
 *
 * <p>Two nodes may start at once on an empty database: the org is created in the transaction that first inserts the
 * database's single installation row, so one node creates it and the other, refused that row, reuses it. The record
 * tables' DDL and the profile's default access tolerate the same race.
 *
 * <p>On later starts the org is reused. The CLI key is kept; if its file is gone (for example a second node on the
 * same PostgreSQL with its own data directory) a new pair is generated and its certificate added to the app, so the
 * private key never leaves the node that made it. The profile is rewritten only when a value in it changed (such as
 * the server URL).
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    public static final String ORG_NAME = OrgProvisioner.ORG_NAME;
    public static final String CLI_APP_NAME = OrgProvisioner.CLI_APP_NAME;
    public static final String CLI_DIR = "cli";
    public static final String PROFILE_FILE = "cli-profile.json";
    private static final int CLI_CERT_DAYS = 3650;

    private final JdbcStore store;
    private final Path dataDir;
    private final String baseUrl;
    private final String adminUsername;
    private final IdGenerator ids;
    private final AdminSupport support;
    private final OrgProvisioner provisioner;
    private final Clock clock;

    /**
     * @param dataDir where the CLI key pair and profile go
     * @param baseUrl the public base URL written to the profile as {@code serverUrl}
     * @param adminUsername the admin of a new org
     */
    public Bootstrap(JdbcStore store, Path dataDir, String baseUrl, String adminUsername, IdGenerator ids,
            Clock clock) {
        this.clock = clock;
        this.store = store;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.baseUrl = baseUrl;
        this.adminUsername = adminUsername.toLowerCase(Locale.ROOT);
        this.ids = ids;
        this.support = new AdminSupport(new AdminPorts(store.transactions(), store.users(), store.profiles(),
                store.permissionSets(), store.apps(), store.certificates(), store.appAccess(), store.approvals(),
                store.loginHistory(), store.setupAudit(), store.tokens()), ids, clock);
        this.provisioner = new OrgProvisioner(support, store.orgs());
    }

    /**
     * Creates or reuses everything; idempotent.
     *
     * @throws RuntimeException when the store or the file system fails; a failed first run leaves the database
     *     empty
     */
    public BootstrapResult run() {
        Path cliDir = dataDir.resolve(CLI_DIR);
        Path keyFile = cliDir.resolve(KeyAndCertificate.PRIVATE_KEY_FILE);
        Path certFile = cliDir.resolve(KeyAndCertificate.CERTIFICATE_FILE);
        Path profileFile = dataDir.resolve(PROFILE_FILE);
        List<Org> orgs = store.orgs().list();
        OrgProvisioner.Provisioned c = null;
        if (orgs.isEmpty()) {
            KeyAndCertificate key = newKey();
            c = provisioner.createOrg(adminUsername, PemKeys.toPem(key.certificate()));
            if (c == null) {
                orgs = store.orgs().list();
                LOG.info("Another node created the org first; reusing it");
            } else {
                key.writeTo(cliDir, true);
            }
        }
        boolean created = c != null;
        String orgId;
        String autoprocId;
        String adminId;
        String username;
        ConnectedApp app;
        if (created) {
            LOG.info("Created org {} with admin {} and connected app '{}'", c.orgId(), adminUsername, CLI_APP_NAME);
            orgId = c.orgId();
            autoprocId = c.autoprocId();
            adminId = c.adminId();
            username = adminUsername;
            app = c.app();
        } else {
            Org org = orgs.get(0);
            orgId = org.id();
            autoprocId = provisioner.automatedProcessUser(orgId);
            app = cliApp(orgId, autoprocId);
            username = existingAdmin(profileFile, orgId);
            adminId = store.users().findByUsername(username).filter(u -> u.orgId().equals(orgId)).map(User::id)
                    .orElse(null);
            if (adminId == null) {
                LOG.warn("Admin user {} does not exist in org {}; the CLI profile names it anyway", username, orgId);
            }
            ensureKey(app, autoprocId, cliDir, keyFile, certFile);
            LOG.info("Reusing org {} from the database", orgId);
        }
        ensureRecordObjects(orgId, autoprocId);
        boolean written = writeProfile(profileFile, app.consumerKey(), username, keyFile, orgId);
        LOG.info("CLI private key: {}", keyFile);
        LOG.info("CLI profile: {}{}", profileFile, written ? " (written)" : "");
        return new BootstrapResult(created, orgId, autoprocId, adminId, username, app.id(), app.consumerKey(),
                keyFile, certFile, profileFile, written);
    }

    /**
     * Creates the standard objects' record tables (idempotent DDL), brings every record table of the org (custom
     * objects, and custom fields of standard objects) up to the columns and indexes this version makes (shadow
     * columns, live-only unique indexes), and gives the {@code Standard User} profile its default object and field
     * permissions when it has none yet.
     */
    private void ensureRecordObjects(String orgId, String autoprocId) {
        for (ObjectDefinition o : StandardObjects.all()) {
            store.recordTables().ensure(o);
        }
        for (ObjectDefinition o : new ObjectCatalog(store.metadata(), clock, 0).load(orgId).values()) {
            if (o.isRecord() && (o.custom() || o.fields().stream().anyMatch(FieldDefinition::custom))) {
                store.recordTables().ensure(o);
            }
        }
        Optional<Profile> standard = store.profiles().findByName(orgId, Profile.STANDARD_USER);
        if (standard.isEmpty()) {
            return;
        }
        Instant now = support.now();
        boolean seeded;
        try {
            seeded = store.transactions().inTransaction(() -> {
                boolean done = DefaultAccess.seedStandardUser(store.access(), ids, orgId, standard.get().id());
                if (done) {
                    support.audit(orgId, autoprocId, null, now, "ProfileObjectAccessChange", "Manage Users",
                            "Profile " + Profile.STANDARD_USER + ": read, create, edit and delete on Account, Contact and "
                            + "Opportunity, and edit on their fields");
                }
                return done;
            });
        } catch (DuplicateValueException e) {
            // another node seeded the profile at the same moment: its rows and audit row stand, ours rolled back
            LOG.info("Another node gave profile '{}' its default access first", Profile.STANDARD_USER);
            seeded = false;
        }
        if (seeded) {
            LOG.info("Gave profile '{}' its default access to Account, Contact and Opportunity",
                    Profile.STANDARD_USER);
        }
    }

    /** The CLI app of the org; created again, granted to System Administrator, when the org lost it. */
    private ConnectedApp cliApp(String orgId, String autoprocId) {
        boolean missing = store.apps().findByName(orgId, CLI_APP_NAME).isEmpty();
        ConnectedApp app = provisioner.cliApp(orgId, autoprocId);
        if (missing) {
            LOG.info("Created the missing connected app '{}' in org {}", CLI_APP_NAME, orgId);
        }
        return app;
    }

    /** Keeps the CLI key if present and known to the app; otherwise makes or registers one. */
    private void ensureKey(ConnectedApp app, String autoprocId, Path cliDir, Path keyFile, Path certFile) {
        X509Certificate certificate;
        if (Files.isRegularFile(keyFile) && Files.isRegularFile(certFile)) {
            certificate = PemKeys.readCertificate(certFile);
        } else {
            KeyAndCertificate key = newKey();
            key.writeTo(cliDir, true);
            certificate = key.certificate();
            LOG.info("Generated a new CLI key pair in {}", cliDir);
        }
        Instant now = support.now();
        if (provisioner.holdsCertificate(app, PemKeys.thumbprint(certificate))) {
            return;
        }
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            LOG.warn("The CLI certificate {} has expired; generating a new key pair", certFile);
            KeyAndCertificate key = newKey();
            key.writeTo(cliDir, true);
            certificate = key.certificate();
        }
        AppCertificate cert = provisioner.addCertificate(app, autoprocId, PemKeys.toPem(certificate));
        LOG.info("Added the CLI certificate {} to connected app '{}'", cert.thumbprint(), app.name());
    }

    /** The admin named in an existing profile of this org, else the configured one. */
    private String existingAdmin(Path profileFile, String orgId) {
        Map<String, Object> existing = readProfile(profileFile);
        Object name = existing.get("username");
        if (name instanceof String s && orgId.equals(existing.get("orgId"))
                && store.users().findByUsername(s).filter(u -> u.orgId().equals(orgId)).isPresent()) {
            return s;
        }
        return adminUsername;
    }

    private boolean writeProfile(Path file, String consumerKey, String username, Path keyFile, String orgId) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("serverUrl", baseUrl);
        profile.put("consumerKey", consumerKey);
        profile.put("username", username);
        profile.put("keyFile", keyFile.toString());
        profile.put("orgId", orgId);
        if (profile.equals(readProfile(file))) {
            return false;
        }
        try {
            SecureFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(profile) + "\n",
                    false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static Map<String, Object> readProfile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable {}: {}", file, e.getMessage());
            return Map.of();
        }
    }

    private static KeyAndCertificate newKey() {
        return SelfSignedCertificates.create("CN=" + CLI_APP_NAME + ",O=Userbound", CLI_CERT_DAYS);
    }

}
