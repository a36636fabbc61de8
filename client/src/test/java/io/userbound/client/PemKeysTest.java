package io.userbound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemKeysTest {

    private static final char[] PASSWORD = "s3cret-pass".toCharArray();
    private static final PrivateKey RSA_KEY = TestKeys.RSA.privateKey();
    private static final PublicKey RSA_PUBLIC = TestKeys.RSA.certificate().getPublicKey();
    private static final PrivateKey EC_KEY = TestKeys.EC.getPrivate();
    private static final PublicKey EC_PUBLIC = TestKeys.EC.getPublic();

    @TempDir
    Path dir;

    static String pemWriter(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String legacyEncrypted(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(PemKeys.bouncyCastle()).build(PASSWORD));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String encryptedPkcs8(PrivateKey key) {
        try {
            return pemWriter(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(PemKeys.bouncyCastle()).setPassword(PASSWORD).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key file made by openssl 3 ({@code src/test/resources/io/userbound/client/keys}). */
    static String resource(String name) {
        try (var in = PemKeysTest.class.getResourceAsStream("keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey(String name) {
        try (PEMParser parser = new PEMParser(new StringReader(resource(name)))) {
            return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) parser.readObject());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> readableKeys() {
        return Stream.of(
                Arguments.of("PKCS#8 RSA", (Supplier<String>) () -> PemKeys.toPem(RSA_KEY), null, RSA_PUBLIC,
                        "BEGIN PRIVATE KEY"),
                Arguments.of("PKCS#1 RSA", (Supplier<String>) () -> pemWriter(RSA_KEY), null, RSA_PUBLIC,
                        "BEGIN RSA PRIVATE KEY"),
                Arguments.of("encrypted PKCS#8 RSA", (Supplier<String>) () -> encryptedPkcs8(RSA_KEY), PASSWORD,
                        RSA_PUBLIC, "BEGIN ENCRYPTED PRIVATE KEY"),
                Arguments.of("legacy encrypted PKCS#1 RSA", (Supplier<String>) () -> legacyEncrypted(RSA_KEY),
                        PASSWORD, RSA_PUBLIC, "Proc-Type: 4,ENCRYPTED"),
                Arguments.of("PKCS#8 EC", (Supplier<String>) () -> PemKeys.toPem(EC_KEY), null, EC_PUBLIC,
                        "BEGIN PRIVATE KEY"),
                Arguments.of("openssl SEC1 EC with EC PARAMETERS block",
                        (Supplier<String>) () -> resource("ec-sec1-with-params.pem"), null, publicKey("ec-public.pem"),
                        "BEGIN EC PRIVATE KEY"),
                Arguments.of("openssl PKCS#1 RSA", (Supplier<String>) () -> resource("rsa-pkcs1.pem"), null,
                        publicKey("rsa-public.pem"), "BEGIN RSA PRIVATE KEY"),
                Arguments.of("openssl PBES2 AES-256 PKCS#8 RSA",
                        (Supplier<String>) () -> resource("rsa-pkcs8-encrypted.pem"), "openssl-pass".toCharArray(),
                        publicKey("rsa-public.pem"), "BEGIN ENCRYPTED PRIVATE KEY"),
                Arguments.of("encrypted PKCS#8 EC", (Supplier<String>) () -> encryptedPkcs8(EC_KEY), PASSWORD,
                        EC_PUBLIC, "BEGIN ENCRYPTED PRIVATE KEY"),
                Arguments.of("certificate before the key", (Supplier<String>) () ->
                        PemKeys.toPem(TestKeys.RSA.certificate()) + PemKeys.toPem(RSA_KEY), null, RSA_PUBLIC,
                        "BEGIN CERTIFICATE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableKeys")
    void whenKeyFileIsInAKnownFormThenTheKeyIsRead(String name, Supplier<String> pem, char[] password,
            PublicKey expectedPublic, String marker) throws Exception {
        String text = pem.get();
        assertThat(text).contains(marker);
        Path file = dir.resolve("key.pem");
        Files.writeString(file, text);

        PrivateKey fromFile = PemKeys.readPrivateKey(file, password);
        PrivateKey fromText = PemKeys.parsePrivateKey(text, password);

        assertThat(TestKeys.matches(fromFile, expectedPublic)).isTrue();
        assertThat(fromText.getEncoded()).isEqualTo(fromFile.getEncoded());
    }

    static Stream<Arguments> unreadableKeys() {
        String pkcs8Body = PemKeys.toPem(RSA_KEY);
        return Stream.of(
                Arguments.of("encrypted PKCS#8 without password", encryptedPkcs8(RSA_KEY), null,
                        "is encrypted: a password is required"),
                Arguments.of("encrypted PKCS#8 with wrong password", encryptedPkcs8(RSA_KEY), "wrong".toCharArray(),
                        "wrong password"),
                Arguments.of("openssl PKCS#8 with wrong password", resource("rsa-pkcs8-encrypted.pem"),
                        PASSWORD, "wrong password"),
                Arguments.of("legacy encrypted PKCS#1 with wrong password", legacyEncrypted(RSA_KEY),
                        "wrong".toCharArray(), "wrong password"),
                Arguments.of("garbage", "this is not a key\n", null, "no PEM private key found"),
                Arguments.of("empty file", "", null, "no PEM private key found"),
                Arguments.of("certificate only", PemKeys.toPem(TestKeys.RSA.certificate()), null,
                        "holds a certificate but no private key"),
                Arguments.of("public key only", pemWriter(RSA_PUBLIC), null, "holds a public key but no private key"),
                Arguments.of("corrupt base64", pkcs8Body.replace(pkcs8Body.substring(40, 60), "!!!!@@@@####$$$$%%%%"),
                        null, "malformed PEM"),
                Arguments.of("truncated key", "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n"
                        + "-----END PRIVATE KEY-----\n", null, "key.pem"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableKeys")
    void whenKeyFileIsUnreadableThenClearIllegalArgument(String name, String text, char[] password, String expected)
            throws IOException {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, text);

        assertThatThrownBy(() -> PemKeys.readPrivateKey(file, password))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void whenKeyFileIsMissingThenMessageNamesIt() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> PemKeys.readPrivateKey(missing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key file not found: " + missing);
    }

    private Path pkcs12(String alias) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, RSA_KEY, PASSWORD, new Certificate[] {TestKeys.RSA.certificate()});
        store.setCertificateEntry("trusted-only", TestKeys.RSA.certificate());
        Path file = dir.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }

    static Stream<Arguments> pkcs12Cases() {
        return Stream.of(
                Arguments.of("first key entry", PASSWORD, null, null),
                Arguments.of("named entry", PASSWORD, "client", null),
                Arguments.of("wrong password", "nope".toCharArray(), null, "wrong password"),
                Arguments.of("missing alias", PASSWORD, "other", "no private key entry named 'other'"),
                Arguments.of("certificate-only alias", PASSWORD, "trusted-only",
                        "no private key entry named 'trusted-only'"),
                Arguments.of("no password", null, null, "a password is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pkcs12Cases")
    void whenReadingPkcs12ThenKeyOrClearError(String name, char[] password, String alias, String expectedError)
            throws Exception {
        Path file = pkcs12("client");
        if (expectedError == null) {
            KeyAndCertificate read = PemKeys.readPkcs12(file, password, alias);
            assertThat(read.certificate()).isEqualTo(TestKeys.RSA.certificate());
            assertThat(TestKeys.matches(read.privateKey(), RSA_PUBLIC)).isTrue();
        } else {
            assertThatThrownBy(() -> PemKeys.readPkcs12(file, password, alias))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(expectedError);
        }
    }

    @Test
    void whenCertificateIsPemOrDerThenItIsRead() throws Exception {
        X509Certificate cert = TestKeys.RSA.certificate();
        Path pem = dir.resolve("cert.pem");
        Files.writeString(pem, PemKeys.toPem(cert));
        Path der = dir.resolve("cert.cer");
        Files.write(der, cert.getEncoded());

        assertThat(PemKeys.readCertificate(pem)).isEqualTo(cert);
        assertThat(PemKeys.readCertificate(der)).isEqualTo(cert);
        assertThat(PemKeys.parseCertificate(PemKeys.toPem(cert))).isEqualTo(cert);
    }

    static Stream<Arguments> unreadableCertificates() {
        return Stream.of(
                Arguments.of("garbage", "hello", "no PEM certificate found"),
                Arguments.of("a private key", PemKeys.toPem(RSA_KEY), "no PEM certificate found"),
                Arguments.of("corrupt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "cannot read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableCertificates")
    void whenCertificateIsUnreadableThenClearIllegalArgument(String name, String text, String expected)
            throws IOException {
        Path file = dir.resolve("cert.pem");
        Files.writeString(file, text);
        assertThatThrownBy(() -> PemKeys.readCertificate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining(file.toString());
    }

    @Test
    void whenWritingPemThenStandardArmourAnd64CharacterLines() {
        String pem = PemKeys.toPem(RSA_KEY);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String[] lines = pem.split("\n");
        for (int i = 1; i < lines.length - 2; i++) {
            assertThat(lines[i]).hasSize(64);
        }
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replace("\n", "");
        assertThat(Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(RSA_KEY.getEncoded());
    }
}
