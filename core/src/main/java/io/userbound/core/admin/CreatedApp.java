package io.userbound.core.admin;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import java.util.List;

/**
 * A connected app just created, with its consumer secret in clear: the only time the secret is ever available.
 *
 * @param consumerSecret never null
 * @param certificates the certificates uploaded with the app; never null, may be empty
 */
public record CreatedApp(ConnectedApp app, String consumerSecret, List<AppCertificate> certificates) {
    public CreatedApp {
        certificates = List.copyOf(certificates);
    }
}
