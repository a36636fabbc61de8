package io.userbound.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes private keys and X.509 certificates.
 *
 * <p>Private keys are read from PEM in every common form: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC PRIVATE KEY}), encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}) and legacy OpenSSL-encrypted PKCS#1 ({@code Proc-Type: 4,ENCRYPTED}); and from
 * PKCS#12 key stores. Other blocks in the same file (certificates, EC parameters) are skipped.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the source and the problem (missing
 * file, no key found, a password needed, a wrong password); I/O failures other than a missing file are
 * {@link UncheckedIOException}. Secrets never appear in messages.
 */
public final class PemKeys {

    /**
     * BouncyCastle as a local provider for PBE decryption; never registered globally. Made on first use: its
     * constructor loads hundreds of classes from a signed jar (about a second of start-up), and only encrypted keys
     * need it.
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** The local BouncyCastle provider (for tests that write encrypted keys). */
    static Provider bouncyCastle() {
        return Bc.PROVIDER;
    }

    private static final String KEY_FORMS = "expected BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY "
            + "or BEGIN ENCRYPTED PRIVATE KEY";

    private PemKeys() {
    }

    /**
     * Reads the first private key of a PEM file.
     *
     * @param pem the file; must not be null
     * @param passwordOrNull the password of an encrypted key; null when the key is not encrypted
     * @return the key (RSA or EC as JCA keys)
     * @throws IllegalArgumentException when the file does not exist, holds no private key, or the key is encrypted
     *     and the password is missing or wrong
     */
    public static PrivateKey readPrivateKey(Path pem, char[] passwordOrNull) {
        return parse(readText(pem, "private key file"), pem.toString(), passwordOrNull);
    }

    /**
     * Parses the first private key of a PEM text.
     *
     * @see #readPrivateKey(Path, char[])
     */
    public static PrivateKey parsePrivateKey(String pem, char[] passwordOrNull) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text given");
        }
        return parse(pem, "the PEM text", passwordOrNull);
    }

    private static PrivateKey parse(String text, String source, char[] password) {
        boolean sawCertificate = false;
        boolean sawPublicKey = false;
        for (Object item : pemObjects(text, source, "a private key")) {
            if (item instanceof PrivateKeyInfo info) {
                return convert(info, source);
            } else if (item instanceof PEMKeyPair pair) {
                return convert(pair.getPrivateKeyInfo(), source);
            } else if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                return convert(decrypt(encrypted, source, password), source);
            } else if (item instanceof PEMEncryptedKeyPair encrypted) {
                return convert(decrypt(encrypted, source, password), source);
            } else if (item instanceof X509CertificateHolder) {
                sawCertificate = true;
            } else if (item instanceof SubjectPublicKeyInfo) {
                sawPublicKey = true;
            }
        }
        if (sawCertificate) {
            throw new IllegalArgumentException(source + " holds a certificate but no private key (" + KEY_FORMS + ")");
        }
        if (sawPublicKey) {
            throw new IllegalArgumentException(source + " holds a public key but no private key (" + KEY_FORMS + ")");
        }
        throw new IllegalArgumentException("no PEM private key found in " + source + " (" + KEY_FORMS + ")");
    }

    /** Every PEM object of a text, in order. */
    private static List<Object> pemObjects(String text, String source, String what) {
        List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object item;
            while ((item = parser.readObject()) != null) {
                out.add(item);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + what + " from " + source + ": malformed PEM ("
                    + e.getMessage() + ")", e);
        }
        return out;
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo encrypted, String source, char[] password) {
        requirePassword(source, password);
        try {
            InputDecryptorProvider decryptor =
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password);
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (Exception e) {
            throw wrongPassword(source, e);
        }
    }

    private static PrivateKeyInfo decrypt(PEMEncryptedKeyPair encrypted, String source, char[] password) {
        requirePassword(source, password);
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password))
                    .getPrivateKeyInfo();
        } catch (Exception e) {
            throw wrongPassword(source, e);
        }
    }

    private static void requirePassword(String source, char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("the private key in " + source + " is encrypted: a password is required");
        }
    }

    private static IllegalArgumentException wrongPassword(String source, Exception cause) {
        return new IllegalArgumentException("cannot decrypt the private key in " + source
                + ": wrong password or unsupported encryption", cause);
    }

    private static PrivateKey convert(PrivateKeyInfo info, String source) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unsupported private key in " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a private key and its certificate from a PKCS#12 key store.
     *
     * @param p12 the key store file; must not be null
     * @param password the store password (the key password must be the same); must not be null, may be empty
     * @param aliasOrNull the entry to read; null for the first entry that holds a private key
     * @throws IllegalArgumentException when the file is missing, the password is wrong, or no such key entry exists
     */
    public static KeyAndCertificate readPkcs12(Path p12, char[] password, String aliasOrNull) {
        if (password == null) {
            throw new IllegalArgumentException("a password is required to open the PKCS#12 file " + p12);
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(p12)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("PKCS#12 file not found: " + p12, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("cannot open the PKCS#12 file " + p12 + ": wrong password", e);
            }
            throw new IllegalArgumentException("cannot open the PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open the PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        }
        try {
            List<String> aliases = Collections.list(store.aliases());
            String alias = aliasOrNull;
            if (alias == null) {
                for (String a : aliases) {
                    if (store.isKeyEntry(a)) {
                        alias = a;
                        break;
                    }
                }
                if (alias == null) {
                    throw new IllegalArgumentException("the PKCS#12 file " + p12 + " holds no private key entry");
                }
            } else if (!store.isKeyEntry(alias)) {
                throw new IllegalArgumentException("the PKCS#12 file " + p12 + " has no private key entry named '"
                        + alias + "' (entries: " + String.join(", ", aliases) + ")");
            }
            Key key = store.getKey(alias, password);
            Certificate cert = store.getCertificate(alias);
            if (!(key instanceof PrivateKey privateKey) || !(cert instanceof X509Certificate x509)) {
                throw new IllegalArgumentException("the entry '" + alias + "' of " + p12
                        + " does not hold a private key with an X.509 certificate");
            }
            return new KeyAndCertificate(privateKey, x509);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("cannot read the key in " + p12
                    + ": its password differs from the store password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 file " + p12 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the first X.509 certificate of a file, PEM ({@code BEGIN CERTIFICATE}) or binary DER.
     *
     * @throws IllegalArgumentException when the file is missing or holds no certificate
     */
    public static X509Certificate readCertificate(Path pem) {
        byte[] bytes = readBytes(pem, "certificate file");
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN") && bytes.length > 0 && bytes[0] == 0x30) {
            try {
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("no X.509 certificate found in " + pem + ": " + e.getMessage(), e);
            }
        }
        return parseCertificate(new String(bytes, StandardCharsets.UTF_8), pem.toString());
    }

    /**
     * Parses the first X.509 certificate of a PEM text.
     *
     * @throws IllegalArgumentException when the text holds no certificate
     */
    public static X509Certificate parseCertificate(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("no PEM text given");
        }
        return parseCertificate(pem, "the PEM text");
    }

    private static X509Certificate parseCertificate(String text, String source) {
        for (Object item : pemObjects(text, source, "a certificate")) {
            if (item instanceof X509CertificateHolder holder) {
                try {
                    return new JcaX509CertificateConverter().getCertificate(holder);
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("cannot read the certificate in " + source + ": "
                            + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException("no PEM certificate found in " + source + " (expected BEGIN CERTIFICATE)");
    }

    /**
     * Encodes a private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
     *
     * @throws IllegalArgumentException when the key cannot be exported in PKCS#8 form (for example a hardware key)
     */
    public static String toPem(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the " + key.getAlgorithm() + " key cannot be exported as PKCS#8");
        }
        return pem("PRIVATE KEY", der);
    }

    /** Encodes a certificate as PEM ({@code BEGIN CERTIFICATE}). */
    public static String toPem(X509Certificate cert) {
        return pem("CERTIFICATE", der(cert));
    }

    /**
     * The certificate's thumbprint: lower-case hex SHA-256 of its DER encoding, as the server computes it.
     */
    public static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(cert)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String readText(Path file, String what) {
        return new String(readBytes(file, what), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file, String what) {
        if (file == null) {
            throw new IllegalArgumentException("no " + what + " given");
        }
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(what + " " + file + " is a directory");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
