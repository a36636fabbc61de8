package io.userbound.client;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates a new key pair and a self-signed X.509 certificate for it: what a connected app's "Use digital signatures"
 * setting takes, on Userbound and on Salesforce.
 *
 * <p>Certificates are X.509 v3 with a random positive serial, {@code BasicConstraints: CA=false}, key usage
 * {@code digitalSignature} and a subject key identifier. Validity times have second precision.
 */
public final class SelfSignedCertificates {

    /** The smallest RSA key size accepted. */
    public static final int MIN_RSA_BITS = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificates() {
    }

    /**
     * An RSA 2048 key with a SHA256withRSA certificate valid from now for {@code days} days.
     *
     * @param subjectDn an X.500 name such as {@code CN=etl,O=Acme}; used as subject and issuer
     * @param days at least 1
     * @throws IllegalArgumentException when the name does not parse or {@code days} is below 1
     */
    public static KeyAndCertificate create(String subjectDn, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return create(subjectDn, now, now.plus(Duration.ofDays(days)), MIN_RSA_BITS);
    }

    /**
     * An RSA key of {@code rsaBits} bits with a SHA256withRSA certificate valid over the given times.
     *
     * @throws IllegalArgumentException when the name does not parse, {@code rsaBits} is below 2048, or
     *     {@code notAfter} is not after {@code notBefore}
     */
    public static KeyAndCertificate create(String subjectDn, Instant notBefore, Instant notAfter, int rsaBits) {
        if (rsaBits < MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits, was " + rsaBits);
        }
        return build(subjectDn, notBefore, notAfter, generate("RSA", rsaBits), "SHA256withRSA");
    }

    /**
     * An EC P-256 key with a SHA256withECDSA certificate valid from now for {@code days} days (for ES256).
     *
     * @throws IllegalArgumentException when the name does not parse or {@code days} is below 1
     */
    public static KeyAndCertificate createEc(String subjectDn, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return build(subjectDn, now, now.plus(Duration.ofDays(days)), generate("EC", 256), "SHA256withECDSA");
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            } else {
                generator.initialize(size, RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    private static KeyAndCertificate build(String subjectDn, Instant notBefore, Instant notAfter, KeyPair keys,
            String signatureAlgorithm) {
        if (notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("notBefore and notAfter are required");
        }
        Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("notAfter (" + to + ") must be after notBefore (" + from + ")");
        }
        X500Name name = parseName(subjectDn);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(159, RANDOM)
                    .setBit(0), Date.from(from), Date.from(to), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(keys.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            return new KeyAndCertificate(keys.getPrivate(), cert);
        } catch (OperatorCreationException | GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the certificate: " + e.getMessage(), e);
        }
    }

    private static X500Name parseName(String subjectDn) {
        if (subjectDn == null || subjectDn.isBlank()) {
            throw new IllegalArgumentException("a subject name such as CN=my-app is required");
        }
        try {
            // RFC 2253 reading, as X500Principal and X509Certificate.getSubjectX500Principal().getName() use
            X500Principal principal = new X500Principal(subjectDn);
            X500Name name = X500Name.getInstance(principal.getEncoded());
            if (name.getRDNs().length == 0) {
                throw new IllegalArgumentException("empty subject name");
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid subject name '" + subjectDn
                    + "': expected an X.500 name such as CN=my-app,O=Acme", e);
        }
    }
}
