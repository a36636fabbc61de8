package io.userbound.oauth.introspect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of the introspection endpoint (RFC 7662 section 2.2), in Salesforce's shape
 * ({@code salesforce-compat.md} section 5.2).
 *
 * @param active whether the token is active for this caller; when false every other component is null
 * @param scope the token's scopes, space-separated in sorted order
 * @param clientId the consumer key of the app the token was issued to
 * @param username the token user's username
 * @param subject the token user's id (18 characters); Salesforce puts the identity URL here instead
 * @param issuedAt when the token was issued (also its {@code nbf})
 * @param expiresAt when it expires
 */
public record Introspection(boolean active, String scope, String clientId, String username, String subject,
        Instant issuedAt, Instant expiresAt) {

    /** RFC 7662 section 2.2: the whole answer for an unknown, expired, revoked or hidden token. */
    public static final Introspection INACTIVE = new Introspection(false, null, null, null, null, null, null);
    /** Salesforce's {@code token_type} value (not {@code Bearer}). */
    public static final String TOKEN_TYPE = "access_token";

    public Introspection {
        if (active) {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * The JSON members in order: {@code {"active":false}} alone, or {@code active}, {@code scope},
     * {@code client_id}, {@code username}, {@code sub}, {@code token_type}, and {@code exp}, {@code iat},
     * {@code nbf} in seconds since the epoch.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", active);
        if (!active) {
            return out;
        }
        out.put("scope", scope);
        out.put("client_id", clientId);
        out.put("username", username);
        out.put("sub", subject);
        out.put("token_type", TOKEN_TYPE);
        out.put("exp", expiresAt.getEpochSecond());
        out.put("iat", issuedAt.getEpochSecond());
        out.put("nbf", issuedAt.getEpochSecond());
        return out;
    }
}
