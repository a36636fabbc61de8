package io.userbound.oauth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.userbound.core.model.AppCertificate;
import io.userbound.core.port.CertificateStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signature verifiers of app certificates, parsed once per certificate id (a certificate's content never changes),
 * so PEM parsing is not on the hot path; and the throttle that records a certificate's use at most once a minute.
 * Thread-safe.
 */
public final class CertificateKeys {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateKeys.class);
    static final int MAX_CACHED = 10_000;
    static final int MIN_RSA_BITS = 2048;
    static final long MARK_USED_INTERVAL_MILLIS = 60_000;

    /** A parsed certificate: its verifier (null when the certificate is unusable) and when its use was recorded. */
    private static final class Key {
        final JWSVerifier verifier;
        final AtomicLong lastMarked = new AtomicLong(Long.MIN_VALUE / 2);

        Key(JWSVerifier verifier) {
            this.verifier = verifier;
        }
    }

    private final CertificateStore certificates;
    private final ConcurrentMap<String, Key> byId = new ConcurrentHashMap<>();

    CertificateKeys(CertificateStore certificates) {
        this.certificates = certificates;
    }

    /** True when the certificate's key verifies the signature of {@code jws} under its header's algorithm. */
    boolean verifies(AppCertificate certificate, JWSObject jws) {
        JWSVerifier verifier = key(certificate).verifier;
        JWSHeader header = jws.getHeader();
        if (verifier == null || !verifier.supportedJWSAlgorithms().contains(header.getAlgorithm())) {
            return false;
        }
        try {
            return verifier.verify(header, jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Records the use of the certificate, at most once a minute per certificate; a store failure is only logged. */
    void markUsed(AppCertificate certificate, Instant now) {
        AtomicLong last = key(certificate).lastMarked;
        long nowMillis = now.toEpochMilli();
        long previous = last.get();
        if (nowMillis - previous < MARK_USED_INTERVAL_MILLIS || !last.compareAndSet(previous, nowMillis)) {
            return;
        }
        try {
            certificates.markUsed(certificate.id(), now);
        } catch (RuntimeException e) {
            LOG.warn("could not record the use of certificate {}: {}", certificate.id(), e.toString());
        }
    }

    private Key key(AppCertificate certificate) {
        Key key = byId.get(certificate.id());
        if (key != null) {
            return key;
        }
        if (byId.size() >= MAX_CACHED) {
            byId.clear();
        }
        return byId.computeIfAbsent(certificate.id(), id -> new Key(parse(certificate)));
    }

    private static JWSVerifier parse(AppCertificate certificate) {
        if (certificate.pem() == null) {
            LOG.warn("certificate {} has no PEM; it verifies nothing", certificate.id());
            return null;
        }
        try {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(certificate.pem().getBytes(StandardCharsets.US_ASCII)));
            PublicKey key = x509.getPublicKey();
            if (key instanceof RSAPublicKey rsa) {
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    LOG.warn("certificate {} ({}) has an RSA key under {} bits; it verifies nothing",
                            certificate.id(), certificate.thumbprint(), MIN_RSA_BITS);
                    return null;
                }
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECPublicKey ec) {
                return new ECDSAVerifier(ec);
            }
            LOG.warn("certificate {} ({}) holds a {} key; it verifies nothing", certificate.id(),
                    certificate.thumbprint(), key.getAlgorithm());
            return null;
        } catch (CertificateException | JOSEException | ClassCastException e) {
            LOG.warn("certificate {} ({}) cannot be parsed; it verifies nothing: {}", certificate.id(),
                    certificate.thumbprint(), e.toString());
            return null;
        }
    }
}
