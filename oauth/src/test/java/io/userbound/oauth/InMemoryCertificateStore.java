package io.userbound.oauth;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.port.CertificateStore;
import io.userbound.core.port.DuplicateValueException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

final class InMemoryCertificateStore implements CertificateStore {
    private final Map<String, AppCertificate> byId = new ConcurrentHashMap<>();
    final AtomicInteger markUsedCalls = new AtomicInteger();

    @Override
    public void insert(AppCertificate c) {
        if (byId.values().stream().anyMatch(o -> o.appId().equals(c.appId()) && o.thumbprint().equals(c.thumbprint()))) {
            throw new DuplicateValueException("Thumbprint", "certificate already uploaded");
        }
        byId.put(c.id(), c);
    }

    @Override
    public Optional<AppCertificate> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<AppCertificate> activeForApp(String appId) {
        return listForApp(appId).stream().filter(AppCertificate::active).toList();
    }

    @Override
    public List<AppCertificate> listForApp(String appId) {
        return byId.values().stream().filter(c -> c.appId().equals(appId))
                .sorted(Comparator.comparing(AppCertificate::createdDate)).toList();
    }

    @Override
    public boolean remove(String appId, String thumbprint) {
        return byId.values().removeIf(c -> c.appId().equals(appId) && c.thumbprint().equals(thumbprint));
    }

    @Override
    public void markUsed(String certificateId, Instant when) {
        markUsedCalls.incrementAndGet();
        byId.computeIfPresent(certificateId, (id, c) -> new AppCertificate(c.id(), c.appId(), c.thumbprint(),
                c.subject(), c.notBefore(), c.notAfter(), c.active(), when, c.pem(), c.createdDate()));
    }
}
