package io.userbound.oauth.jwt;

import io.userbound.core.model.AppCertificate;
import io.userbound.core.model.ConnectedApp;
import java.time.Instant;
import java.util.Map;

/**
 * A JWT assertion that passed every check of {@link AssertionVerifier}; single use of its {@code jti} is the caller's
 * (it goes into the grant's commit, {@link JtiUse}).
 *
 * @param app the app its {@code iss} names; never null
 * @param certificate the certificate whose key verified the signature; never null
 * @param claims the payload; never null
 * @param jti the {@code jti} claim; null when absent
 * @param replayUntil until when a {@code jti} must stay marked: {@code exp} plus the clock skew
 */
public record VerifiedAssertion(ConnectedApp app, AppCertificate certificate, Map<String, Object> claims,
        String jti, Instant replayUntil) {
}
