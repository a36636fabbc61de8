package io.userbound.core.admin.apps;

import static io.userbound.core.admin.AdminSupport.crossReference;
import static io.userbound.core.admin.AdminSupport.refId;

import io.userbound.core.admin.*;
import io.userbound.core.model.*;
import io.userbound.protocol.KeyPrefix;
import java.time.Instant;
import java.util.*;

/** The settings of a connected app that a body may set, their bounds, and the scopes an app may carry. */
public final class AppSettings {
    /** Scopes a connected app may carry (Salesforce's OAuth scope names). */
    public static final Set<String> KNOWN_SCOPES = Set.of("api", "web", "full", "id", "openid", "refresh_token",
            "offline_access", "profile", "email", "address", "phone", "chatter_api", "custom_permissions",
            "visualforce", "wave_api", "lightning", "content", "cdp_query_api", "cdp_api", "pardot_api", "eclair_api",
            "sfap_api", "einstein_gpt_api", "chatbot_api", "interaction_api", "forgot_password",
            "user_registration_api", "mcp_api");

    /** The JWS algorithms an app may allow for assertions; never {@code none} or HMAC. */
    public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "ES256");
    public static final long MIN_ASSERTION_LIFETIME_SECONDS = 60;
    public static final long MAX_ASSERTION_LIFETIME_SECONDS = 3600;
    /** Bounds of an app's access-token lifetime: 5 minutes to 24 hours (default 2 hours). */
    public static final long MIN_TOKEN_LIFETIME_SECONDS = 300;
    public static final long MAX_TOKEN_LIFETIME_SECONDS = 86_400;
    static final List<String> SETTINGS = List.of("PermittedUsersPolicy", "ClientCredentialsEnabled",
            "RunAsUserId", "JtiRequired", "AssertionMaxLifetimeSeconds", "AllowedAlgorithms", "TokenLifetimeSeconds");
    static final List<String> CREATE_FIELDS = concat(List.of("Name", "Certificate", "Scopes"), SETTINGS);

    private final io.userbound.core.port.UserStore users;

    AppSettings(io.userbound.core.port.UserStore users) {
        this.users = users;
    }

    /** Applies the settings members of a body to an app, noting each change. */
    ConnectedApp apply(Caller caller, AppUpdate body, ConnectedApp app, Instant now, List<String> changes) {
        PermittedUsersPolicy policy = app.policy();
        if (body.policy().present()) {
            String value = body.policy().required();
            policy = policy(value, null);
            changes.add("permitted users changed from " + app.policy().cliName() + " to " + policy.cliName());
        }
        boolean ccEnabled = app.clientCredentialsEnabled();
        if (body.clientCredentialsEnabled().present()) {
            boolean v = body.clientCredentialsEnabled().required();
            ccEnabled = v;
            changes.add("client credentials flow " + (v ? "enabled" : "disabled"));
        }
        String runAs = app.runAsUserId();
        if (body.runAsRef().present()) {
            String ref = body.runAsRef().value();
            if (ref == null) {
                runAs = null;
                changes.add("run-as user cleared");
            } else {
                String userId = refId("RunAsUserId", ref, KeyPrefix.USER);
                User user = users.findById(userId).filter(u -> u.orgId().equals(caller.orgId()))
                        .orElseThrow(() -> crossReference("RunAsUserId", userId));
                if (user.type() == UserType.AUTOMATED_PROCESS || !user.active()) {
                    throw Fields.badValue("RunAsUserId", "the run-as user must be an active standard or integration"
                            + " user; " + user.username() + " is not");
                }
                runAs = user.id();
                changes.add("run-as user set to " + user.username());
            }
        }
        if (ccEnabled && runAs == null) {
            throw Fields.badValue("RunAsUserId", "the client credentials flow needs a run-as user");
        }
        boolean jti = app.jtiRequired();
        if (body.jtiRequired().present()) {
            boolean v = body.jtiRequired().required();
            jti = v;
            changes.add("jti " + (v ? "required" : "optional"));
        }
        java.time.Duration lifetime = app.assertionMaxLifetime();
        if (body.assertionMaxLifetimeSeconds().present()) {
            long v = body.assertionMaxLifetimeSeconds().required();
            if (v < MIN_ASSERTION_LIFETIME_SECONDS || v > MAX_ASSERTION_LIFETIME_SECONDS) {
                throw Fields.badValue("AssertionMaxLifetimeSeconds", "must be between "
                        + MIN_ASSERTION_LIFETIME_SECONDS + " and " + MAX_ASSERTION_LIFETIME_SECONDS);
            }
            lifetime = java.time.Duration.ofSeconds(v);
            changes.add("assertion lifetime cap set to " + v + " s");
        }
        java.time.Duration tokenLifetime = app.tokenLifetime();
        if (body.tokenLifetimeSeconds().present()) {
            long v = body.tokenLifetimeSeconds().required();
            if (v < MIN_TOKEN_LIFETIME_SECONDS || v > MAX_TOKEN_LIFETIME_SECONDS) {
                throw Fields.badValue("TokenLifetimeSeconds", "must be between " + MIN_TOKEN_LIFETIME_SECONDS
                        + " and " + MAX_TOKEN_LIFETIME_SECONDS);
            }
            tokenLifetime = java.time.Duration.ofSeconds(v);
            changes.add("token lifetime set to " + v + " s");
        }
        Set<String> algorithms = app.allowedAlgorithms();
        if (body.allowedAlgorithms().present()) {
            List<String> v = body.allowedAlgorithms().value();
            if (v == null || v.isEmpty()) {
                throw Fields.badValue("AllowedAlgorithms", "at least one algorithm is required");
            }
            Set<String> out = new LinkedHashSet<>();
            for (String alg : v) {
                if (!ALLOWED_ALGORITHMS.contains(alg)) {
                    throw Fields.badValue("AllowedAlgorithms", "'" + alg + "' is not one of "
                            + new TreeSet<>(ALLOWED_ALGORITHMS));
                }
                out.add(alg);
            }
            algorithms = out;
            changes.add("algorithms set to " + String.join(" ", new TreeSet<>(out)));
        }
        return new ConnectedApp(app.id(), app.orgId(), app.name(), app.consumerKey(), app.consumerSecretHash(),
                policy, app.scopes(), algorithms, lifetime, jti, tokenLifetime, ccEnabled, runAs,
                app.createdDate(), now, app.previousSecretHash(), app.previousSecretExpires());
    }

    private static PermittedUsersPolicy policy(String value, PermittedUsersPolicy dflt) {
        if (value == null) {
            return dflt;
        }
        return PermittedUsersPolicy.parse(value).orElseThrow(() -> Fields.badValue("PermittedUsersPolicy",
                "'" + value + "' is not one of admin-approved, self-authorize"));
    }

    static Set<String> scopes(List<String> values) {
        if (values == null) {
            return ConnectedApp.DEFAULT_SCOPES;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!KNOWN_SCOPES.contains(v)) {
                throw Fields.badValue("Scopes", "unknown scope '" + v + "'; known: " + new TreeSet<>(KNOWN_SCOPES));
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            throw Fields.badValue("Scopes", "at least one scope is required");
        }
        return out;
    }

    /**
     * A new app with the default settings: admin-approved, the default algorithms and lifetimes, no client
     * credentials flow.
     *
     * @param secretHash the stored hash of its consumer secret; null for none
     */
    public static ConnectedApp newApp(String id, String orgId, String name, String consumerKey, String secretHash,
            Set<String> scopes, Instant now) {
        return new ConnectedApp(id, orgId, name, consumerKey, secretHash, PermittedUsersPolicy.ADMIN_APPROVED, scopes,
                ConnectedApp.DEFAULT_ALGORITHMS, ConnectedApp.DEFAULT_ASSERTION_MAX_LIFETIME, false,
                ConnectedApp.DEFAULT_TOKEN_LIFETIME, false, null, now, now);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
