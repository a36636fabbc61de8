package io.userbound.server.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.port.ApiUsageMeter;
import io.userbound.protocol.ApiVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one before-handler of every matched route: enforces the route's {@link RequestPolicy} and puts the
 * authenticated {@link Caller} (and the API version) on the context for the handler. In this order: the token
 * ({@link Authenticator}: 401 {@code INVALID_SESSION_ID} or {@code INVALID_AUTH_HEADER}, nothing else is read for an
 * unauthenticated request), the path's API version (404 {@code NOT_FOUND}), the API call count
 * ({@link ApiUsageMeter}, answered in {@code Sforce-Limit-Info}), the system permission (403
 * {@code INSUFFICIENT_ACCESS}). Refusals are {@link ApiException}s, so the error mapper writes the REST error shape.
 */
public final class PolicyGate {
    static final String LIMIT_INFO = "Sforce-Limit-Info";
    private static final String CALLER = PolicyGate.class.getName() + ".caller";
    private static final String VERSION = PolicyGate.class.getName() + ".version";

    private final Authenticator auth;
    private final ApiUsageMeter usage;

    public PolicyGate(Authenticator auth, ApiUsageMeter usage) {
        this.auth = auth;
        this.usage = usage;
    }

    /** The {@code beforeMatched} handler. */
    public void enforce(Context ctx) {
        RequestPolicy policy = policyOf(ctx.routeRoles());
        if (policy == null) {
            // unreachable after requireDeclared: a route without a policy is never served
            throw new IllegalStateException("no request policy declared for " + ctx.method() + " " + ctx.path());
        }
        Caller caller = switch (policy.credentials()) {
            case NONE -> null;
            case HEADER -> auth.require(ctx);
            case HEADER_OR_QUERY -> auth.requireHeaderOrQuery(ctx);
        };
        if (caller == null) {
            return;
        }
        ctx.attribute(CALLER, caller);
        if (policy.versioned()) {
            ctx.attribute(VERSION, ApiVersions.parseSegment(ctx.pathParam("version"))
                    .orElseThrow(ApiException::notFound));
        }
        if (policy.metered()) {
            ApiUsageMeter.Usage used = usage.record(caller.orgId(), caller.appId());
            ctx.header(LIMIT_INFO, "api-usage=" + used.used() + "/" + used.allowance());
        }
        if (policy.permission() != null) {
            if (policy.refusal() == null) {
                caller.require(policy.permission(), policy.what());
            } else if (!caller.has(policy.permission())) {
                throw ApiException.insufficientAccess(policy.refusal());
            }
        }
    }

    /** The caller that the route's policy authenticated. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("the route's policy authenticates no caller: " + ctx.path());
        }
        return caller;
    }

    /** The served major API version of a versioned route's path. */
    public static int version(Context ctx) {
        Integer version = ctx.attribute(VERSION);
        if (version == null) {
            throw new IllegalStateException("the route's policy checks no API version: " + ctx.path());
        }
        return version;
    }

    /**
     * Refuses to serve an application with an HTTP route that declares no policy, or more than one.
     *
     * @throws IllegalStateException naming the routes
     */
    public static void requireDeclared(Javalin app) {
        List<String> undeclared = new ArrayList<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint e = parsed.endpoint;
            if (!e.method.isHttpMethod()) {
                continue;
            }
            Roles roles = e.metadata(Roles.class);
            Set<RouteRole> declared = roles == null ? Set.of() : roles.getRoles();
            if (declared.size() != 1 || policyOf(declared) == null) {
                undeclared.add(e.method + " " + e.path);
            }
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("routes without exactly one request policy: " + undeclared);
        }
    }

    private static RequestPolicy policyOf(Set<RouteRole> roles) {
        for (RouteRole role : roles) {
            if (role instanceof RequestPolicy p) {
                return p;
            }
        }
        return null;
    }
}
