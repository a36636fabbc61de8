package io.userbound.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Server-wide OAuth settings.
 *
 * @param baseUrl the server's public base URL, absolute {@code http} or {@code https} with a host and no query or
 *     fragment; a trailing slash is removed ({@code http://127.0.0.1:8080})
 * @param extraAudiences further accepted {@code aud} values, such as {@code https://login.salesforce.com}; never null
 * @param clockSkew the tolerance applied to {@code exp}, {@code nbf} and {@code iat}; not negative
 * @param algorithmCeiling the JWS algorithms any app may enable; an app's own list is intersected with it. Never
 *     {@code none} or an HMAC algorithm ({@code salesforce-compat.md} section 9 rule 2)
 */
public record OAuthSettings(URI baseUrl, Set<String> extraAudiences, Duration clockSkew, Set<String> algorithmCeiling) {

    /** The ceiling of {@link #defaults(URI)}. */
    public static final Set<String> DEFAULT_ALGORITHM_CEILING = Set.of("RS256", "RS384", "RS512", "PS256", "ES256");
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(3);
    /** The token endpoint path (Salesforce's). */
    public static final String TOKEN_PATH = "/services/oauth2/token";

    public OAuthSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(clockSkew, "clockSkew");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null
                || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL with a host: " + baseUrl);
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
        extraAudiences = Set.copyOf(extraAudiences);
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        algorithmCeiling = Set.copyOf(algorithmCeiling);
        for (String alg : algorithmCeiling) {
            if (!JwsAlgorithms.isAsymmetric(alg)) {
                throw new IllegalArgumentException("algorithm not allowed in the ceiling: " + alg);
            }
        }
    }

    /** {@code baseUrl} as given, clock skew 3 minutes, no extra audiences, ceiling RS256 RS384 RS512 PS256 ES256. */
    public static OAuthSettings defaults(URI baseUrl) {
        return new OAuthSettings(baseUrl, Set.of(), DEFAULT_CLOCK_SKEW, DEFAULT_ALGORITHM_CEILING);
    }

    public OAuthSettings withExtraAudiences(Set<String> extra) {
        return new OAuthSettings(baseUrl, extra, clockSkew, algorithmCeiling);
    }

    public OAuthSettings withClockSkew(Duration skew) {
        return new OAuthSettings(baseUrl, extraAudiences, skew, algorithmCeiling);
    }

    public OAuthSettings withAlgorithmCeiling(Set<String> ceiling) {
        return new OAuthSettings(baseUrl, extraAudiences, clockSkew, ceiling);
    }

    /**
     * The accepted {@code aud} values: the base URL with and without the trailing slash, the token endpoint URL,
     * and the extras ({@code salesforce-compat.md} section 9 rule 2).
     */
    public Set<String> acceptedAudiences() {
        Set<String> out = new LinkedHashSet<>();
        String base = baseUrl.toString();
        out.add(base);
        out.add(base + "/");
        out.add(tokenEndpointUrl());
        out.addAll(extraAudiences);
        return Set.copyOf(out);
    }

    /** {@code <base>/services/oauth2/token}. */
    public String tokenEndpointUrl() {
        return baseUrl + TOKEN_PATH;
    }

    /** The identity URL {@code <base>/id/<org>/<user>} that clients parse for the org and user ids. */
    public String identityUrl(String orgId18, String userId18) {
        return baseUrl + "/id/" + orgId18 + "/" + userId18;
    }

    /**
     * The origin of the base URL ({@code scheme://host[:port]}, no path): the {@code instance_url} of token replies.
     * The {@code sf} CLI appends {@code services/data/...} to it.
     */
    public String instanceUrl() {
        return baseUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + baseUrl.getRawAuthority();
    }
}
