package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.OAuthSettings;
import io.userbound.protocol.ApiVersions;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.http.Dates;
import io.userbound.server.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity service ({@code salesforce-compat.md} sections 5.3 and 5.4): {@code GET /id/{orgId}/{userId}} (token
 * as Bearer header or {@code oauth_token} query parameter) and {@code GET /services/oauth2/userinfo} (Bearer).
 *
 * <p>Errors use the REST array shape, not Salesforce's plain-text identity errors: a bad token is 401
 * {@code INVALID_SESSION_ID} (Salesforce answers userinfo with 403 {@code Bad_OAuth_Token}; the array is what
 * jsforce and simple-salesforce parse, and a 401 makes jsforce refresh the token), another org's URL is 403
 * {@code INSUFFICIENT_ACCESS}, an unknown user 404 {@code NOT_FOUND}. Replies are always JSON ({@code format=xml} is
 * not served).
 */
public final class IdentityRoutes {
    /** The members of the userinfo reply, in order: the discovery document's {@code claims_supported}. */
    public static final List<String> USERINFO_CLAIMS = List.of("sub", "user_id", "organization_id", "preferred_username",
            "nickname", "name", "email", "email_verified", "given_name", "family_name", "zoneinfo", "photos",
            "profile", "picture", "address", "is_salesforce_integration_user", "urls", "active", "user_type",
            "language", "locale", "utcOffset", "updated_at", "is_app_installed");
    private static final String UTC_ZONE = "GMT";
    private static final String LOCALE = "en_US";

    private final UserStore users;
    private final OAuthSettings settings;
    private final String base;

    public IdentityRoutes(UserStore users, OAuthSettings settings) {
        this.users = users;
        this.settings = settings;
        this.base = settings.baseUrl().toString();
    }

    public void identity(Context ctx) {
        Caller caller = PolicyGate.caller(ctx);
        Optional<SalesforceId> org = SalesforceId.parse(ctx.pathParam("orgId"));
        Optional<SalesforceId> userId = SalesforceId.parse(ctx.pathParam("userId"));
        if (org.isEmpty() || !org.get().is(KeyPrefix.ORGANIZATION) || userId.isEmpty()
                || !userId.get().is(KeyPrefix.USER)) {
            throw ApiException.notFound();
        }
        if (!org.get().id18().equals(caller.orgId())) {
            throw ApiException.insufficientAccess("Wrong org: the token belongs to another organization");
        }
        String version = version(ctx.queryParam("version"));
        User target;
        if (userId.get().id18().equals(caller.userId())) {
            target = caller.user();
        } else {
            boolean apiScope = caller.token().scopes().contains("api") || caller.token().scopes().contains("full");
            if (!apiScope || !caller.has(SystemPermission.API_ENABLED)) {
                throw ApiException.insufficientAccess(
                        "Reading another user's identity needs the api or full scope and API Enabled");
            }
            target = users.findById(userId.get().id18()).filter(u -> u.orgId().equals(caller.orgId()))
                    .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND,
                            "No user " + userId.get().id18() + " in this organization"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", settings.identityUrl(target.orgId(), target.id()));
        out.put("asserted_user", target.id().equals(caller.userId()));
        out.put("user_id", target.id());
        out.put("organization_id", target.orgId());
        out.put("username", target.username());
        out.put("nick_name", nickName(target));
        out.put("display_name", target.displayName());
        out.put("email", target.email());
        out.put("email_verified", false);
        out.put("first_name", target.firstName());
        out.put("last_name", target.lastName());
        out.put("timezone", UTC_ZONE);
        out.put("photos", photos());
        out.put("addr_street", null);
        out.put("addr_city", null);
        out.put("addr_state", null);
        out.put("addr_country", null);
        out.put("addr_zip", null);
        out.put("mobile_phone", null);
        out.put("mobile_phone_verified", false);
        out.put("is_lightning_login_user", false);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("created_date", null);
        status.put("body", null);
        out.put("status", status);
        putUrlsAndLocale(out, target, version);
        out.put("last_modified_date", Dates.format(target.lastModifiedDate()));
        out.put("is_app_installed", true);
        Json.write(ctx, 200, out);
    }

    public void userinfo(Context ctx) {
        Caller caller = PolicyGate.caller(ctx);
        User u = caller.user();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sub", settings.identityUrl(u.orgId(), u.id()));
        out.put("user_id", u.id());
        out.put("organization_id", u.orgId());
        out.put("preferred_username", u.username());
        out.put("nickname", nickName(u));
        out.put("name", u.displayName());
        out.put("email", u.email());
        out.put("email_verified", false);
        out.put("given_name", u.firstName());
        out.put("family_name", u.lastName());
        out.put("zoneinfo", "Etc/UTC");
        out.put("photos", photos());
        out.put("profile", base + "/" + u.id());
        out.put("picture", null);
        out.put("address", Map.of());
        out.put("is_salesforce_integration_user", u.type() == UserType.INTEGRATION);
        putUrlsAndLocale(out, u, "{version}");
        out.put("updated_at", Dates.isoSeconds(u.lastModifiedDate()));
        out.put("is_app_installed", true);
        Json.write(ctx, 200, out);
    }

    /** The members both documents share, in this order: urls, active, user_type, language, locale, utcOffset. */
    private void putUrlsAndLocale(Map<String, Object> out, User u, String version) {
        out.put("urls", urls(u, version));
        out.put("active", u.active());
        out.put("user_type", userType(u.type()));
        out.put("language", LOCALE);
        out.put("locale", LOCALE);
        out.put("utcOffset", 0);
    }

    private Map<String, Object> urls(User u, String version) {
        String org = u.orgId();
        String data = base + "/services/data/v" + version + "/";
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("enterprise", base + "/services/Soap/c/" + version + "/" + org);
        urls.put("metadata", base + "/services/Soap/m/" + version + "/" + org);
        urls.put("partner", base + "/services/Soap/u/" + version + "/" + org);
        urls.put("rest", data);
        urls.put("sobjects", data + "sobjects/");
        urls.put("search", data + "search/");
        urls.put("query", data + "query/");
        urls.put("recent", data + "recent/");
        urls.put("tooling_soap", base + "/services/Soap/T/" + version + "/" + org);
        urls.put("tooling_rest", data + "tooling/");
        urls.put("profile", base + "/" + u.id());
        urls.put("feeds", data + "chatter/feeds");
        urls.put("groups", data + "chatter/groups");
        urls.put("users", data + "chatter/users");
        urls.put("feed_items", data + "chatter/feed-items");
        urls.put("feed_elements", data + "chatter/feed-elements");
        urls.put("custom_domain", base);
        return urls;
    }

    /** {@code latest}, {@code 59}, {@code 59.0} or {@code v59.0}; absent keeps the literal {@code {version}}. */
    private static String version(String raw) {
        if (raw == null || raw.isBlank()) {
            return "{version}";
        }
        String v = raw.strip();
        String segment = v.equals("latest") ? v : (v.startsWith("v") ? v : "v" + v);
        if (!segment.equals("latest") && !segment.contains(".")) {
            segment = segment + ".0";
        }
        int major = ApiVersions.parseSegment(segment).orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND,
                "Unknown API version: " + raw));
        return major + ".0";
    }

    private static String nickName(User u) {
        int at = u.username().indexOf('@');
        return at > 0 ? u.username().substring(0, at) : u.username();
    }

    private static Map<String, Object> photos() {
        Map<String, Object> photos = new LinkedHashMap<>();
        photos.put("picture", null);
        photos.put("thumbnail", null);
        return photos;
    }

    /** Salesforce's identity {@code user_type}: {@code STANDARD}; ours adds {@code INTEGRATION}, {@code AUTOMATED_PROCESS}. */
    private static String userType(UserType type) {
        return type.name();
    }
}
