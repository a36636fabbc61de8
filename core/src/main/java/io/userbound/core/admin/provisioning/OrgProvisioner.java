package io.userbound.core.admin.provisioning;

import static io.userbound.core.admin.AdminSupport.SECTION_APPS;
import static io.userbound.core.admin.AdminSupport.SECTION_USERS;

import io.userbound.core.admin.AdminPorts;
import io.userbound.core.admin.AdminSupport;
import io.userbound.core.admin.CertificateParser;
import io.userbound.core.admin.ConsumerCredentials;
import io.userbound.core.admin.apps.AppSettings;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.Org;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.OrgStore;
import io.userbound.protocol.KeyPrefix;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rows of a new org ({@code architecture.md} section 7), free of files and of the records module: the org
 * ({@code Userbound}); the profiles {@code System Administrator} (every system permission except the API-only
 * restriction), {@code Standard User} (ApiEnabled), {@code Minimum Access - API Only Integrations} (ApiEnabled,
 * ApiUserOnly) and {@code Automated Process} (none); the Automated Process user ({@code autoproc@<orgid>.userbound},
 * no email, inactive); the admin user; the connected app {@code Userbound CLI} (admin-approved, no consumer secret)
 * holding a given certificate; the app's grant to the System Administrator profile; and one {@code SetupAuditTrail}
 * row per creation, made by the Automated Process user, all in one transaction.
 *
 * <p>Two nodes may provision at once on an empty database: the org is created in the transaction that first inserts
 * the database's single installation row, so one node creates it and the other, refused that row, is told so.
 */
public final class OrgProvisioner {
    public static final String ORG_NAME = "Userbound";
    public static final String CLI_APP_NAME = "Userbound CLI";
    private static final String SECTION_COMPANY = "Company Profile";

    private final AdminSupport support;
    private final AdminPorts ports;
    private final OrgStore orgs;

    public OrgProvisioner(AdminSupport support, OrgStore orgs) {
        this.support = support;
        this.ports = support.ports();
        this.orgs = orgs;
    }

    /**
     * What a new org holds for the bootstrap to go on with.
     *
     * @param app the CLI's connected app
     */
    public record Provisioned(String orgId, String autoprocId, String adminId, ConnectedApp app) {
    }

    /**
     * Creates a new org with its admin and CLI app.
     *
     * @param adminUsername the admin user's username, lower case
     * @param cliCertificatePem the certificate of the CLI's key pair
     * @return what was created, or null when another node created the database's org first (nothing was written)
     */
    public Provisioned createOrg(String adminUsername, String cliCertificatePem) {
        Instant now = support.now();
        String orgId = support.ids().next(KeyPrefix.ORGANIZATION);
        Profile sysAdmin = profile(orgId, Profile.SYSTEM_ADMINISTRATOR,
                EnumSet.complementOf(EnumSet.of(SystemPermission.API_USER_ONLY)), now);
        Profile standard = profile(orgId, Profile.STANDARD_USER, EnumSet.of(SystemPermission.API_ENABLED), now);
        Profile integration = profile(orgId, Profile.API_ONLY_INTEGRATIONS,
                EnumSet.of(SystemPermission.API_ENABLED, SystemPermission.API_USER_ONLY), now);
        Profile automated = profile(orgId, Profile.AUTOMATED_PROCESS, EnumSet.noneOf(SystemPermission.class), now);
        User autoproc = new User(support.ids().next(KeyPrefix.USER), orgId,
                "autoproc@" + orgId.toLowerCase(Locale.ROOT) + ".userbound", null, "Automated Process", null,
                UserType.AUTOMATED_PROCESS, false, automated.id(), now, now);
        User admin = new User(support.ids().next(KeyPrefix.USER), orgId, adminUsername, "Userbound", "Admin",
                adminUsername, UserType.STANDARD, true, sysAdmin.id(), now, now);
        ConnectedApp app = cliApp(orgId, now);
        AppCertificate appCert = CertificateParser.parse(cliCertificatePem, now)
                .toAppCertificate(support.ids().next(KeyPrefix.CERTIFICATE), app.id(), now);
        AppAccessGrant grant = new AppAccessGrant(support.ids().next(KeyPrefix.SETUP_ENTITY_ACCESS), orgId, app.id(),
                sysAdmin.id(), now);
        List<Profile> profiles = List.of(sysAdmin, standard, integration, automated);
        try {
            ports.transactions().run(() -> {
                orgs.insertInstallationOrg(new Org(orgId, ORG_NAME, "UB1", now));
                profiles.forEach(ports.profiles()::insert);
                ports.users().insert(autoproc);
                ports.users().insert(admin);
                ports.apps().insert(app);
                ports.certificates().insert(appCert);
                ports.appAccess().grant(grant);
                String by = autoproc.id();
                support.audit(orgId, by, null, now, "createdOrg", SECTION_COMPANY, "Created organization "
                        + ORG_NAME + " (" + orgId + ")");
                for (Profile p : profiles) {
                    support.audit(orgId, by, null, now, "createdProfile", SECTION_USERS, "Created profile "
                            + p.name());
                }
                support.audit(orgId, by, null, now, "createdUser", SECTION_USERS,
                        "Created new automated-process user " + autoproc.username());
                support.audit(orgId, by, null, now, "createdUser", SECTION_USERS,
                        "Created new standard user " + admin.username() + " with profile " + sysAdmin.name());
                support.audit(orgId, by, null, now, "connectedAppCreate", SECTION_APPS, "Created connected app "
                        + CLI_APP_NAME + " (admin-approved, certificate " + appCert.thumbprint() + ")");
                support.audit(orgId, by, null, now, "connectedAppAccessGrant", SECTION_APPS, "Connected app "
                        + CLI_APP_NAME + ": access granted to profile " + sysAdmin.name());
            });
        } catch (DuplicateValueException e) {
            if (orgs.list().isEmpty()) {
                throw e;
            }
            return null;
        }
        return new Provisioned(orgId, autoproc.id(), admin.id(), app);
    }

    /** The Automated Process user of an org made by {@link #createOrg}. */
    public String automatedProcessUser(String orgId) {
        return ports.users().listByType(orgId, UserType.AUTOMATED_PROCESS, 1).stream().findFirst()
                .map(User::id).orElseThrow(() -> new IllegalStateException("org " + orgId
                        + " has no Automated Process user; the database is not a Userbound bootstrap"));
    }

    /** The CLI app of an org, created again and granted to System Administrator when the org lost it. */
    public ConnectedApp cliApp(String orgId, String autoprocId) {
        Optional<ConnectedApp> existing = ports.apps().findByName(orgId, CLI_APP_NAME);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = support.now();
        ConnectedApp app = cliApp(orgId, now);
        Optional<Profile> sysAdmin = ports.profiles().findByName(orgId, Profile.SYSTEM_ADMINISTRATOR);
        ports.transactions().run(() -> {
            ports.apps().insert(app);
            support.audit(orgId, autoprocId, null, now, "connectedAppCreate", SECTION_APPS, "Created connected app "
                    + CLI_APP_NAME + " (admin-approved)");
            sysAdmin.ifPresent(p -> {
                ports.appAccess().grant(new AppAccessGrant(support.ids().next(KeyPrefix.SETUP_ENTITY_ACCESS), orgId,
                        app.id(), p.id(), now));
                support.audit(orgId, autoprocId, null, now, "connectedAppAccessGrant", SECTION_APPS, "Connected app "
                        + CLI_APP_NAME + ": access granted to profile " + p.name());
            });
        });
        return app;
    }

    /** Whether the app holds the certificate with this thumbprint. */
    public boolean holdsCertificate(ConnectedApp app, String thumbprint) {
        return ports.certificates().listForApp(app.id()).stream().anyMatch(c -> c.thumbprint().equals(thumbprint));
    }

    /** Adds a certificate to the app, audited as made by {@code by}; returns it. */
    public AppCertificate addCertificate(ConnectedApp app, String by, String certificatePem) {
        Instant now = support.now();
        AppCertificate cert = CertificateParser.parse(certificatePem, now)
                .toAppCertificate(support.ids().next(KeyPrefix.CERTIFICATE), app.id(), now);
        ports.transactions().run(() -> {
            ports.certificates().insert(cert);
            support.audit(app.orgId(), by, null, now, "connectedAppCertificateAdd", SECTION_APPS, "Connected app "
                    + app.name() + ": added certificate " + cert.thumbprint() + " (" + cert.subject() + ")");
        });
        return cert;
    }

    private Profile profile(String orgId, String name, EnumSet<SystemPermission> permissions, Instant now) {
        return new Profile(support.ids().next(KeyPrefix.PROFILE), orgId, name, permissions, now);
    }

    private ConnectedApp cliApp(String orgId, Instant now) {
        return AppSettings.newApp(support.ids().next(KeyPrefix.CONNECTED_APP), orgId, CLI_APP_NAME,
                ConsumerCredentials.newConsumerKey(), null, ConnectedApp.DEFAULT_SCOPES, now);
    }
}
