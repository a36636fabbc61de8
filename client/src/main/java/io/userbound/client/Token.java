package io.userbound.client;

import io.userbound.protocol.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token with what a client needs to use it.
 *
 * @param accessToken the bearer token; never null
 * @param instanceUrl the origin to send API calls to ({@code instance_url}); never null
 * @param identityUrl the identity URL ({@code id}); may be null when the server sent none
 * @param expiresAt when the token is expected to expire: from {@code expires_in}, or an assumed lifetime when the
 *     reply had none (real Salesforce sends none); never null
 * @param raw the token endpoint's reply; never null
 */
public record Token(String accessToken, String instanceUrl, String identityUrl, Instant expiresAt, TokenResponse raw) {

    public Token {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(raw, "raw");
    }

    /** True when the token expires within {@code d} of the clock's now (or has already expired). */
    public boolean expiresWithin(Duration d, Clock clock) {
        return !clock.instant().plus(d).isBefore(expiresAt);
    }

    /** Never prints the token itself. */
    @Override
    public String toString() {
        return "Token[instanceUrl=" + instanceUrl + ", identityUrl=" + identityUrl + ", expiresAt=" + expiresAt + "]";
    }
}
