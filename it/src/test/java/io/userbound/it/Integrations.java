package io.userbound.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Integrations made over the admin HTTP surface, and their JWT bearer token requests. */
final class Integrations {
    private Integrations() {
    }

    /** What {@link #register} made. */
    record Integration(String appId, String consumerKey, String userId, String username, String permissionSet,
            String assignmentId, KeyAndCertificate keys) {
    }

    /**
     * A fresh app holding {@code keys}' certificate and a fresh integration user with a fresh permission set
     * (ApiEnabled, read on Account) that grants the app.
     */
    static Integration register(RestClient admin, String appName, KeyAndCertificate keys) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode app = admin.post("sobjects/ConnectedApplication",
                Map.of("Name", appName + " " + suffix, "Certificate", PemKeys.toPem(keys.certificate())));
        String username = "node-" + suffix + "@acme.test";
        JsonNode user = admin.post("sobjects/User",
                Map.of("Username", username, "LastName", "Node", "UserType", "integration"));
        String psName = "Nodes_" + suffix;
        JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", psName, "PermissionsApiEnabled", true));
        JsonNode assignment = admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
        admin.post("sobjects/SetupEntityAccess",
                Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
        admin.put("userbound/permissionSets/" + psName + "/objectPermissions/Account", Map.of("PermissionsRead", true));
        return new Integration(app.get("id").asText(), app.get("consumerKey").asText(), user.get("id").asText(),
                username, psName, assignment.get("id").asText(), keys);
    }

    /** The JWT bearer token request form for an assertion of {@code i} to {@code audience} with {@code jti}. */
    static String tokenForm(Integration i, String audience, String jti) {
        String assertion = AssertionBuilder.forKey(i.keys().privateKey()).issuer(i.consumerKey())
                .subject(i.username()).audience(audience).lifetime(Duration.ofMinutes(3)).jwtId(jti).sign();
        return "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
    }
}
