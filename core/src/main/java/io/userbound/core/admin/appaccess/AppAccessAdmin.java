package io.userbound.core.admin.appaccess;

import static io.userbound.core.admin.AdminSupport.SECTION_APPS;
import static io.userbound.core.admin.AdminSupport.crossReference;
import static io.userbound.core.admin.AdminSupport.duplicate;
import static io.userbound.core.admin.AdminSupport.pathId;
import static io.userbound.core.admin.AdminSupport.refId;
import static io.userbound.core.admin.AdminSupport.revokedNote;

import io.userbound.core.ApiException;
import io.userbound.core.admin.*;
import io.userbound.core.model.*;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Instant;
import java.util.*;
import java.util.function.Supplier;

/**
 * Which users may use a connected app: grants of an app to profiles and permission sets
 * ({@code sobjects/SetupEntityAccess}, admin-approved apps) and users' approvals of self-authorize apps, each change
 * revoking the tokens whose access it changes.
 */
public final class AppAccessAdmin {
    private final AdminSupport support;
    private final AdminPorts ports;

    public AppAccessAdmin(AdminSupport support) {
        this.support = support;
        this.ports = support.ports();
    }

    /** {@code POST sobjects/SetupEntityAccess}; needs {@code CustomizeApplication}. */
    public AppAccessGrant grant(Caller caller, NewAppAccessGrant command) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "grant access to connected apps");
        String parentId = refId("ParentId", command.parentRef().required(), KeyPrefix.PROFILE,
                KeyPrefix.PERMISSION_SET);
        String appId = refId("SetupEntityId", command.appRef().required(), KeyPrefix.CONNECTED_APP);
        String parentName;
        if (parentId.startsWith(KeyPrefix.PROFILE.prefix())) {
            parentName = "profile " + ports.profiles().findById(parentId).filter(p -> p.orgId().equals(caller.orgId()))
                    .orElseThrow(() -> crossReference("ParentId", parentId)).name();
        } else {
            parentName = "permission set " + ports.permissionSets().findById(parentId)
                    .filter(p -> p.orgId().equals(caller.orgId()))
                    .orElseThrow(() -> crossReference("ParentId", parentId)).name();
        }
        ConnectedApp app = ports.apps().findById(appId).filter(a -> a.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("SetupEntityId", appId));
        Supplier<ApiException> dup = () -> duplicate("ParentId", parentName + " already grants " + app.name());
        if (ports.appAccess().listForApp(appId).stream().anyMatch(g -> g.parentId().equals(parentId))) {
            throw dup.get();
        }
        Instant now = support.now();
        AppAccessGrant grant = new AppAccessGrant(support.ids().next(KeyPrefix.SETUP_ENTITY_ACCESS), caller.orgId(), appId,
                parentId, now);
        String context = support.context(caller);
        support.change(() -> {
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = revocations.before(support.holdersOf(parentId), List.of(appId));
            ports.appAccess().grant(grant);
            access.revokeChanged();
            support.audit(caller, context, now, "connectedAppAccessGrant", SECTION_APPS,
                    "Connected app " + app.name() + ": access granted to " + parentName + revokedNote(revocations));
        }, e -> dup.get());
        return grant;
    }

    /** {@code GET sobjects/SetupEntityAccess/{id}}; needs {@code ViewSetup} or {@code CustomizeApplication}. */
    public AppAccessGrant get(Caller caller, String id) {
        caller.requireAny("read connected app access", SystemPermission.VIEW_SETUP,
                SystemPermission.CUSTOMIZE_APPLICATION);
        String id18 = pathId(id, KeyPrefix.SETUP_ENTITY_ACCESS);
        return ports.appAccess().findById(id18).filter(g -> g.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
    }

    /** {@code DELETE sobjects/SetupEntityAccess/{id}}; needs {@code CustomizeApplication}. */
    public void revoke(Caller caller, String id) {
        caller.require(SystemPermission.CUSTOMIZE_APPLICATION, "revoke access to connected apps");
        String id18 = pathId(id, KeyPrefix.SETUP_ENTITY_ACCESS);
        AppAccessGrant grant = ports.appAccess().findById(id18).filter(g -> g.orgId().equals(caller.orgId()))
                .orElseThrow(ApiException::notFound);
        String appName = ports.apps().findById(grant.appId()).map(ConnectedApp::name).orElse(grant.appId());
        Instant now = support.now();
        String context = support.context(caller);
        support.change(() -> {
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = revocations.before(support.holdersOf(grant.parentId()), List.of(grant.appId()));
            if (!ports.appAccess().revoke(id18)) {
                throw ApiException.notFound();
            }
            access.revokeChanged();
            support.audit(caller, context, now, "connectedAppAccessRevoke", SECTION_APPS,
                    "Connected app " + appName + ": access revoked from " + grant.parentId()
                            + revokedNote(revocations));
        }, e -> null);
    }

    // ------------------------------------------------------------------------------------------------ approvals

    /**
     * {@code POST sobjects/ConnectedApplication/{id}/approvals}: records a user's approval of a self-authorize app.
     * {@code UserId} defaults to the caller; approving for another user needs {@code ManageUsers}.
     */
    public Approval approve(Caller caller, String appId, NewApproval command) {
        String userRef = command.userRef().value();
        String userId = userRef == null ? caller.userId() : refId("UserId", userRef, KeyPrefix.USER);
        if (!userId.equals(caller.userId())) {
            caller.require(SystemPermission.MANAGE_USERS, "approve connected apps for other users");
        }
        ConnectedApp app = support.appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        if (app.policy() != PermittedUsersPolicy.SELF_AUTHORIZE) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, "Connected app " + app.name()
                    + " is admin-approved: grant access to a profile or permission set instead of approving");
        }
        User user = ports.users().findById(userId).filter(u -> u.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference("UserId", userId));
        Supplier<ApiException> dup = () -> duplicate("UserId",
                "user " + user.username() + " already approved " + app.name());
        if (ports.approvals().find(app.id(), userId).isPresent()) {
            throw dup.get();
        }
        Instant now = support.now();
        Approval approval = new Approval(support.ids().next(KeyPrefix.OAUTH_APPROVAL), caller.orgId(), app.id(), userId,
                app.scopes(), now);
        String context = support.context(caller);
        support.change(() -> {
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(userId), List.of(app.id()));
            ports.approvals().insert(approval);
            access.revokeChanged();
            support.audit(caller, context, now, "connectedAppApprove", SECTION_APPS,
                    "Connected app " + app.name() + ": approved for " + user.username() + revokedNote(revocations));
        }, e -> dup.get());
        return approval;
    }

    /** {@code DELETE sobjects/ConnectedApplication/{id}/approvals/{userId}}: oneself, or anyone with ManageUsers. */
    public void revokeApproval(Caller caller, String appId, String userId) {
        String user18 = pathId(userId, KeyPrefix.USER);
        if (!user18.equals(caller.userId())) {
            caller.require(SystemPermission.MANAGE_USERS, "revoke other users' approvals");
        }
        ConnectedApp app = support.appInOrg(caller, pathId(appId, KeyPrefix.CONNECTED_APP));
        if (ports.approvals().find(app.id(), user18).isEmpty()) {
            throw ApiException.notFound();
        }
        String username = ports.users().findById(user18).map(User::username).orElse(user18);
        Instant now = support.now();
        String context = support.context(caller);
        support.change(() -> {
            TokenRevocations revocations = support.revocations(now);
            TokenRevocations.Before access = revocations.before(List.of(user18), List.of(app.id()));
            if (!ports.approvals().delete(app.id(), user18)) {
                throw ApiException.notFound();
            }
            access.revokeChanged();
            support.audit(caller, context, now, "connectedAppApprovalRevoke", SECTION_APPS,
                    "Connected app " + app.name() + ": approval revoked for " + username + revokedNote(revocations));
        }, e -> null);
    }

}
