package io.userbound.core.admin.apps;

import static io.userbound.core.admin.AdminSupport.SECTION_APPS;
import static io.userbound.core.admin.AdminSupport.duplicate;
import static io.userbound.core.admin.AdminSupport.pathId;

import io.userbound.core.ApiException;
import io.userbound.core.admin.*;
import io.userbound.core.model.*;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Instant;
import java.util.*;
import java.util.function.Supplier;

/**
 * The credentials of a connected app: its consumer secrets (rotation with an overlap, the new one shown once;
 * revocation of the previous one) and its certificates (add, remove; listed by {@link ConnectedAppAdmin#get}).
 */
public final class AppCredentialAdmin {
    /** How long a rotated-out consumer secret keeps working by default: 24 hours. */
    public static final long DEFAULT_SECRET_OVERLAP_SECONDS = 24 * 3600;
    /** The longest overlap a rotation may ask for: 7 days. */
    public static final long MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;
    /** How often a secret change is retried when another change of the same app's secrets won the race. */
    public static final int SECRET_CHANGE_ATTEMPTS = 5;

    private final AdminSupport support;
    private final AdminPorts ports;
    private final SecretHasher secretHasher;

    public AppCredentialAdmin(AdminSupport support, SecretHasher secretHasher) {
        this.support = support;
        this.ports = support.ports();
        this.secretHasher = secretHasher;
    }

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/rotateSecret}: a new consumer secret (256 random bits, shown
     * once, stored as a keyed hash); the one it replaces keeps working for {@code OverlapSeconds} (optional body
     * member, 0 to {@link #MAX_SECRET_OVERLAP_SECONDS}, default {@link #DEFAULT_SECRET_OVERLAP_SECONDS}) so clients
     * can switch without downtime. An app holds at most one previous secret: an older one still in its window is
     * dropped. Needs {@code CustomizeApplication}; one {@code SetupAuditTrail} row.
     */
    public RotatedSecret rotateSecret(Caller caller, String appId, SecretRotation command) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "rotate consumer secrets");
        String id18 = pathId(appId, KeyPrefix.CONNECTED_APP);
        support.appInOrg(caller, id18);
        long overlap = DEFAULT_SECRET_OVERLAP_SECONDS;
        if (command.overlapSeconds().present()) {
            long v = command.overlapSeconds().required();
            if (v < 0 || v > MAX_SECRET_OVERLAP_SECONDS) {
                throw Fields.badValue("OverlapSeconds", "must be between 0 and " + MAX_SECRET_OVERLAP_SECONDS
                        + " (7 days)");
            }
            overlap = v;
        }
        String secret = ConsumerCredentials.newConsumerSecret();
        String newHash = secretHasher.hash(secret);
        String context = support.context(caller);
        for (int attempt = 0; attempt < SECRET_CHANGE_ATTEMPTS; attempt++) {
            ConnectedApp app = support.appInOrg(caller, id18);
            Instant now = support.now();
            String previous = overlap > 0 ? app.consumerSecretHash() : null;
            Instant expires = previous == null ? null : now.plusSeconds(overlap);
            StringBuilder display = new StringBuilder("Connected app " + app.name() + ": consumer secret rotated; ");
            if (app.consumerSecretHash() == null) {
                display.append("the app had no secret before");
            } else if (previous == null) {
                display.append("the previous secret stopped working at once");
            } else {
                display.append("the previous secret works until ").append(expires);
            }
            if (app.previousSecretValidAt(now)) {
                display.append("; the older secret that was valid until ").append(app.previousSecretExpires())
                        .append(" was dropped");
            }
            boolean replaced = ports.transactions().inTransaction(() -> {
                if (!ports.apps().replaceSecrets(app.id(), app.consumerSecretHash(), newHash, previous, expires,
                        now)) {
                    return false;
                }
                support.audit(caller, context, now, "connectedAppSecretRotate", SECTION_APPS, display.toString());
                return true;
            });
            if (replaced) {
                return new RotatedSecret(app.withSecrets(newHash, previous, expires, now), secret, expires);
            }
        }
        throw concurrentSecretChange();
    }

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/revokeSecret}: the previous consumer secret (the one the last
     * rotation replaced) stops working at once; the current one is untouched. Needs {@code CustomizeApplication}.
     * Writes one {@code SetupAuditTrail} row when there was a previous secret, none otherwise.
     *
     * @return true when a previous secret that still worked was revoked; false when there was none in its window
     */
    public boolean revokeSecret(Caller caller, String appId) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "revoke consumer secrets");
        String id18 = pathId(appId, KeyPrefix.CONNECTED_APP);
        String context = support.context(caller);
        for (int attempt = 0; attempt < SECRET_CHANGE_ATTEMPTS; attempt++) {
            ConnectedApp app = support.appInOrg(caller, id18);
            if (app.previousSecretHash() == null) {
                return false;
            }
            Instant now = support.now();
            boolean wasValid = app.previousSecretValidAt(now);
            String display = "Connected app " + app.name() + ": " + (wasValid
                    ? "previous consumer secret revoked (it was valid until " + app.previousSecretExpires() + ")"
                    : "expired previous consumer secret cleared");
            boolean replaced = ports.transactions().inTransaction(() -> {
                if (!ports.apps().replaceSecrets(app.id(), app.consumerSecretHash(), app.consumerSecretHash(), null,
                        null, now)) {
                    return false;
                }
                support.audit(caller, context, now, "connectedAppSecretRevoke", SECTION_APPS, display);
                return true;
            });
            if (replaced) {
                return wasValid;
            }
        }
        throw concurrentSecretChange();
    }

    private static ApiException concurrentSecretChange() {
        return new ApiException(RestErrorCode.INVALID_OPERATION, "The consumer secrets of this app were changed by "
                + SECRET_CHANGE_ATTEMPTS + " concurrent requests in a row; nothing was changed: try again");
    }

    /** {@code POST sobjects/ConnectedApplication/{id}/certificates}; needs {@code CustomizeApplication}. */
    public AppCertificate addCertificate(Caller caller, String appId, NewCertificate command) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "add certificates to connected apps");
        ConnectedApp app = support.appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        Instant now = support.now();
        CertificateParser.Parsed parsed = CertificateParser.parse(command.pem().value(), now);
        Supplier<ApiException> dup = () -> duplicate("Certificate",
                "connected app " + app.name() + " already holds the certificate " + parsed.thumbprint());
        if (ports.certificates().listForApp(app.id()).stream()
                .anyMatch(c -> c.thumbprint().equals(parsed.thumbprint()))) {
            throw dup.get();
        }
        AppCertificate cert = parsed.toAppCertificate(support.ids().next(KeyPrefix.CERTIFICATE), app.id(), now);
        String context = support.context(caller);
        support.change(() -> {
            ports.certificates().insert(cert);
            support.audit(caller, context, now, "connectedAppCertificateAdd", SECTION_APPS, "Connected app " + app.name()
                    + ": added certificate " + cert.thumbprint() + " (" + cert.subject() + ")");
        }, e -> dup.get());
        return cert;
    }

    /** {@code DELETE sobjects/ConnectedApplication/{id}/certificates/{thumbprint}}; needs CustomizeApplication. */
    public void removeCertificate(Caller caller, String appId, String thumbprint) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "remove certificates from connected apps");
        ConnectedApp app = support.appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        String tp = thumbprint == null ? "" : thumbprint.strip().toLowerCase(Locale.ROOT);
        if (ports.certificates().listForApp(app.id()).stream().noneMatch(c -> c.thumbprint().equals(tp))) {
            throw ApiException.notFound();
        }
        Instant now = support.now();
        String context = support.context(caller);
        support.change(() -> {
            if (!ports.certificates().remove(app.id(), tp)) {
                throw ApiException.notFound();
            }
            support.audit(caller, context, now, "connectedAppCertificateRemove", SECTION_APPS,
                    "Connected app " + app.name() + ": removed certificate " + tp);
        }, e -> null);
    }

}
