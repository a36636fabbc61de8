package io.userbound.client;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A private key with its X.509 certificate.
 *
 * @param privateKey the key; never null
 * @param certificate the certificate of the matching public key; never null
 */
public record KeyAndCertificate(PrivateKey privateKey, X509Certificate certificate) {

    /** The file name of the key that {@link #writeTo(Path)} writes. */
    public static final String PRIVATE_KEY_FILE = "private-key.pem";
    /** The file name of the certificate that {@link #writeTo(Path)} writes. */
    public static final String CERTIFICATE_FILE = "certificate.pem";

    public KeyAndCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * Writes {@code dir/private-key.pem} (PKCS#8, mode {@code 600} where POSIX) and {@code dir/certificate.pem},
     * creating the directory. Refuses, before writing anything, when either file already exists: a key is never
     * overwritten by accident.
     *
     * @throws IllegalStateException when a file already exists
     * @throws java.io.UncheckedIOException when writing fails; nothing is left half-written
     */
    public void writeTo(Path dir) {
        writeTo(dir, false);
    }

    /**
     * Like {@link #writeTo(Path)}, replacing existing files when {@code replaceExisting} is true.
     */
    public void writeTo(Path dir, boolean replaceExisting) {
        Path key = dir.resolve(PRIVATE_KEY_FILE);
        Path cert = dir.resolve(CERTIFICATE_FILE);
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(key, PemKeys.toPem(privateKey));
        files.put(cert, PemKeys.toPem(certificate));
        SecureFiles.writeAll(files, Set.of(key), replaceExisting);
    }

    /** The certificate's thumbprint, see {@link PemKeys#thumbprint(X509Certificate)}. */
    public String thumbprint() {
        return PemKeys.thumbprint(certificate);
    }
}
