package io.userbound.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * An assertion id to mark as used together with a grant's rows (RFC 7523 section 3, item 7): the same single-use rule
 * as {@link ReplayGuard#firstUse}, in the grant's own transaction.
 *
 * @param appId the app the assertion names; never null
 * @param jti the assertion's {@code jti} as the client sent it; never null
 * @param expiresAt until when the mark must be kept (the assertion's {@code exp} plus the clock skew); never null
 */
public record UsedJti(String appId, String jti, Instant expiresAt) {
    public UsedJti {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
