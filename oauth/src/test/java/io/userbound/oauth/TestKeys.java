package io.userbound.oauth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs made once per test run (RSA generation is slow) and self-signed certificates made with bcpkix. */
final class TestKeys {
    static final KeyPair RSA_A = generate("RSA", 2048);
    static final KeyPair RSA_B = generate("RSA", 2048);
    static final KeyPair EC_P256 = generateEc();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A certificate in PEM form and its thumbprint (lower-case hex SHA-256 of the DER). */
    record TestCertificate(String pem, String thumbprint, byte[] der) {
    }

    private TestKeys() {
    }

    static TestCertificate selfSigned(KeyPair keys, String cn, Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name("CN=" + cn);
            String sigAlg = keys.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), name,
                    keys.getPublic())
                    .build(new JcaContentSignerBuilder(sigAlg).build(keys.getPrivate()));
            byte[] der = holder.getEncoded();
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new TestCertificate(pem, thumbprint, der);
        } catch (OperatorCreationException | java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String alg, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generateEc() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
