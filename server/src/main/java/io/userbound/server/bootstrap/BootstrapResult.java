package io.userbound.server.bootstrap;

import java.nio.file.Path;

/**
 * What {@link Bootstrap#run()} found or made.
 *
 * @param created true when this run created the org (an empty database); false when it reused one
 * @param orgId the org, 18 characters
 * @param automatedProcessUserId the org's Automated Process user
 * @param adminUserId the admin user; null when the admin named in the CLI profile no longer exists
 * @param adminUsername the admin username written to {@code cli-profile.json}
 * @param cliAppId the "Userbound CLI" connected app
 * @param consumerKey its consumer key
 * @param keyFile the CLI's private key ({@code <data>/cli/private-key.pem}), absolute
 * @param certificateFile the CLI's certificate ({@code <data>/cli/certificate.pem}), absolute
 * @param profileFile {@code <data>/cli-profile.json}, absolute
 * @param profileWritten true when this run wrote the profile (it was missing or out of date)
 */
public record BootstrapResult(
        boolean created,
        String orgId,
        String automatedProcessUserId,
        String adminUserId,
        String adminUsername,
        String cliAppId,
        String consumerKey,
        Path keyFile,
        Path certificateFile,
        Path profileFile,
        boolean profileWritten) {
}
