package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.core.admin.Caller;
import io.userbound.oauth.OAuthSettings;
import io.userbound.protocol.ApiVersions;
import io.userbound.server.auth.PolicyGate;
import io.userbound.server.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST API's entry points ({@code salesforce-compat.md} section 7): {@code GET /services/data} lists the
 * versions without a token; {@code GET /services/data/vNN.0} gives the caller the resource map.
 */
public final class DataRoutes {
    private final OAuthSettings settings;
    private final byte[] versions;

    public DataRoutes(OAuthSettings settings) {
        this.settings = settings;
        try {
            this.versions = Json.MAPPER.writeValueAsBytes(ApiVersions.all());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void versions(Context ctx) {
        ctx.status(200).contentType(Json.CONTENT_TYPE).result(versions);
    }

    public void resources(Context ctx) {
        Caller caller = PolicyGate.caller(ctx);
        int major = PolicyGate.version(ctx);
        String prefix = "/services/data/v" + major + ".0/";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sobjects", prefix + "sobjects");
        out.put("query", prefix + "query");
        out.put("queryAll", prefix + "queryAll");
        out.put("limits", prefix + "limits");
        out.put("identity", settings.identityUrl(caller.orgId(), caller.userId()));
        Json.write(ctx, 200, out);
    }
}
