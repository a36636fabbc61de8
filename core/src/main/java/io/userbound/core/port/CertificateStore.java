package io.userbound.core.port;

import io.userbound.core.model.AppCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The certificates of connected apps. */
public interface CertificateStore {
    /** @throws DuplicateValueException ({@code Thumbprint}) when the app already holds this certificate */
    void insert(AppCertificate certificate);

    Optional<AppCertificate> findById(String id);

    /** The app's active certificates, expired ones included (the verifier enforces validity dates). */
    List<AppCertificate> activeForApp(String appId);

    /** All the app's certificates, active or not, oldest first. */
    List<AppCertificate> listForApp(String appId);

    /**
     * Removes a certificate from the app: it stops verifying assertions at once.
     *
     * @return true when a certificate with that thumbprint was removed
     */
    boolean remove(String appId, String thumbprint);

    /** Records that the certificate verified an assertion at {@code when}. May be applied lazily. */
    void markUsed(String certificateId, Instant when);
}
