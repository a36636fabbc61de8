package io.userbound.core.testing;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.DuplicateValueException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * App certificates over {@link InMemoryStores#certificates}: a thumbprint once per app; lists by created date;
 * {@link #markUsed} sets the last-used time and is counted.
 */
public final class InMemoryCertificateStore implements CertificateStore {
    private final InMemoryStores db;
    /** How many times {@link #markUsed} was called. */
    public final AtomicInteger markUsedCalls = new AtomicInteger();

    InMemoryCertificateStore(InMemoryStores db) {
        this.db = db;
    }

    @Override
    public void insert(AppCertificate c) {
        synchronized (db.certificates) {
            if (listForApp(c.appId()).stream().anyMatch(o -> o.thumbprint().equals(c.thumbprint()))) {
                throw new DuplicateValueException("Thumbprint", "certificate already uploaded");
            }
            db.transactions().put(db.certificates, c.id(), c);
        }
    }

    @Override
    public Optional<AppCertificate> findById(String id) {
        return Optional.ofNullable(db.certificates.get(id));
    }

    @Override
    public List<AppCertificate> activeForApp(String appId) {
        return listForApp(appId).stream().filter(AppCertificate::active).toList();
    }

    @Override
    public List<AppCertificate> listForApp(String appId) {
        return InMemoryTransactions.snapshot(db.certificates).stream().filter(c -> c.appId().equals(appId))
                .sorted(Comparator.comparing(AppCertificate::createdDate)).toList();
    }

    @Override
    public boolean remove(String appId, String thumbprint) {
        boolean removed = false;
        for (AppCertificate c : listForApp(appId)) {
            if (c.thumbprint().equals(thumbprint)) {
                removed |= db.transactions().remove(db.certificates, c.id()) != null;
            }
        }
        return removed;
    }

    @Override
    public void markUsed(String certificateId, Instant when) {
        markUsedCalls.incrementAndGet();
        synchronized (db.certificates) {
            AppCertificate c = db.certificates.get(certificateId);
            if (c != null) {
                db.transactions().put(db.certificates, c.id(), new AppCertificate(c.id(), c.appId(), c.thumbprint(),
                        c.subject(), c.notBefore(), c.notAfter(), c.active(), when, c.pem(), c.createdDate()));
            }
        }
    }
}
