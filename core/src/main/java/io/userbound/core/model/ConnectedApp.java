package io.userbound.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A connected app ({@code 0H4}).
 *
 * @param consumerKey the public {@code client_id}; unique across the server
 * @param consumerSecretHash keyed hash of the consumer secret; null when the app has no secret
 * @param scopes the scopes every token of this app carries
 * @param allowedAlgorithms JWS algorithms accepted for assertions (default {@code RS256}); never {@code none} or HMAC
 * @param assertionMaxLifetime the cap on {@code exp - iat} (or {@code exp - now}) of an assertion; default 10 minutes
 * @param jtiRequired whether assertions must carry {@code jti}
 * @param tokenLifetime lifetime of the access tokens it issues; default 2 hours
 * @param runAsUserId the client-credentials execution user; null when not set
 * @param previousSecretHash keyed hash of the consumer secret that a rotation replaced, still accepted until
 *     {@code previousSecretExpires}; null when there is none
 * @param previousSecretExpires when the previous secret stops working; null exactly when {@code previousSecretHash}
 *     is null
 */
public record ConnectedApp(
        String id,
        String orgId,
        String name,
        String consumerKey,
        String consumerSecretHash,
        PermittedUsersPolicy policy,
        Set<String> scopes,
        Set<String> allowedAlgorithms,
        Duration assertionMaxLifetime,
        boolean jtiRequired,
        Duration tokenLifetime,
        boolean clientCredentialsEnabled,
        String runAsUserId,
        Instant createdDate,
        Instant lastModifiedDate,
        String previousSecretHash,
        Instant previousSecretExpires) {

    public static final Set<String> DEFAULT_SCOPES = Set.of("api", "web", "full", "id", "openid");
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256");
    public static final Duration DEFAULT_ASSERTION_MAX_LIFETIME = Duration.ofMinutes(10);
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(2);

    public ConnectedApp {
        scopes = Set.copyOf(scopes);
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        if ((previousSecretHash == null) != (previousSecretExpires == null)) {
            throw new IllegalArgumentException("previousSecretHash and previousSecretExpires go together");
        }
    }

    /** An app with no previous consumer secret (no rotation in progress). */
    public ConnectedApp(String id, String orgId, String name, String consumerKey, String consumerSecretHash,
            PermittedUsersPolicy policy, Set<String> scopes, Set<String> allowedAlgorithms,
            Duration assertionMaxLifetime, boolean jtiRequired, Duration tokenLifetime,
            boolean clientCredentialsEnabled, String runAsUserId, Instant createdDate, Instant lastModifiedDate) {
        this(id, orgId, name, consumerKey, consumerSecretHash, policy, scopes, allowedAlgorithms, assertionMaxLifetime,
                jtiRequired, tokenLifetime, clientCredentialsEnabled, runAsUserId, createdDate, lastModifiedDate, null,
                null);
    }

    public ConnectedApp withPolicy(PermittedUsersPolicy newPolicy, Instant now) {
        return new ConnectedApp(id, orgId, name, consumerKey, consumerSecretHash, newPolicy, scopes, allowedAlgorithms,
                assertionMaxLifetime, jtiRequired, tokenLifetime, clientCredentialsEnabled, runAsUserId, createdDate, now,
                previousSecretHash, previousSecretExpires);
    }

    public ConnectedApp withAssertionRules(Set<String> algorithms, Duration maxLifetime, boolean requireJti,
            Instant now) {
        return new ConnectedApp(id, orgId, name, consumerKey, consumerSecretHash, policy, scopes, algorithms,
                maxLifetime, requireJti, tokenLifetime, clientCredentialsEnabled, runAsUserId, createdDate, now,
                previousSecretHash, previousSecretExpires);
    }

    /** The client credentials flow switched on or off, with its run-as user (null to clear it). */
    public ConnectedApp withClientCredentials(boolean enabled, String newRunAsUserId, Instant now) {
        return new ConnectedApp(id, orgId, name, consumerKey, consumerSecretHash, policy, scopes, allowedAlgorithms,
                assertionMaxLifetime, jtiRequired, tokenLifetime, enabled, newRunAsUserId, createdDate, now,
                previousSecretHash, previousSecretExpires);
    }

    /**
     * The consumer secrets replaced: {@code newHash} becomes current; {@code newPreviousHash} (null for none) stays
     * accepted until {@code newPreviousExpires}.
     */
    public ConnectedApp withSecrets(String newHash, String newPreviousHash, Instant newPreviousExpires, Instant now) {
        return new ConnectedApp(id, orgId, name, consumerKey, newHash, policy, scopes, allowedAlgorithms,
                assertionMaxLifetime, jtiRequired, tokenLifetime, clientCredentialsEnabled, runAsUserId, createdDate,
                now, newPreviousHash, newPreviousExpires);
    }

    /** True when a previous consumer secret exists and {@code now} is before its expiry. */
    public boolean previousSecretValidAt(Instant now) {
        return previousSecretHash != null && now.isBefore(previousSecretExpires);
    }
}
