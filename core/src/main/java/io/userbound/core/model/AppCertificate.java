package io.userbound.core.model;

import java.time.Instant;

/**
 * An X.509 certificate uploaded to a connected app ({@code 0P1}). An app holds several; an assertion verifies against
 * any active one whose validity period contains the current time.
 *
 * @param thumbprint lower-case hex SHA-256 of the DER encoding; unique per app
 * @param pem the certificate in PEM form (public material only)
 * @param lastUsedAt when an assertion last verified with it; null when never
 */
public record AppCertificate(
        String id,
        String appId,
        String thumbprint,
        String subject,
        Instant notBefore,
        Instant notAfter,
        boolean active,
        Instant lastUsedAt,
        String pem,
        Instant createdDate) {

    /** True when {@code now} lies within the certificate's validity period. */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }
}
