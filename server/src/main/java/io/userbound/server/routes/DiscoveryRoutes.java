package io.userbound.server.routes;

import io.javalin.http.Context;
import io.userbound.oauth.discovery.ServerMetadata;
import io.userbound.server.http.Json;

/**
 * The public, unauthenticated metadata ({@code salesforce-compat.md} sections 5.5 and 5.6):
 * {@code GET /.well-known/openid-configuration} and {@code GET /.well-known/oauth-authorization-server} (the same
 * {@link ServerMetadata} document) and {@code GET /id/keys} (the JWK set, empty since Userbound signs nothing).
 * Browsers may read them from any origin ({@code Access-Control-Allow-Origin: *}).
 */
public final class DiscoveryRoutes {
    private final ServerMetadata metadata;

    public DiscoveryRoutes(ServerMetadata metadata) {
        this.metadata = metadata;
    }

    public void metadata(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        Json.write(ctx, 200, metadata.document());
    }

    public void jwks(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        Json.write(ctx, 200, metadata.jwks());
    }
}
