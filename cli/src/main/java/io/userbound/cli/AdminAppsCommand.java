package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.PemKeys;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound admin apps ...}. */
@Command(name = "apps", description = "Manage connected apps: certificates, access grants, approvals, the client "
        + "credentials flow and consumer secrets.",
        subcommands = {AdminAppsCommand.Create.class, AdminAppsCommand.AddCert.class,
                AdminAppsCommand.RemoveCert.class, AdminAppsCommand.Grant.class, AdminAppsCommand.Approve.class,
                AdminAppsCommand.Show.class, AdminAppsCommand.ClientCredentials.class,
                AdminAppsCommand.RotateSecret.class, AdminAppsCommand.RevokeSecret.class,
                AdminAppsCommand.Delete.class})
final class AdminAppsCommand {

    private static final String APPS = "sobjects/ConnectedApplication/";

    /** Reads a certificate file locally, so a bad file fails before any call, and returns it as PEM. */
    static String certificatePem(BaseCommand command, String file) {
        X509Certificate cert = PemKeys.readCertificate(command.env().resolve(file));
        return PemKeys.toPem(cert);
    }

    @Command(name = "create", description = {"Create a connected app (POST sobjects/ConnectedApplication).",
        "Prints the consumer key and the consumer secret; the secret is shown only this once."})
    static final class Create extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "N", description = "Unique per org.")
        String name;

        @Option(names = "--cert", paramLabel = "FILE", description = "A certificate (PEM or DER) for the JWT bearer "
                + "flow; more can be added with add-cert.")
        String cert;

        @Option(names = "--policy", paramLabel = "POLICY", description = "admin-approved (default: users need a "
                + "profile or permission set grant) or self-authorize (users need an approval).")
        String policy;

        @Override
        protected Result execute() {
            String p = null;
            if (policy != null) {
                p = policy.toLowerCase(Locale.ROOT);
                if (!p.equals("admin-approved") && !p.equals("self-authorize")) {
                    throw new ParameterException(spec.commandLine(), "invalid --policy '" + policy
                            + "': use admin-approved or self-authorize");
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Name", name);
            if (p != null) {
                body.put("PermittedUsersPolicy", p);
            }
            if (cert != null) {
                body.put("Certificate", certificatePem(this, cert));
            }
            JsonNode reply = admin().post("sobjects/ConnectedApplication", body);
            String id = Output.required(reply, "id", "apps create");
            String key = Output.required(reply, "consumerKey", "apps create");
            String secret = Output.text(reply, "consumerSecret");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("consumerKey", key);
            json.put("consumerSecret", secret);
            String text = "Created connected app " + name + " (" + id + ")\n"
                    + "Consumer key:    " + key + "\n"
                    + "Consumer secret: " + secret + "\n"
                    + "The secret is shown only this once: store it now.";
            return new Result(json, text);
        }
    }

    @Command(name = "add-cert", description = "Add a certificate to an app: keys rotate without downtime.")
    static final class AddCert extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The certificate (PEM or DER).")
        String cert;

        @Override
        protected Result execute() {
            String pem = certificatePem(this, cert);
            AdminClient admin = admin();
            String appId = admin.appId(app);
            JsonNode reply = admin.post(APPS + appId + "/certificates", Map.of("Certificate", pem));
            ObjectNode json = Output.object();
            json.put("id", Output.required(reply, "id", "apps add-cert"));
            json.put("thumbprint", Output.text(reply, "thumbprint"));
            json.put("notAfter", Output.text(reply, "notAfter"));
            return new Result(json, "Added certificate " + Output.text(reply, "thumbprint") + " to app " + app
                    + " (valid until " + Output.text(reply, "notAfter") + ")");
        }
    }

    @Command(name = "remove-cert", description = "Remove a certificate from an app: it stops verifying assertions "
            + "at once.")
    static final class RemoveCert extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Option(names = "--thumbprint", required = true, paramLabel = "T",
                description = "The certificate's SHA-256 thumbprint (hex), as add-cert and apps show print it.")
        String thumbprint;

        @Override
        protected Result execute() {
            String t = thumbprint.replace(":", "").toLowerCase(Locale.ROOT);
            if (!t.matches("[0-9a-f]{64}")) {
                throw new ParameterException(spec.commandLine(), "invalid --thumbprint '" + thumbprint
                        + "': expected 64 hex digits (SHA-256)");
            }
            AdminClient admin = admin();
            String appId = admin.appId(app);
            admin.delete(APPS + appId + "/certificates/" + t);
            ObjectNode json = Output.object();
            json.put("appId", appId);
            json.put("thumbprint", t);
            json.put("removed", true);
            return new Result(json, "Removed certificate " + t + " from app " + app);
        }
    }

    static final class GrantTarget {
        @Option(names = "--profile", required = true, paramLabel = "NAME", description = "Grant to a profile.")
        String profile;

        @Option(names = "--permset", required = true, paramLabel = "NAME", description = "Grant to a permission set.")
        String permset;
    }

    @Command(name = "grant", description = "Pre-authorize a profile's or permission set's users for an "
            + "admin-approved app (POST sobjects/SetupEntityAccess).")
    static final class Grant extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @ArgGroup(exclusive = true, multiplicity = "1")
        GrantTarget target;

        @Override
        protected Result execute() {
            AdminClient admin = admin();
            String appId = admin.appId(app);
            String parentId = target.profile != null ? admin.profileId(target.profile)
                    : admin.permissionSetId(target.permset);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ParentId", parentId);
            body.put("SetupEntityId", appId);
            String id = Output.required(admin.post("sobjects/SetupEntityAccess", body), "id", "apps grant");
            ObjectNode json = Output.object();
            json.put("id", id);
            String to = target.profile != null ? "profile " + target.profile : "permission set " + target.permset;
            return new Result(json, "Granted app " + app + " to " + to + " (" + id + ")");
        }
    }

    @Command(name = "approve", description = "Record a user's approval of a self-authorize app.")
    static final class Approve extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Option(names = "--username", required = true, paramLabel = "U")
        String username;

        @Override
        protected Result execute() {
            AdminClient admin = admin();
            String appId = admin.appId(app);
            String userId = admin.userId(username);
            String id = Output.required(admin.post(APPS + appId + "/approvals", Map.of("UserId", userId)), "id",
                    "apps approve");
            ObjectNode json = Output.object();
            json.put("id", id);
            return new Result(json, "Recorded " + username + "'s approval of app " + app + " (" + id + ")");
        }
    }

    @Command(name = "show", description = "Show an app: policy, scopes, client credentials, certificates.")
    static final class Show extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Override
        protected Result execute() {
            JsonNode record = admin().app(app);
            ObjectNode json = record.isObject() ? (ObjectNode) record : Output.object();
            List<String> scopes = new ArrayList<>();
            record.path("Scopes").forEach(s -> scopes.add(s.asText()));
            List<JsonNode> certs = new ArrayList<>();
            record.path("Certificates").forEach(certs::add);
            StringBuilder text = new StringBuilder()
                    .append("Name:         ").append(Output.text(record, "Name")).append('\n')
                    .append("Id:           ").append(Output.text(record, "Id")).append('\n')
                    .append("Consumer key: ").append(Output.text(record, "ConsumerKey")).append('\n')
                    .append("Policy:       ").append(Output.text(record, "PermittedUsersPolicy")).append('\n')
                    .append("Scopes:       ").append(String.join(" ", scopes)).append('\n')
                    .append("Client creds: ").append(record.path("ClientCredentialsEnabled").asBoolean()
                            ? "enabled, run as " + Output.text(record, "RunAsUserId")
                            : "disabled").append('\n');
            if (!Output.text(record, "PreviousSecretExpires").isEmpty()) {
                text.append("Old secret:   works until ").append(Output.text(record, "PreviousSecretExpires"))
                        .append('\n');
            }
            if (certs.isEmpty()) {
                text.append("Certificates: none");
            } else {
                text.append("Certificates:\n").append(Output.table(
                        List.of("THUMBPRINT", "SUBJECT", "NOT AFTER", "ACTIVE", "LAST USED"), certs,
                        List.of(AdminCommand.field("Thumbprint"), AdminCommand.field("Subject"),
                                AdminCommand.field("NotAfter"), AdminCommand.field("IsActive"),
                                AdminCommand.field("LastUsedDate"))));
            }
            return new Result(json, text.toString());
        }
    }

    @Command(name = "client-credentials", description = {"Enable the client credentials flow on an app with its "
            + "run-as user, or disable it (PATCH sobjects/ConnectedApplication/{id}).",
        "Tokens of the flow run as the run-as user: use a dedicated integration user (admin users create --type "
                + "integration); under admin-approved it must also be granted the app (apps grant)."})
    static final class ClientCredentials extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Option(names = "--run-as", paramLabel = "USER",
                description = "The username every token of the flow runs as; required unless --disable.")
        String runAs;

        @Option(names = "--disable", description = "Switch the flow off (the run-as user is kept unless --run-as "
                + "names another).")
        boolean disable;

        @Override
        protected Result execute() {
            if (runAs == null && !disable) {
                throw new ParameterException(spec.commandLine(), "give --run-as USER to enable the flow, or "
                        + "--disable");
            }
            AdminClient admin = admin();
            String appId = admin.appId(app);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ClientCredentialsEnabled", !disable);
            String userId = null;
            if (runAs != null) {
                userId = admin.userId(runAs);
                body.put("RunAsUserId", userId);
            }
            admin.patch(APPS + appId, body);
            ObjectNode json = Output.object();
            json.put("id", appId);
            json.put("clientCredentialsEnabled", !disable);
            if (userId != null) {
                json.put("runAsUserId", userId);
                json.put("runAs", runAs.toLowerCase(Locale.ROOT));
            }
            String text = disable
                    ? "Disabled the client credentials flow on app " + app
                            + (runAs != null ? " (run-as user set to " + runAs + ")" : "")
                    : "Enabled the client credentials flow on app " + app + ": tokens run as " + runAs + " ("
                            + userId + ")";
            return new Result(json, text);
        }
    }

    @Command(name = "rotate-secret", description = {"Give an app a new consumer secret (POST "
            + "sobjects/ConnectedApplication/{id}/rotateSecret). The new secret is shown only this once.",
        "The old secret keeps working for the overlap (default 24 hours) so clients can switch without downtime; "
                + "revoke-secret ends it early."})
    static final class RotateSecret extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Option(names = "--overlap-hours", paramLabel = "N",
                description = "How long the old secret keeps working: 0 to 168 hours (default 24).")
        Integer overlapHours;

        @Override
        protected Result execute() {
            if (overlapHours != null && (overlapHours < 0 || overlapHours > 168)) {
                throw new ParameterException(spec.commandLine(), "invalid --overlap-hours " + overlapHours
                        + ": use 0 to 168");
            }
            AdminClient admin = admin();
            String appId = admin.appId(app);
            Map<String, Object> body = new LinkedHashMap<>();
            if (overlapHours != null) {
                body.put("OverlapSeconds", overlapHours * 3600L);
            }
            JsonNode reply = admin.post(APPS + appId + "/rotateSecret", body);
            String key = Output.required(reply, "consumerKey", "apps rotate-secret");
            String secret = Output.required(reply, "consumerSecret", "apps rotate-secret");
            String expires = Output.text(reply, "previousSecretExpires");
            ObjectNode json = Output.object();
            json.put("consumerKey", key);
            json.put("consumerSecret", secret);
            if (expires.isEmpty()) {
                json.putNull("previousSecretExpires");
            } else {
                json.put("previousSecretExpires", expires);
            }
            String text = "Rotated the consumer secret of app " + app + "\n"
                    + "Consumer key:    " + key + "\n"
                    + "Consumer secret: " + secret + "\n"
                    + (expires.isEmpty() ? "The previous secret stopped working at once."
                            : "The previous secret works until " + expires + " (revoke-secret ends it now).") + "\n"
                    + "The new secret is shown only this once: store it now.";
            return new Result(json, text);
        }
    }

    @Command(name = "revoke-secret", description = "Make an app's previous consumer secret (the one the last "
            + "rotate-secret replaced) stop working at once (POST sobjects/ConnectedApplication/{id}/revokeSecret). "
            + "The current secret is not touched.")
    static final class RevokeSecret extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Override
        protected Result execute() {
            AdminClient admin = admin();
            String appId = admin.appId(app);
            JsonNode reply = admin.post(APPS + appId + "/revokeSecret", Map.of());
            boolean revoked = reply.path("previousSecretRevoked").asBoolean(false);
            ObjectNode json = Output.object();
            json.put("id", appId);
            json.put("consumerKey", app);
            json.put("previousSecretRevoked", revoked);
            return new Result(json, revoked ? "Revoked the previous consumer secret of app " + app
                    : "App " + app + " had no previous consumer secret in its overlap window; nothing changed");
        }
    }

    @Command(name = "delete", description = {"Delete a connected app with its certificates, access grants and "
        + "approvals (DELETE sobjects/ConnectedApplication/{id}).",
        "Every token the app issued is revoked in the same transaction, on every node within 2 s. The app whose "
                + "token the CLI is using cannot delete itself."})
    static final class Delete extends AdminBase {

        @Option(names = "--app", required = true, paramLabel = "KEY", description = "The app's consumer key.")
        String app;

        @Override
        protected Result execute() {
            AdminClient admin = admin();
            String appId = admin.appId(app);
            admin.delete(APPS + appId);
            ObjectNode json = Output.object();
            json.put("id", appId);
            json.put("consumerKey", app);
            json.put("deleted", true);
            return new Result(json, "Deleted app " + app + " and revoked every token it issued");
        }
    }
}
