package io.userbound.it;

import io.userbound.client.AssertionBuilder;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.RestClient;
import io.userbound.testkit.IntegrationUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

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
        IntegrationUser u = IntegrationUser.register(admin, null, appName, keys);
        admin.put("userbound/permissionSets/" + u.permissionSet() + "/objectPermissions/Account",
                Map.of("PermissionsRead", true));
        return new Integration(u.appId(), u.consumerKey(), u.userId(), u.username(), u.permissionSet(),
                u.assignmentId(), keys);
    }

    /** The JWT bearer token request form for an assertion of {@code i} to {@code audience} with {@code jti}. */
    static String tokenForm(Integration i, String audience, String jti) {
        String assertion = AssertionBuilder.forKey(i.keys().privateKey()).issuer(i.consumerKey())
                .subject(i.username()).audience(audience).lifetime(Duration.ofMinutes(3)).jwtId(jti).sign();
        return "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + assertion;
    }
}
