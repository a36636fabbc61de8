package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.KeyAndCertificate;
import io.userbound.client.SelfSignedCertificates;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound keys ...}: key pairs and certificates. */
@Command(name = "keys", description = "Create key pairs and self-signed certificates.",
        subcommands = KeysCommand.Create.class)
final class KeysCommand {

    @Command(name = "create", description = {
        "Create an RSA key pair and a self-signed X.509 certificate: DIR/private-key.pem (PKCS#8, mode 600) and "
                + "DIR/certificate.pem.",
        "Upload the certificate to the connected app (userbound admin apps add-cert, or Salesforce's \"Use digital "
                + "signatures\"); keep the private key."})
    static final class Create extends BaseCommand {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files to.")
        String out;

        @Option(names = "--subject", paramLabel = "DN", defaultValue = "CN=userbound-client",
                description = "Subject of the certificate (default: ${DEFAULT-VALUE}).")
        String subject;

        @Option(names = "--days", paramLabel = "N", defaultValue = "365",
                description = "Days the certificate is valid (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--bits", paramLabel = "N", defaultValue = "2048",
                description = "RSA key size, at least 2048 (default: ${DEFAULT-VALUE}).")
        int bits;

        @Option(names = "--force", description = "Replace existing files in DIR.")
        boolean force;

        @Override
        protected Result execute() {
            if (days < 1) {
                throw new IllegalArgumentException("--days must be at least 1, was " + days);
            }
            Path dir = env().resolve(out);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            KeyAndCertificate created = SelfSignedCertificates.create(subject, now, now.plus(days, ChronoUnit.DAYS),
                    bits);
            created.writeTo(dir, force);
            Path key = dir.resolve(KeyAndCertificate.PRIVATE_KEY_FILE);
            Path cert = dir.resolve(KeyAndCertificate.CERTIFICATE_FILE);
            String notAfter = created.certificate().getNotAfter().toInstant().toString();

            ObjectNode json = Output.object();
            json.put("privateKey", key.toString());
            json.put("certificate", cert.toString());
            json.put("thumbprint", created.thumbprint());
            json.put("notAfter", notAfter);
            json.put("subject", created.certificate().getSubjectX500Principal().getName());
            String text = "Wrote " + key + " (private: keep it secret)\n"
                    + "  and " + cert + " (upload it to the connected app)\n"
                    + "Subject:     " + created.certificate().getSubjectX500Principal().getName() + "\n"
                    + "Thumbprint:  " + created.thumbprint() + "\n"
                    + "Valid until: " + notAfter;
            return new Result(json, text);
        }
    }
}
