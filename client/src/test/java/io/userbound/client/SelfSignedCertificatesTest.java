package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelfSignedCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void whenCreatedThenSubjectValidityAndThumbprintAreRight() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyAndCertificate created = SelfSignedCertificates.create("CN=etl,O=Acme", 30);
        X509Certificate cert = created.certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=etl,O=Acme");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getNotBefore().toInstant()).isBetween(before, Instant.now());
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(30));
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).isTrue();
        cert.verify(cert.getPublicKey());
        assertThat(TestKeys.matches(created.privateKey(), cert.getPublicKey())).isTrue();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        assertThat(PemKeys.thumbprint(cert)).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(created.thumbprint()).isEqualTo(expected);
    }

    @Test
    void whenCreatedWithExplicitTimesAndBitsThenTheyAreUsed() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2027-01-01T00:00:00Z");
        X509Certificate cert = SelfSignedCertificates.create("CN=x", from, to, 3072).certificate();

        assertThat(cert.getNotBefore().toInstant()).isEqualTo(from);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(to);
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    }

    @Test
    void whenCreatedEcThenP256AndEcdsaSignature() throws Exception {
        KeyAndCertificate created = SelfSignedCertificates.createEc("CN=ec", 1);
        assertThat(created.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(created.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        created.certificate().verify(created.certificate().getPublicKey());
    }

    static Stream<Arguments> invalidArguments() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return Stream.of(
                Arguments.of("zero days", (Runnable) () -> SelfSignedCertificates.create("CN=x", 0),
                        "days must be at least 1"),
                Arguments.of("small key", (Runnable) () -> SelfSignedCertificates.create("CN=x", now,
                        now.plusSeconds(60), 1024), "at least 2048 bits"),
                Arguments.of("reversed validity", (Runnable) () -> SelfSignedCertificates.create("CN=x", now,
                        now.minusSeconds(1), 2048), "must be after notBefore"),
                Arguments.of("bad name", (Runnable) () -> SelfSignedCertificates.create("not a name", 1),
                        "invalid subject name 'not a name'"),
                Arguments.of("blank name", (Runnable) () -> SelfSignedCertificates.create(" ", 1),
                        "a subject name such as CN=my-app is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidArguments")
    void whenArgumentsAreInvalidThenIllegalArgument(String name, Runnable call, String expected) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
    }

    @Test
    void whenWrittenThenKeyIsOwnerOnlyAndBothFilesReadBack() throws Exception {
        KeyAndCertificate created = TestKeys.RSA;
        Path out = dir.resolve("keys");
        created.writeTo(out);

        Path key = out.resolve("private-key.pem");
        Path cert = out.resolve("certificate.pem");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        assertThat(PemKeys.readCertificate(cert)).isEqualTo(created.certificate());
        assertThat(PemKeys.readPrivateKey(key, null).getEncoded()).isEqualTo(created.privateKey().getEncoded());
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("private-key.pem",
                    "certificate.pem");
        }
    }

    @Test
    void whenKeyFileExistsThenWriteRefusesAndChangesNothing() throws Exception {
        Path out = dir.resolve("keys");
        Files.createDirectories(out);
        Files.writeString(out.resolve("private-key.pem"), "precious");

        assertThatThrownBy(() -> TestKeys.RSA.writeTo(out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("private-key.pem already exists");
        assertThat(Files.readString(out.resolve("private-key.pem"))).isEqualTo("precious");
        assertThat(out.resolve("certificate.pem")).doesNotExist();

        TestKeys.RSA.writeTo(out, true);
        assertThat(Files.readString(out.resolve("private-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }
}
