package io.userbound.oauth.token;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import io.userbound.core.model.ConnectedApp;
import io.userbound.core.model.User;
import io.userbound.core.port.ConnectedAppStore;
import io.userbound.core.port.UserStore;
import io.userbound.oauth.Debug;
import io.userbound.oauth.jwt.AssertionChecks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whom a refused token request concerns, read from what it names and <em>not verified</em>: the audit row of a
 * refusal that came before the grant resolved its app (an {@code alg} of {@code none}, an HMAC signature, a
 * malformed assertion, a repeated parameter, an unknown {@code grant_type}) still belongs to the org of the app it
 * names, so that the org's admin sees key-confusion attempts against a known consumer key.
 *
 * <p>The app is named by {@code client_id}, the user of a Basic header, or the {@code iss} of the {@code assertion}
 * or {@code client_assertion} (decoded, never trusted); the user by the assertion's {@code sub}, when that username
 * is a user of the app's org. Only the row is attributed: nothing else is decided on it. Thread-safe.
 */
public final class RefusalAttribution {
    /** What a request names that the server knows: an app, and perhaps a user of its org. */
    public record Named(ConnectedApp app, User user, String consumerKey, String username) {
    }

    /** For tests and tools without stores: attributes nothing. */
    public static final RefusalAttribution NONE = new RefusalAttribution(null, null);

    private static final int MAX_NAMED_LENGTH = 255;
    private static final int MAX_ASSERTION_LENGTH = AssertionChecks.MAX_ASSERTION_LENGTH;

    private final ConnectedAppStore apps;
    private final UserStore users;

    /** @param apps read by consumer key; null attributes nothing */
    public RefusalAttribution(ConnectedAppStore apps, UserStore users) {
        this.apps = apps;
        this.users = users;
    }

    /**
     * @param form the request's parameters (each value the first one sent); may be null
     * @param authorizationHeader may be null
     * @return the app the request names, when it exists; empty otherwise
     */
    public Optional<Named> of(Map<String, String> form, String authorizationHeader) {
        if (apps == null) {
            return Optional.empty();
        }
        String assertion = value(form, "assertion");
        Map<String, Object> claims = claims(assertion);
        String consumerKey = firstNonBlank(value(form, "client_id"), basicUser(authorizationHeader),
                text(claims.get("iss")), text(claims(value(form, "client_assertion")).get("iss")));
        if (consumerKey == null || consumerKey.length() > MAX_NAMED_LENGTH) {
            return Optional.empty();
        }
        Optional<ConnectedApp> app = apps.findByConsumerKey(consumerKey);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        String subject = text(claims.get("sub"));
        User user = null;
        if (subject != null && subject.length() <= MAX_NAMED_LENGTH && users != null) {
            user = users.findByUsername(subject).filter(u -> u.orgId().equals(app.get().orgId())).orElse(null);
        }
        return Optional.of(new Named(app.get(), user, consumerKey, subject == null ? null
                : Debug.bounded(subject, MAX_NAMED_LENGTH)));
    }

    /** The claims of a compact JWT, whatever its header says; empty when it is not one. */
    private static Map<String, Object> claims(String jwt) {
        if (jwt == null || jwt.length() > MAX_ASSERTION_LENGTH) {
            return Map.of();
        }
        try {
            JWT parsed = JWTParser.parse(jwt);
            return parsed.getJWTClaimsSet().getClaims();
        } catch (java.text.ParseException | RuntimeException e) {
            return Map.of();
        }
    }

    private static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0 ? null : java.net.URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String value(Map<String, String> form, String name) {
        return form == null ? null : form.get(name);
    }

    private static String text(Object claim) {
        return claim instanceof String s && !s.isBlank() ? s : null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** The first value of each parameter of a raw form. */
    static Map<String, String> firstValues(Map<String, List<String>> form) {
        if (form == null) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        form.forEach((k, v) -> {
            if (k != null && v != null && !v.isEmpty() && v.get(0) != null) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }
}
