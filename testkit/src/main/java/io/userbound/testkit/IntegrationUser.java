package io.userbound.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.AssertionBuilder;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import io.userbound.client.TokenClient;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An API-only integration user with its own connected app: the app holds the certificate of {@link #keys()}, and a
 * permission set of the user (ApiEnabled) grants the app, so the user may log in with the JWT bearer flow at once.
 * Made over the admin REST API by {@link #register}. Thread-safe.
 */
public final class IntegrationUser {
    private final String loginUrl;
    private final String appId;
    private final String appName;
    private final String consumerKey;
    private final String consumerSecret;
    private final String userId;
    private final String username;
    private final String permissionSet;
    private final String assignmentId;
    private final KeyAndCertificate keys;
    private JwtBearerTokenSource tokenSource;
    private RestClient rest;

    private IntegrationUser(String loginUrl, JsonNode app, String appName, JsonNode user, String username,
            String permissionSet, JsonNode assignment, KeyAndCertificate keys) {
        this.loginUrl = loginUrl;
        this.appId = app.get("id").asText();
        this.appName = appName;
        this.consumerKey = app.get("consumerKey").asText();
        this.consumerSecret = app.get("consumerSecret").asText();
        this.userId = user.get("id").asText();
        this.username = username;
        this.permissionSet = permissionSet;
        this.assignmentId = assignment.get("id").asText();
        this.keys = keys;
    }

    /**
     * Creates, as {@code admin}, a connected app named {@code appName} plus a random suffix holding {@code keys}'
     * certificate, a fresh integration user, and a fresh permission set with {@code ApiEnabled} that is assigned to
     * the user and grants the app. Names are random, so this may run any number of times on one org.
     *
     * @param admin a REST client of a user who may manage users and apps; never null
     * @param loginUrl the server's base URL, for the user's SDK clients; null when only the records are needed (then
     *     {@link #tokenSource()}, {@link #rest()} and {@link #tokenClient()} throw {@link IllegalStateException})
     * @param appName the app's name before the suffix; never null
     * @param keys the key pair and certificate the user signs assertions with; never null
     * @throws io.userbound.client.ApiException when the server refuses a step
     */
    public static IntegrationUser register(RestClient admin, String loginUrl, String appName, KeyAndCertificate keys) {
        Objects.requireNonNull(keys, "keys");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String fullName = appName + " " + suffix;
        JsonNode app = admin.post("sobjects/ConnectedApplication",
                Map.of("Name", fullName, "Certificate", PemKeys.toPem(keys.certificate())));
        String username = "integration-" + suffix + "@userbound.test";
        JsonNode user = admin.post("sobjects/User",
                Map.of("Username", username, "LastName", "Integration", "UserType", "integration"));
        String psName = "Integration_" + suffix;
        JsonNode ps = admin.post("sobjects/PermissionSet", Map.of("Name", psName, "PermissionsApiEnabled", true));
        JsonNode assignment = admin.post("sobjects/PermissionSetAssignment",
                Map.of("AssigneeId", user.get("id").asText(), "PermissionSetId", ps.get("id").asText()));
        admin.post("sobjects/SetupEntityAccess",
                Map.of("ParentId", ps.get("id").asText(), "SetupEntityId", app.get("id").asText()));
        return new IntegrationUser(loginUrl, app, fullName, user, username, psName, assignment, keys);
    }

    /** The connected app's id ({@code 0H4...}). */
    public String appId() {
        return appId;
    }

    /** The connected app's name (with its random suffix). */
    public String appName() {
        return appName;
    }

    /** The app's consumer key, the {@code client_id} and the assertions' {@code iss}. */
    public String consumerKey() {
        return consumerKey;
    }

    /** The app's consumer secret, as the server showed it once at creation. */
    public String consumerSecret() {
        return consumerSecret;
    }

    /** The user's id ({@code 005...}). */
    public String userId() {
        return userId;
    }

    /** The username, the assertions' {@code sub}. */
    public String username() {
        return username;
    }

    /** The name of the user's permission set (ApiEnabled; it grants the app); give it object permissions as needed. */
    public String permissionSet() {
        return permissionSet;
    }

    /** The id of the assignment of {@link #permissionSet()} to the user. */
    public String assignmentId() {
        return assignmentId;
    }

    /** The generated key pair and the certificate the app holds. */
    public KeyAndCertificate keys() {
        return keys;
    }

    /** A fresh signed JWT bearer assertion of this user for the server (RFC 7523), with a random {@code jti}. */
    public String assertion() {
        return AssertionBuilder.forKey(keys.privateKey()).issuer(consumerKey).subject(username)
                .audience(requireLoginUrl()).jwtId(UUID.randomUUID().toString()).sign();
    }

    /** The SDK's caching JWT bearer token source of this user (one per user). */
    public synchronized JwtBearerTokenSource tokenSource() {
        if (tokenSource == null) {
            tokenSource = JwtBearerTokenSource.builder().loginUrl(requireLoginUrl()).clientId(consumerKey)
                    .username(username).privateKey(keys.privateKey()).build();
        }
        return tokenSource;
    }

    /** The SDK's REST client logged in as this user (one per user, over {@link #tokenSource()}). */
    public synchronized RestClient rest() {
        if (rest == null) {
            rest = new RestClient(tokenSource());
        }
        return rest;
    }

    /** A new SDK token client for the server's token, introspection and revocation endpoints. */
    public TokenClient tokenClient() {
        return new TokenClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                requireLoginUrl());
    }

    private String requireLoginUrl() {
        if (loginUrl == null) {
            throw new IllegalStateException("registered without a login URL");
        }
        return loginUrl;
    }

    @Override
    public String toString() {
        return "IntegrationUser[" + username + ", app " + consumerKey + "]";
    }
}
