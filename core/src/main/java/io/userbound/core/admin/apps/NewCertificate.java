package io.userbound.core.admin.apps;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A certificate to add to a connected app ({@code POST sobjects/ConnectedApplication/{id}/certificates}).
 *
 * @param pem {@code Certificate}: the PEM text as sent, checked by {@link io.userbound.core.admin.CertificateParser}
 */
public record NewCertificate(Member<String> pem) {
    private static final List<String> FIELDS = List.of("Certificate");

    /** Reads the body; its errors are thrown when adding the certificate reads it. */
    public static NewCertificate from(Map<String, Object> body) {
        return new NewCertificate(RequestBody.read("ConnectedApplication", body, FIELDS).rawString("Certificate"));
    }
}
