package io.userbound.core.admin;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import java.util.List;

/** A connected app with all its certificates, oldest first. */
public record AppDetails(ConnectedApp app, List<AppCertificate> certificates) {
    public AppDetails {
        certificates = List.copyOf(certificates);
    }
}
