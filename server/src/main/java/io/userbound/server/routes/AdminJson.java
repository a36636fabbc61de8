package io.userbound.server.routes;

import io.userbound.core.admin.AppDetails;
import io.userbound.core.model.AppAccessGrant;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.LoginHistoryEntry;
import io.userbound.core.model.PermissionSet;
import io.userbound.core.model.PermissionSetAssignment;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SetupAuditEntry;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.server.http.Dates;
import io.userbound.store.AuditReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The JSON shapes of the admin surface ({@code docs/admin-api.md}): records in Salesforce's sObject form. */
public final class AdminJson {
    private AdminJson() {
    }

    static Map<String, Object> user(User u, int version) {
        Map<String, Object> m = record("User", u.id(), version);
        m.put("Username", u.username());
        m.put("FirstName", u.firstName());
        m.put("LastName", u.lastName());
        m.put("Name", u.displayName());
        m.put("Email", u.email());
        m.put("IsActive", u.active());
        m.put("UserType", u.type().salesforceValue());
        m.put("ProfileId", u.profileId());
        m.put("CreatedDate", Dates.format(u.createdDate()));
        m.put("LastModifiedDate", Dates.format(u.lastModifiedDate()));
        return m;
    }

    static Map<String, Object> profile(Profile p, int version) {
        Map<String, Object> m = record("Profile", p.id(), version);
        m.put("Name", p.name());
        permissions(m, p.permissions());
        m.put("CreatedDate", Dates.format(p.createdDate()));
        return m;
    }

    static Map<String, Object> permissionSet(PermissionSet p, int version) {
        Map<String, Object> m = record("PermissionSet", p.id(), version);
        m.put("Name", p.name());
        m.put("Label", p.label());
        permissions(m, p.permissions());
        m.put("CreatedDate", Dates.format(p.createdDate()));
        return m;
    }

    static Map<String, Object> assignment(PermissionSetAssignment a, int version) {
        Map<String, Object> m = record("PermissionSetAssignment", a.id(), version);
        m.put("AssigneeId", a.assigneeId());
        m.put("PermissionSetId", a.permissionSetId());
        m.put("CreatedDate", Dates.format(a.createdDate()));
        return m;
    }

    static Map<String, Object> app(AppDetails d, int version) {
        ConnectedApp a = d.app();
        Map<String, Object> m = record("ConnectedApplication", a.id(), version);
        m.put("Name", a.name());
        m.put("ConsumerKey", a.consumerKey());
        m.put("PermittedUsersPolicy", a.policy().cliName());
        m.put("Scopes", new ArrayList<>(new TreeSet<>(a.scopes())));
        m.put("ClientCredentialsEnabled", a.clientCredentialsEnabled());
        m.put("RunAsUserId", a.runAsUserId());
        m.put("AllowedAlgorithms", new ArrayList<>(new TreeSet<>(a.allowedAlgorithms())));
        m.put("AssertionMaxLifetimeSeconds", a.assertionMaxLifetime().getSeconds());
        m.put("JtiRequired", a.jtiRequired());
        m.put("TokenLifetimeSeconds", a.tokenLifetime().getSeconds());
        m.put("PreviousSecretExpires", Dates.format(a.previousSecretExpires()));
        List<Object> certs = new ArrayList<>();
        for (AppCertificate c : d.certificates()) {
            certs.add(certificate(c));
        }
        m.put("Certificates", certs);
        m.put("CreatedDate", Dates.format(a.createdDate()));
        m.put("LastModifiedDate", Dates.format(a.lastModifiedDate()));
        return m;
    }

    static Map<String, Object> certificate(AppCertificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Thumbprint", c.thumbprint());
        m.put("Subject", c.subject());
        m.put("NotBefore", Dates.format(c.notBefore()));
        m.put("NotAfter", Dates.format(c.notAfter()));
        m.put("IsActive", c.active());
        m.put("LastUsedDate", Dates.format(c.lastUsedAt()));
        return m;
    }

    static Map<String, Object> grant(AppAccessGrant g, int version) {
        Map<String, Object> m = record("SetupEntityAccess", g.id(), version);
        m.put("ParentId", g.parentId());
        m.put("SetupEntityId", g.appId());
        m.put("SetupEntityType", "ConnectedApplication");
        m.put("CreatedDate", Dates.format(g.createdDate()));
        return m;
    }

    static Map<String, Object> loginHistory(LoginHistoryEntry e, int version, boolean withDetail) {
        Map<String, Object> m = record("LoginHistory", e.id(), version);
        m.put("UserId", e.userId());
        m.put("Username", e.username());
        m.put("LoginTime", Dates.format(e.loginTime()));
        m.put("LoginType", e.loginType());
        m.put("LoginSubType", e.loginSubType());
        m.put("SourceIp", e.sourceIp());
        m.put("LoginUrl", e.loginUrl());
        m.put("Status", e.status());
        m.put("Application", e.application());
        m.put("ConsumerKey", e.consumerKey());
        m.put("CertificateThumbprint", e.certificateThumbprint());
        m.put("Browser", e.userAgent());
        if (withDetail) {
            m.put("Detail", e.detail());
        }
        return m;
    }

    static Map<String, Object> setupAudit(SetupAuditEntry e, int version) {
        Map<String, Object> m = record("SetupAuditTrail", e.id(), version);
        m.put("Action", e.action());
        m.put("Section", e.section());
        m.put("Display", e.display());
        m.put("CreatedById", e.createdById());
        m.put("CreatedDate", Dates.format(e.createdDate()));
        m.put("CreatedByContext", e.createdByContext());
        return m;
    }

    /** A create reply: {@code {"id", "success": true, "errors": []}}. */
    static Map<String, Object> created(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("success", true);
        m.put("errors", List.of());
        return m;
    }

    /** A query-result-shaped list reply. */
    static Map<String, Object> queryResult(List<Map<String, Object>> records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalSize", records.size());
        m.put("done", true);
        m.put("records", records);
        return m;
    }

    /** The {@code attributes} and {@code Id} every sObject-shaped reply starts with. */
    static Map<String, Object> record(String type, String id, int version) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type);
        attributes.put("url", "/services/data/v" + version + ".0/sobjects/" + type + "/" + id);
        m.put("attributes", attributes);
        m.put("Id", id);
        return m;
    }

    private static void permissions(Map<String, Object> m, Set<SystemPermission> held) {
        for (SystemPermission p : SystemPermission.values()) {
            m.put(p.fieldName(), held.contains(p));
        }
    }

    /**
     * {@code GET userbound/audit/verify}: {@code {"intact", "rows": {"LoginHistory": n, ...}, "chains", "checkpoints",
     * "purges", "problemCount", "problems": [{"kind", "table", "id", "chain", "seq", "detail"}]}}; the first problem
     * is the first in table, chain and number order.
     */
    static Map<String, Object> auditReport(AuditReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intact", report.intact());
        m.put("rows", report.rows());
        m.put("chains", report.chains());
        m.put("checkpoints", report.checkpoints());
        m.put("purges", report.purges());
        m.put("problemCount", report.problemCount());
        m.put("problems", report.problems().stream().map(p -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", p.kind());
            e.put("table", p.table());
            e.put("id", p.id());
            e.put("chain", p.chain());
            e.put("seq", p.seq());
            e.put("detail", p.detail());
            return e;
        }).toList());
        return m;
    }
}
