package io.userbound.client;

import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens from the JWT bearer grant (RFC 7523 section 2.1): each new token is requested with a freshly signed
 * assertion ({@code iss} = client id, {@code sub} = username, {@code aud} = audience).
 *
 * <p>The token is cached and replaced {@code refreshSkew} before it expires (at most half its lifetime before).
 * Replies without {@code expires_in} (real Salesforce sends none) are assumed to last {@code assumedLifetime}.
 * {@link #refresh()} forces a new token. Under concurrency only one token request runs at a time; other callers wait
 * for it and reuse its result. Thread-safe.
 *
 * <pre>{@code
 * TokenSource tokens = JwtBearerTokenSource.builder()
 *         .loginUrl("https://login.salesforce.com")
 *         .clientId(consumerKey)
 *         .username("etl@acme.test")
 *         .privateKey(PemKeys.readPrivateKey(Path.of("private-key.pem"), null))
 *         .build();
 * }</pre>
 */
public final class JwtBearerTokenSource implements TokenSource {

    private final TokenClient client;
    private final String clientId;
    private final String username;
    private final String audience;
    private final AssertionSigner signer;
    private final TokenCache cache;

    private JwtBearerTokenSource(Builder b) {
        this.client = new TokenClient(b.httpClient != null ? b.httpClient : TokenClient.defaultHttpClient(),
                b.loginUrl);
        this.clientId = b.clientId;
        this.username = b.username;
        this.audience = b.audience != null ? b.audience : client.loginUrl();
        this.signer = new AssertionSigner(b.privateKey, b.keyId, b.algorithm, b.assertionLifetime, b.clock);
        this.cache = new TokenCache(this::requestToken, b.clock, b.refreshSkew, b.assumedLifetime,
                client.loginUrl());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Token token() {
        return cache.token();
    }

    @Override
    public Token refresh() {
        return cache.refresh();
    }

    @Override
    public Token refresh(Token rejected) {
        return cache.refresh(rejected);
    }

    /** The login URL without a trailing slash. */
    public String loginUrl() {
        return client.loginUrl();
    }

    /** The {@code aud} of the assertions. */
    public String audience() {
        return audience;
    }

    /** The consumer key ({@code iss}). */
    public String clientId() {
        return clientId;
    }

    /** The username ({@code sub}). */
    public String username() {
        return username;
    }

    private io.userbound.protocol.TokenResponse requestToken() {
        return client.jwtBearer(signer.sign(clientId, username, audience));
    }

    /** Builds a {@link JwtBearerTokenSource}. Not thread-safe. */
    public static final class Builder {
        private String loginUrl;
        private String clientId;
        private String username;
        private PrivateKey privateKey;
        private String audience;
        private Duration refreshSkew = Duration.ofSeconds(60);
        private Duration assumedLifetime = Duration.ofMinutes(15);
        private Duration assertionLifetime = AssertionBuilder.DEFAULT_LIFETIME;
        private String keyId;
        private String algorithm;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Required: the server, such as {@code http://127.0.0.1:8080} or {@code https://login.salesforce.com}. */
        public Builder loginUrl(String loginUrl) {
            this.loginUrl = loginUrl;
            return this;
        }

        /** Required: the connected app's consumer key. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Required: the user to act as. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** Required: the key whose certificate the app holds. */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /** The assertion's {@code aud}; default the login URL without a trailing slash. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** How long before expiry a token is replaced; default 60 s. */
        public Builder refreshSkew(Duration refreshSkew) {
            this.refreshSkew = requireNonNegative(refreshSkew, "refreshSkew");
            return this;
        }

        /** The lifetime assumed when the reply has no {@code expires_in}; default 15 minutes. */
        public Builder assumedLifetime(Duration assumedLifetime) {
            this.assumedLifetime = requireNonNegative(assumedLifetime, "assumedLifetime");
            if (assumedLifetime.isZero()) {
                throw new IllegalArgumentException("assumedLifetime must be positive");
            }
            return this;
        }

        /** The lifetime of each assertion; default three minutes. */
        public Builder assertionLifetime(Duration assertionLifetime) {
            this.assertionLifetime = requireNonNegative(assertionLifetime, "assertionLifetime");
            return this;
        }

        /** The {@code kid} header of the assertions; default none. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The signature algorithm; default from the key (see {@link AssertionBuilder#algorithm(String)}). */
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** The HTTP client; default HTTP/1.1 with a 10 s connect timeout that never follows redirects. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** The clock; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws IllegalStateException naming every missing required setting
         * @throws IllegalArgumentException when the login URL is invalid or the key does not fit
         */
        public JwtBearerTokenSource build() {
            List<String> missing = new ArrayList<>();
            if (loginUrl == null || loginUrl.isBlank()) {
                missing.add("loginUrl");
            }
            if (clientId == null || clientId.isBlank()) {
                missing.add("clientId");
            }
            if (username == null || username.isBlank()) {
                missing.add("username");
            }
            if (privateKey == null) {
                missing.add("privateKey");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("JwtBearerTokenSource needs " + String.join(", ", missing));
            }
            return new JwtBearerTokenSource(this);
        }

        static Duration requireNonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
            }
            return d;
        }
    }
}
