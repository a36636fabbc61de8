package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.admin.AppDetails;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.CreatedApp;
import io.userbound.core.admin.RotatedSecret;
import io.userbound.core.admin.access.NewPermissionSet;
import io.userbound.core.admin.appaccess.NewAppAccessGrant;
import io.userbound.core.admin.appaccess.NewApproval;
import io.userbound.core.admin.apps.AppUpdate;
import io.userbound.core.admin.apps.NewApp;
import io.userbound.core.admin.apps.NewCertificate;
import io.userbound.core.admin.apps.SecretRotation;
import io.userbound.core.admin.services.AdminServices;
import io.userbound.core.admin.users.NewAssignment;
import io.userbound.core.admin.users.NewUser;
import io.userbound.core.admin.users.UserUpdate;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.SystemPermission;
import io.userbound.protocol.SalesforceId;
import io.userbound.records.admin.RecordsAdmin;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.port.CustomFieldRow;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.auth.RequestPolicy;
import io.userbound.server.auth.Routes;
import io.userbound.server.http.Dates;
import io.userbound.server.http.ErrorMapper;
import io.userbound.server.http.Json;
import io.userbound.server.http.RequestBodies;
import io.userbound.store.AuditReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin surface of {@code docs/admin-api.md} over HTTP: each route takes the caller its policy authenticated
 * ({@link RequestPolicy#VERSIONED}), reads the JSON body (at most {@link #MAX_BODY_BYTES}), maps it to the typed
 * command of its operation ({@code NewUser}, {@code UserUpdate}, {@code NewApp}, ...; each command's {@code from})
 * and calls {@link AdminServices}, which hold every rule; this class only turns JSON into commands and records into
 * JSON. A command's reading errors surface when the service reads it, after the checks that come before the body.
 */
public final class AdminRoutes {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String S = "/services/data/{version}/sobjects/";
    private static final String U = "/services/data/{version}/userbound/";

    private final AdminServices admin;
    private final RecordsAdmin records;
    private final Supplier<AuditReport> audit;

    /** @param audit checks the audit chains ({@code GET userbound/audit/verify}) */
    public AdminRoutes(AdminServices admin, RecordsAdmin records, Supplier<AuditReport> audit) {
        this.admin = admin;
        this.records = records;
        this.audit = audit;
    }

    public void register(Routes r) {
        r.post(S + "User", ctx -> {
            Request q = request(ctx);
            Map<String, Object> body = body(ctx);
            created(ctx, admin.users().create(q.caller, () -> NewUser.from(body)).id());
        });
        r.get(S + "User/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.user(admin.users().get(q.caller, ctx.pathParam("id")), q.version));
        });
        r.get(S + "User/Username/{username}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.user(admin.users().getByUsername(q.caller, ctx.pathParam("username")),
                    q.version));
        });
        r.patch(S + "User/{id}", ctx -> {
            Request q = request(ctx);
            admin.users().update(q.caller, ctx.pathParam("id"), UserUpdate.from(body(ctx)));
            ctx.status(204);
        });

        r.get(S + "Profile/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.profile(admin.access().getProfile(q.caller, ctx.pathParam("id")), q.version));
        });
        r.get(S + "Profile/Name/{name}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.profile(admin.access().getProfileByName(q.caller, ctx.pathParam("name")),
                    q.version));
        });

        r.post(S + "PermissionSet", ctx -> {
            Request q = request(ctx);
            Map<String, Object> body = body(ctx);
            created(ctx, admin.access().createPermissionSet(q.caller, () -> NewPermissionSet.from(body)).id());
        });
        r.get(S + "PermissionSet/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.permissionSet(admin.access().getPermissionSet(q.caller, ctx.pathParam("id")),
                    q.version));
        });
        r.get(S + "PermissionSet/Name/{name}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.permissionSet(admin.access().getPermissionSetByName(q.caller,
                    ctx.pathParam("name")), q.version));
        });
        r.post(S + "PermissionSetAssignment", ctx -> {
            Request q = request(ctx);
            created(ctx, admin.users().assign(q.caller, NewAssignment.from(body(ctx))).id());
        });
        r.get(S + "PermissionSetAssignment/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.assignment(admin.users().getAssignment(q.caller, ctx.pathParam("id")),
                    q.version));
        });
        r.delete(S + "PermissionSetAssignment/{id}", ctx -> {
            Request q = request(ctx);
            admin.users().unassign(q.caller, ctx.pathParam("id"));
            ctx.status(204);
        });

        r.post(S + "ConnectedApplication", ctx -> {
            Request q = request(ctx);
            CreatedApp app = admin.apps().create(q.caller, NewApp.from(body(ctx)));
            Map<String, Object> reply = AdminJson.created(app.app().id());
            reply.put("consumerKey", app.app().consumerKey());
            reply.put("consumerSecret", app.consumerSecret());
            ErrorMapper.noCache(ctx);
            Json.write(ctx, 201, reply);
        });
        r.get(S + "ConnectedApplication/{id}", ctx -> {
            Request q = request(ctx);
            AppDetails app = admin.apps().get(q.caller, ctx.pathParam("id"));
            Json.write(ctx, 200, AdminJson.app(app, q.version));
        });
        r.get(S + "ConnectedApplication/ConsumerKey/{key}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.app(admin.apps().getByConsumerKey(q.caller, ctx.pathParam("key")),
                    q.version));
        });
        r.patch(S + "ConnectedApplication/{id}", ctx -> {
            Request q = request(ctx);
            admin.apps().update(q.caller, ctx.pathParam("id"), AppUpdate.from(body(ctx)));
            ctx.status(204);
        });
        r.delete(S + "ConnectedApplication/{id}", ctx -> {
            Request q = request(ctx);
            admin.apps().delete(q.caller, ctx.pathParam("id"));
            ctx.status(204);
        });
        r.post(S + "ConnectedApplication/{id}/rotateSecret", ctx -> {
            Request q = request(ctx);
            RotatedSecret rotated = admin.credentials().rotateSecret(q.caller, ctx.pathParam("id"),
                    SecretRotation.from(optionalBody(ctx)));
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", rotated.app().id());
            reply.put("consumerKey", rotated.app().consumerKey());
            reply.put("consumerSecret", rotated.consumerSecret());
            reply.put("previousSecretExpires", Dates.format(rotated.previousSecretExpires()));
            ErrorMapper.noCache(ctx);
            Json.write(ctx, 200, reply);
        });
        r.post(S + "ConnectedApplication/{id}/revokeSecret", ctx -> {
            Request q = request(ctx);
            boolean revoked = admin.credentials().revokeSecret(q.caller, ctx.pathParam("id"));
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("id", SalesforceId.parse(ctx.pathParam("id").strip()).map(SalesforceId::id18).orElseThrow());
            reply.put("previousSecretRevoked", revoked);
            Json.write(ctx, 200, reply);
        });
        r.post(S + "ConnectedApplication/{id}/certificates", ctx -> {
            Request q = request(ctx);
            AppCertificate c = admin.credentials().addCertificate(q.caller, ctx.pathParam("id"),
                    NewCertificate.from(body(ctx)));
            Map<String, Object> reply = AdminJson.created(c.id());
            reply.put("thumbprint", c.thumbprint());
            reply.put("subject", c.subject());
            reply.put("notBefore", Dates.format(c.notBefore()));
            reply.put("notAfter", Dates.format(c.notAfter()));
            Json.write(ctx, 201, reply);
        });
        r.delete(S + "ConnectedApplication/{id}/certificates/{thumbprint}", ctx -> {
            Request q = request(ctx);
            admin.credentials().removeCertificate(q.caller, ctx.pathParam("id"), ctx.pathParam("thumbprint"));
            ctx.status(204);
        });
        r.post(S + "ConnectedApplication/{id}/approvals", ctx -> {
            Request q = request(ctx);
            created(ctx, admin.appAccess().approve(q.caller, ctx.pathParam("id"), NewApproval.from(optionalBody(ctx)))
                    .id());
        });
        r.delete(S + "ConnectedApplication/{id}/approvals/{userId}", ctx -> {
            Request q = request(ctx);
            admin.appAccess().revokeApproval(q.caller, ctx.pathParam("id"), ctx.pathParam("userId"));
            ctx.status(204);
        });

        r.post(S + "SetupEntityAccess", ctx -> {
            Request q = request(ctx);
            created(ctx, admin.appAccess().grant(q.caller, NewAppAccessGrant.from(body(ctx))).id());
        });
        r.get(S + "SetupEntityAccess/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.grant(admin.appAccess().get(q.caller, ctx.pathParam("id")), q.version));
        });
        r.delete(S + "SetupEntityAccess/{id}", ctx -> {
            Request q = request(ctx);
            admin.appAccess().revoke(q.caller, ctx.pathParam("id"));
            ctx.status(204);
        });

        r.get(S + "LoginHistory/{id}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.loginHistory(admin.audit().getLoginHistory(q.caller, ctx.pathParam("id")),
                    q.version, q.caller.has(SystemPermission.MANAGE_USERS)));
        });
        r.get(U + "loginHistory", ctx -> {
            Request q = request(ctx);
            boolean detail = q.caller.has(SystemPermission.MANAGE_USERS);
            List<Map<String, Object>> records = admin.audit().listLoginHistory(q.caller, ctx.queryParam("username"),
                    ctx.queryParam("limit")).stream().map(e -> AdminJson.loginHistory(e, q.version, detail)).toList();
            Json.write(ctx, 200, AdminJson.queryResult(records));
        });
        r.get(U + "setupAuditTrail", ctx -> {
            Request q = request(ctx);
            List<Map<String, Object>> records = admin.audit().listSetupAudit(q.caller, ctx.queryParam("limit")).stream()
                    .map(e -> AdminJson.setupAudit(e, q.version)).toList();
            Json.write(ctx, 200, AdminJson.queryResult(records));
        });
        r.with(RequestPolicy.VERSIONED.requiring(SystemPermission.VIEW_SETUP, "verify the audit"))
                .get(U + "audit/verify", ctx -> Json.write(ctx, 200, AdminJson.auditReport(audit.get())));
        registerRecords(r);
    }

    /** Objects, fields, sharing, tracking, object and field permissions, roles and users' roles. */
    private void registerRecords(Routes r) {
        r.get(U + "objects", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.queryResult(records.listObjects(q.caller).stream()
                    .map(RecordsAdminJson::objectSummary).toList()));
        });
        r.post(U + "objects", ctx -> {
            Request q = request(ctx);
            ObjectDefinition o = records.createObject(q.caller, body(ctx));
            Map<String, Object> reply = AdminJson.created(o.id());
            reply.put("name", o.name());
            reply.put("keyPrefix", o.keyPrefix());
            Json.write(ctx, 201, reply);
        });
        r.get(U + "objects/{object}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, RecordsAdminJson.object(records.describeObject(q.caller, ctx.pathParam("object"))));
        });
        r.patch(U + "objects/{object}", ctx -> {
            Request q = request(ctx);
            records.setSharing(q.caller, ctx.pathParam("object"), body(ctx));
            ctx.status(204);
        });
        r.post(U + "objects/{object}/fields", ctx -> {
            Request q = request(ctx);
            CustomFieldRow f = records.createField(q.caller, ctx.pathParam("object"), body(ctx));
            Map<String, Object> reply = AdminJson.created(f.id());
            reply.put("name", f.field().name());
            Json.write(ctx, 201, reply);
        });
        r.patch(U + "objects/{object}/fields/{field}", ctx -> {
            Request q = request(ctx);
            records.setTracking(q.caller, ctx.pathParam("object"), ctx.pathParam("field"), body(ctx));
            ctx.status(204);
        });
        r.put(U + "permissionSets/{name}/objectPermissions/{object}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, RecordsAdminJson.objectPermissions(records.setObjectAccess(q.caller,
                    ctx.pathParam("name"), ctx.pathParam("object"), optionalBody(ctx)), q.version));
        });
        r.put(U + "permissionSets/{name}/fieldPermissions/{object}/{field}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, RecordsAdminJson.fieldPermissions(records.setFieldAccess(q.caller,
                    ctx.pathParam("name"), ctx.pathParam("object"), ctx.pathParam("field"), optionalBody(ctx)),
                    q.version));
        });
        r.put(U + "permissionSets/{name}/fieldPermissions/{object}", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.queryResult(records.setAllFieldAccess(q.caller, ctx.pathParam("name"),
                    ctx.pathParam("object"), optionalBody(ctx)).stream()
                    .map(g -> RecordsAdminJson.fieldPermissions(g, q.version)).toList()));
        });
        r.get(U + "permissionSets/{name}/document", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, RecordsAdminJson.permissionSetDocument(records.exportPermissionSet(q.caller,
                    ctx.pathParam("name"))));
        });
        r.put(U + "permissionSets/{name}/document", ctx -> {
            Request q = request(ctx);
            RecordsAdmin.ImportedPermissionSet imported = records.importPermissionSet(q.caller,
                    ctx.pathParam("name"), body(ctx));
            Json.write(ctx, imported.created() ? 201 : 200,
                    RecordsAdminJson.permissionSetDocument(imported.document()));
        });
        r.get(U + "roles", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, AdminJson.queryResult(records.listRoles(q.caller).stream()
                    .map(role -> RecordsAdminJson.role(role, q.version)).toList()));
        });
        r.post(U + "roles", ctx -> {
            Request q = request(ctx);
            created(ctx, records.createRole(q.caller, body(ctx)).id());
        });
        r.put(U + "users/{username}/role", ctx -> {
            Request q = request(ctx);
            Json.write(ctx, 200, RecordsAdminJson.userRole(records.setUserRole(q.caller, ctx.pathParam("username"),
                    body(ctx))));
        });
    }

    private record Request(Caller caller, int version) {
    }

    /** The caller and API version that the route's policy checked ({@link RequestPolicy#VERSIONED}). */
    private static Request request(Context ctx) {
        return new Request(PolicyGate.caller(ctx), PolicyGate.version(ctx));
    }

    private static Map<String, Object> body(Context ctx) {
        return Json.readObject(RequestBodies.read(ctx, MAX_BODY_BYTES));
    }

    /** An optional JSON object body: empty means no members. */
    private static Map<String, Object> optionalBody(Context ctx) {
        byte[] bytes = RequestBodies.read(ctx, MAX_BODY_BYTES);
        return bytes.length == 0 ? Map.of() : Json.readObject(bytes);
    }

    private static void created(Context ctx, String id) {
        Json.write(ctx, 201, AdminJson.created(id));
    }
}
