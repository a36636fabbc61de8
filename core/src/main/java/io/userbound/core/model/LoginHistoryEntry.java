package io.userbound.core.model;

import java.time.Instant;

/**
 * One {@code LoginHistory} row ({@code 0Ya}): exactly one per token request, success or failure. Control
 * characters in its texts are neutralized ({@link AuditText}).
 *
 * @param orgId null when the request named no known app
 * @param userId null when no user was resolved
 * @param username the username the request asked for (resolved or not); may be null
 * @param appId null when no app was resolved
 * @param application the app's name; null when no app was resolved
 * @param consumerKey the consumer key the request named; may be null
 * @param certificateThumbprint the certificate that verified the assertion; null when none did
 * @param loginType always {@code Remote Access 2.0} for OAuth
 * @param loginSubType the grant: {@code JWT Bearer} or {@code Client Credentials}; may be null
 * @param detail the debug detail of a failure, for admins only; may be null
 */
public record LoginHistoryEntry(
        String id,
        String orgId,
        String userId,
        String username,
        String appId,
        String application,
        String consumerKey,
        String certificateThumbprint,
        String sourceIp,
        String loginUrl,
        String loginType,
        String loginSubType,
        String userAgent,
        LoginReason reason,
        String detail,
        Instant loginTime) {

    /** Every text a client could have chosen is stored with its control characters neutralized. */
    public LoginHistoryEntry {
        username = AuditText.neutralize(username);
        application = AuditText.neutralize(application);
        consumerKey = AuditText.neutralize(consumerKey);
        certificateThumbprint = AuditText.neutralize(certificateThumbprint);
        sourceIp = AuditText.neutralize(sourceIp);
        loginUrl = AuditText.neutralize(loginUrl);
        loginSubType = AuditText.neutralize(loginSubType);
        userAgent = AuditText.neutralize(userAgent);
        detail = AuditText.neutralize(detail);
    }

    public static final String REMOTE_ACCESS = "Remote Access 2.0";

    /** {@code Success} or {@code Failed: ...}. */
    public String status() {
        return reason.status();
    }
}
