package io.userbound.core.admin.apps;

import static io.userbound.core.admin.AdminSupport.SECTION_APPS;
import static io.userbound.core.admin.AdminSupport.duplicate;
import static io.userbound.core.admin.AdminSupport.maxLength;
import static io.userbound.core.admin.AdminSupport.pathId;
import static io.userbound.core.admin.AdminSupport.revokedNote;

import io.userbound.core.ApiException;
import io.userbound.core.admin.*;
import io.userbound.core.model.*;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Instant;
import java.util.*;

/**
 * Connected apps ({@code sobjects/ConnectedApplication}): creation with its consumer secret shown once, reads with
 * their certificates, settings changes (see {@link AppSettings}) and deletion, each revoking the tokens whose access
 * it ends. Secrets and certificates are {@link AppCredentialAdmin}.
 */
public final class ConnectedAppAdmin {
    private static final int MAX_NAME = 80;

    private final AdminSupport support;
    private final AdminPorts ports;
    private final SecretHasher secretHasher;
    private final AppSettings settings;

    /** @param secretHasher turns a new app's consumer secret into the keyed hash that is stored */
    public ConnectedAppAdmin(AdminSupport support, SecretHasher secretHasher) {
        this.support = support;
        this.ports = support.ports();
        this.secretHasher = secretHasher;
        this.settings = new AppSettings(ports.users());
    }


    /** {@code POST sobjects/ConnectedApplication}; needs {@code CustomizeApplication}. */
    public CreatedApp create(Caller caller, NewApp command) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "create connected apps");
        String name = maxLength("Name", command.name().required(), MAX_NAME);
        Set<String> scopes = AppSettings.scopes(command.scopes().value());
        Instant now = support.now();
        String pem = command.certificate().value();
        CertificateParser.Parsed parsed = pem == null || pem.isBlank() ? null : CertificateParser.parse(pem, now);
        if (ports.apps().findByName(caller.orgId(), name).isPresent()) {
            throw duplicate("Name", "a connected app named " + name + " already exists");
        }
        String secret = ConsumerCredentials.newConsumerSecret();
        ConnectedApp fresh = AppSettings.newApp(support.ids().next(KeyPrefix.CONNECTED_APP), caller.orgId(), name,
                ConsumerCredentials.newConsumerKey(), secretHasher.hash(secret), scopes, now);
        ConnectedApp app = settings.apply(caller, command.settings(), fresh, now, new ArrayList<>());
        PermittedUsersPolicy policy = app.policy();
        List<AppCertificate> certs = parsed == null ? List.of()
                : List.of(parsed.toAppCertificate(support.ids().next(KeyPrefix.CERTIFICATE), app.id(), now));
        String context = support.context(caller);
        support.change(() -> {
            ports.apps().insert(app);
            for (AppCertificate c : certs) {
                ports.certificates().insert(c);
            }
            support.audit(caller, context, now, "connectedAppCreate", SECTION_APPS, "Created connected app " + name
                    + " (" + policy.cliName() + (certs.isEmpty() ? "" : ", certificate " + certs.get(0).thumbprint())
                    + ")");
        }, e -> "Name".equals(e.field()) ? duplicate("Name", "a connected app named " + name + " already exists")
                : null);
        return new CreatedApp(app, secret, certs);
    }

    /** {@code GET sobjects/ConnectedApplication/{id}}; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public AppDetails get(Caller caller, String id) {
        caller.requireAny("read connected apps", SystemPermission.VIEW_SETUP, SystemPermission.CUSTOMIZE_APPLICATION);
        ConnectedApp app = support.appInOrg(caller, pathId(id, KeyPrefix.CONNECTED_APP));
        return new AppDetails(app, ports.certificates().listForApp(app.id()));
    }

    /** {@code GET sobjects/ConnectedApplication/ConsumerKey/{key}}; same access as {@link #get}. */
    public AppDetails getByConsumerKey(Caller caller, String consumerKey) {
        caller.requireAny("read connected apps", SystemPermission.VIEW_SETUP, SystemPermission.CUSTOMIZE_APPLICATION);
        ConnectedApp app = ports.apps().findByConsumerKey(consumerKey == null ? "" : consumerKey.strip())
                .filter(a -> a.orgId().equals(caller.orgId())).orElseThrow(ApiException::notFound);
        return new AppDetails(app, ports.certificates().listForApp(app.id()));
    }

    /**
     * {@code PATCH sobjects/ConnectedApplication/{id}}: any of {@code PermittedUsersPolicy},
     * {@code ClientCredentialsEnabled}, {@code RunAsUserId}, {@code JtiRequired},
     * {@code AssertionMaxLifetimeSeconds}, {@code AllowedAlgorithms}; needs {@code CustomizeApplication}.
     */
    public void update(Caller caller, String id, AppUpdate command) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "edit connected apps");
        String id18 = pathId(id, KeyPrefix.CONNECTED_APP);
        ConnectedApp seen = support.appInOrg(caller, id18);
        if (command.changesNothing()) {
            return;
        }
        Instant now = support.now();
        // checked once before the transaction, so that a bad body fails without one
        settings.apply(caller, command, seen, now, new ArrayList<>());
        String context = support.context(caller);
        support.change(() -> {
            // the app as the database holds it now (inside a transaction the caches read the database): a settings
            // change made on another node a moment ago is neither undone nor misjudged
            ConnectedApp app = support.appInOrg(caller, id18);
            List<String> changes = new ArrayList<>();
            ConnectedApp updated = settings.apply(caller, command, app, now, changes);
            String action = command.setsPolicy() && changes.size() == 1 ? "connectedAppPolicyChange"
                    : "connectedAppChange";
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = usersWhoseAccessMayChange(app, updated)
                    .map(users -> revocations.before(users, List.of(app.id()))).orElse(null);
            ports.apps().update(updated);
            if (access != null) {
                access.revokeChanged();
            }
            support.audit(caller, context, now, action, SECTION_APPS, "Connected app " + app.name() + ": "
                    + (changes.isEmpty() ? "no change" : String.join(", ", changes)) + revokedNote(revocations));
        }, e -> null);
    }

    /**
     * The users whose access to the app a settings change may change: every user of the org when the permitted-users
     * policy changes, the run-as users when the client credentials flow or its run-as user changes; empty when no
     * setting that decides access changes.
     */
    private Optional<List<String>> usersWhoseAccessMayChange(ConnectedApp before, ConnectedApp after) {
        if (before.policy() != after.policy()) {
            return Optional.of(ports.users().ids(before.orgId()));
        }
        if (before.clientCredentialsEnabled() == after.clientCredentialsEnabled()
                && Objects.equals(before.runAsUserId(), after.runAsUserId())) {
            return Optional.empty();
        }
        List<String> runAs = new ArrayList<>();
        if (before.runAsUserId() != null) {
            runAs.add(before.runAsUserId());
        }
        if (after.runAsUserId() != null) {
            runAs.add(after.runAsUserId());
        }
        return Optional.of(runAs);
    }

    /**
     * {@code DELETE sobjects/ConnectedApplication/{id}}: deletes the app with its certificates, access grants and
     * approvals, and revokes every token it issued, in one transaction; needs {@code CustomizeApplication}. The app
     * whose token the caller is using cannot be deleted ({@code FIELD_INTEGRITY_EXCEPTION}): that would cut the
     * caller off.
     */
    public void delete(Caller caller, String id) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "delete connected apps");
        ConnectedApp app = support.appInOrg(caller, pathId(id, KeyPrefix.CONNECTED_APP));
        if (app.id().equals(caller.appId())) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Connected app " + app.name()
                    + " issued the token of this request and cannot delete itself; use another app's token");
        }
        Instant now = support.now();
        String context = support.context(caller);
        support.change(() -> {
            TokenRevocations revocations = support.revocations(now);
            revocations.allOf(app);
            if (!ports.apps().delete(app.id())) {
                throw ApiException.notFound();
            }
            support.audit(caller, context, now, "connectedAppDelete", SECTION_APPS, "Deleted connected app " + app.name()
                    + " (" + app.consumerKey() + ")" + revokedNote(revocations));
        }, e -> null);
    }

}
