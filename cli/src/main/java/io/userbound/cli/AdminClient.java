package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.ApiException;
import io.userbound.client.RestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The admin HTTP surface ({@code docs/admin-api.md}) as the admin commands use it: REST calls plus the lookups that
 * turn names into ids.
 */
final class AdminClient {

    private final RestClient rest;

    AdminClient(RestClient rest) {
        this.rest = rest;
    }

    JsonNode get(String path) {
        return rest.get(path);
    }

    JsonNode post(String path, Object body) {
        return rest.post(path, body);
    }

    JsonNode patch(String path, Object body) {
        return rest.patch(path, body);
    }

    JsonNode put(String path, Object body) {
        return rest.put(path, body);
    }

    JsonNode delete(String path) {
        return rest.delete(path);
    }

    /** {@code GET sobjects/User/Username/{u}}. */
    JsonNode userByUsername(String username) {
        return lookup("User", "Username", username, "user with username");
    }

    String userId(String username) {
        return Output.required(userByUsername(username), "Id", "the user lookup");
    }

    /** {@code GET sobjects/Profile/Name/{name}}. */
    String profileId(String name) {
        return Output.required(lookup("Profile", "Name", name, "profile named"), "Id", "the profile lookup");
    }

    /** {@code GET sobjects/PermissionSet/Name/{name}}. */
    String permissionSetId(String name) {
        return Output.required(lookup("PermissionSet", "Name", name, "permission set named"), "Id",
                "the permission set lookup");
    }

    /** {@code GET sobjects/ConnectedApplication/ConsumerKey/{key}}. */
    JsonNode app(String consumerKey) {
        return lookup("ConnectedApplication", "ConsumerKey", consumerKey, "connected app with consumer key");
    }

    String appId(String consumerKey) {
        return Output.required(app(consumerKey), "Id", "the connected app lookup");
    }

    private JsonNode lookup(String sobject, String field, String value, String what) {
        try {
            return rest.get("sobjects/" + sobject + "/" + field + "/" + segment(value));
        } catch (ApiException e) {
            if (e.status() == 404) {
                throw new CliException("NOT_FOUND", "no " + what + " '" + value + "'", e);
            }
            throw e;
        }
    }

    /** Percent-encodes one path segment or query value (spaces as %20). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
