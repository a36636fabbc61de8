package io.userbound.core.admin;

import io.userbound.core.ApiException;
import io.userbound.core.model.AppCertificate;
import io.userbound.protocol.RestErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads an uploaded X.509 certificate (PEM) with the JDK's {@link CertificateFactory} and applies the upload rules:
 * the certificate must not be expired, and its key must be RSA of 2048 bits or more, or EC on P-256 (the keys of the
 * algorithms an app may allow: RS256/384/512, PS256, ES256). Every refusal is {@code FIELD_INTEGRITY_EXCEPTION}
 * naming the {@code Certificate} field.
 */
public final class CertificateParser {
    /** Far larger than any real certificate; bounds the work done on hostile input. */
    public static final int MAX_PEM_CHARS = 64 * 1024;
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final ECParameterSpec P256 = p256();

    /**
     * A parsed, accepted certificate.
     *
     * @param thumbprint lower-case hex SHA-256 of the DER encoding
     * @param subject the subject DN (RFC 2253)
     * @param pem the certificate re-encoded as canonical PEM (public material only)
     */
    public record Parsed(X509Certificate certificate, String thumbprint, String subject, Instant notBefore,
            Instant notAfter, String pem) {

        /** The certificate as the app's active certificate with the given id. */
        public AppCertificate toAppCertificate(String id, String appId, Instant now) {
            return new AppCertificate(id, appId, thumbprint, subject, notBefore, notAfter, true, null, pem, now);
        }
    }

    private CertificateParser() {
    }

    /**
     * Parses and checks a PEM certificate.
     *
     * @param pem the upload; may be null
     * @param now the time against which expiry is checked
     * @throws ApiException {@code FIELD_INTEGRITY_EXCEPTION} when the text is not one PEM X.509 certificate, is
     *     expired, or holds a key of another kind or size
     */
    public static Parsed parse(String pem, Instant now) {
        if (pem == null || pem.isBlank()) {
            throw new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: [Certificate]",
                    List.of("Certificate"));
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw refuse("Certificate: the PEM text is longer than " + MAX_PEM_CHARS + " characters");
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw refuse("Certificate: not a PEM X.509 certificate (expected " + BEGIN + " ... " + END + ")");
        }
        byte[] der;
        try {
            String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw refuse("Certificate: the PEM body is not valid base64");
        }
        X509Certificate cert;
        try {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            if (!(c instanceof X509Certificate x)) {
                throw refuse("Certificate: not an X.509 certificate");
            }
            cert = x;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw refuse("Certificate: not a valid X.509 certificate");
        }
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw refuse("Certificate: expired on " + notAfter);
        }
        checkKey(cert.getPublicKey());
        byte[] encoded;
        try {
            encoded = cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw refuse("Certificate: cannot be encoded");
        }
        return new Parsed(cert, thumbprint(encoded), cert.getSubjectX500Principal().getName(), notBefore, notAfter,
                toPem(encoded));
    }

    /** Lower-case hex SHA-256 of the DER encoding. */
    public static String thumbprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static void checkKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw refuse("Certificate: the RSA key has " + rsa.getModulus().bitLength()
                        + " bits; at least 2048 are required");
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            ECParameterSpec p = ec.getParams();
            if (p != null && p.getCurve().equals(P256.getCurve()) && p.getOrder().equals(P256.getOrder())
                    && p.getGenerator().equals(P256.getGenerator())) {
                return;
            }
            throw refuse("Certificate: the EC key is not on curve P-256");
        }
        throw refuse("Certificate: the key algorithm " + key.getAlgorithm() + " is not allowed (RSA 2048+ or EC P-256)");
    }

    private static String toPem(byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return BEGIN + "\n" + b64 + "\n" + END + "\n";
    }

    private static ApiException refuse(String message) {
        return new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, message, List.of("Certificate"));
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is missing from the JDK", e);
        }
    }
}
