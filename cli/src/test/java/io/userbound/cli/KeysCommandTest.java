package io.userbound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.userbound.client.PemKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysCommandTest {

    @TempDir
    Path dir;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(dir);
    }

    @Test
    void whenKeysCreatedWithJsonThenBothFilesAreWrittenAndOneObjectDescribesThem() throws Exception {
        CliRunner.Run run = cli.run("keys", "create", "--out", "keys", "--subject", "CN=etl,O=Acme", "--days", "30",
                "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = run.json();
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("privateKey", "certificate", "thumbprint", "notAfter", "subject");
        Path key = dir.resolve("keys/private-key.pem");
        Path certFile = dir.resolve("keys/certificate.pem");
        assertThat(json.get("privateKey").asText()).isEqualTo(key.toString());
        assertThat(json.get("certificate").asText()).isEqualTo(certFile.toString());
        X509Certificate cert = PemKeys.readCertificate(certFile);
        assertThat(json.get("thumbprint").asText()).isEqualTo(PemKeys.thumbprint(cert));
        assertThat(Instant.parse(json.get("notAfter").asText())).isEqualTo(cert.getNotAfter().toInstant());
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(30));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=etl,O=Acme");
        assertThat(PemKeys.readPrivateKey(key, null).getAlgorithm()).isEqualTo("RSA");
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
    }

    @Test
    void whenJsonComesBeforeTheCommandThenItAppliesToo() {
        CliRunner.Run run = cli.run("--json", "keys", "create", "--out", "k");

        assertThat(run.exitCode()).isZero();
        assertThat(run.json().get("privateKey").asText()).isEqualTo(dir.resolve("k/private-key.pem").toString());
    }

    @Test
    void whenKeysCreatedWithoutJsonThenShortTextNamesFilesAndThumbprint() {
        CliRunner.Run run = cli.run("keys", "create", "--out", "k");

        assertThat(run.exitCode()).isZero();
        String thumbprint = PemKeys.thumbprint(PemKeys.readCertificate(dir.resolve("k/certificate.pem")));
        assertThat(run.out()).contains(dir.resolve("k/private-key.pem").toString())
                .contains("Thumbprint:  " + thumbprint)
                .contains("Subject:     CN=userbound-client");
        assertThat(run.out().lines()).hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void whenKeyFileExistsThenErrorLineAndTheKeyIsKept() {
        cli.run("keys", "create", "--out", "k");
        String before = CliRunner.read(dir.resolve("k/private-key.pem"));

        CliRunner.Run run = cli.run("keys", "create", "--out", "k");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("error: " + dir.resolve("k/private-key.pem")
                + " already exists; refusing to overwrite it");
        assertThat(CliRunner.read(dir.resolve("k/private-key.pem"))).isEqualTo(before);

        CliRunner.Run forced = cli.run("keys", "create", "--out", "k", "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(CliRunner.read(dir.resolve("k/private-key.pem"))).isNotEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--subject=not a dn | InvalidArgument | invalid subject name 'not a dn'",
        "--days=0           | InvalidArgument | --days must be at least 1, was 0",
        "--bits=1024        | InvalidArgument | RSA keys must have at least 2048 bits, was 1024"})
    void whenOptionValueIsRefusedThenJsonErrorOnStdout(String option, String name, String message) {
        CliRunner.Run run = cli.run("keys", "create", "--out", "k", option, "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        JsonNode json = run.json();
        assertThat(json.get("status").asInt()).isEqualTo(1);
        assertThat(json.get("name").asText()).isEqualTo(name);
        assertThat(json.get("message").asText()).contains(message);
        assertThat(dir.resolve("k")).doesNotExist();
    }

    @Test
    void whenVerboseThenStackTraceFollowsTheErrorLine() {
        cli.run("keys", "create", "--out", "k");
        CliRunner.Run run = cli.run("keys", "create", "--out", "k", "--verbose");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("error: "));
        assertThat(run.err()).contains("java.lang.IllegalStateException").contains("\tat ");
    }
}
