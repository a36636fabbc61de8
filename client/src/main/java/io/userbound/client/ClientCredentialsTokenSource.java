package io.userbound.client;

import io.userbound.protocol.TokenResponse;
import java.net.http.HttpClient;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tokens from the client credentials grant (RFC 6749 section 4.4). The token runs as the app's run-as user. The client
 * authenticates in one of three ways ({@link AuthMethod}): the secret in a Basic header, the secret in the form body,
 * or a client assertion signed with its private key ({@code private_key_jwt}, RFC 7523 section 2.2; Userbound only,
 * real Salesforce takes secrets).
 *
 * <p>Caching, refresh and single-flight are those of {@link JwtBearerTokenSource} (both sources share one cache
 * implementation): a token is reused until {@code refreshSkew} before it expires, under concurrency only one token
 * request runs at a time and the others share its result. Thread-safe.
 *
 * <pre>{@code
 * TokenSource tokens = ClientCredentialsTokenSource.builder()
 *         .loginUrl("https://acme.my.salesforce.com")      // on Salesforce: the My Domain URL
 *         .clientId(consumerKey)
 *         .clientSecret(System.getenv("CONSUMER_SECRET")) // Basic by default; or .privateKey(key)
 *         .build();
 * }</pre>
 *
 * <p>Real Salesforce accepts this grant only on the org's My Domain URL, not on {@code login.salesforce.com}.
 */
public final class ClientCredentialsTokenSource implements TokenSource {

    /** How the client authenticates to the token endpoint. */
    public enum AuthMethod {
        /** {@code Authorization: Basic} with the form-urlencoded id and secret (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_BASIC,
        /** {@code client_id} and {@code client_secret} in the form body (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_POST,
        /** A JWT signed with the private key of a certificate the app holds (RFC 7523 section 2.2). */
        PRIVATE_KEY_JWT
    }

    private final TokenClient client;
    private final String clientId;
    private final AuthMethod method;
    private final String clientSecret;
    private final AssertionSigner signer;
    private final String audience;
    private final TokenCache cache;

    private ClientCredentialsTokenSource(Builder b) {
        this.client = new TokenClient(b.httpClient != null ? b.httpClient : TokenClient.defaultHttpClient(),
                b.loginUrl);
        this.clientId = b.clientId;
        this.method = b.effectiveMethod();
        this.clientSecret = b.clientSecret;
        this.audience = b.audience != null ? b.audience : client.tokenUri().toString();
        this.signer = method == AuthMethod.PRIVATE_KEY_JWT
                ? new AssertionSigner(b.privateKey, b.keyId, b.algorithm, b.assertionLifetime, b.clock) : null;
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

    /** The consumer key. */
    public String clientId() {
        return clientId;
    }

    /** How this source authenticates. */
    public AuthMethod authMethod() {
        return method;
    }

    /** The {@code aud} of the client assertions ({@link AuthMethod#PRIVATE_KEY_JWT} only); else null. */
    public String audience() {
        return method == AuthMethod.PRIVATE_KEY_JWT ? audience : null;
    }

    private TokenResponse requestToken() {
        return switch (method) {
            case CLIENT_SECRET_BASIC -> client.clientCredentials(clientId, clientSecret);
            case CLIENT_SECRET_POST -> client.clientCredentialsPost(clientId, clientSecret);
            // RFC 7523 section 3: iss and sub are the client id; aud identifies the authorization server
            case PRIVATE_KEY_JWT -> client.clientCredentialsWithAssertion(signer.sign(clientId, clientId, audience));
        };
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenSource[loginUrl=" + client.loginUrl() + ", clientId=" + clientId + ", method="
                + method + "]";
    }

    /** Builds a {@link ClientCredentialsTokenSource}. Not thread-safe. */
    public static final class Builder {
        private String loginUrl;
        private String clientId;
        private String clientSecret;
        private PrivateKey privateKey;
        private AuthMethod authMethod;
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

        /** Required: the server, such as {@code http://127.0.0.1:8080} or a Salesforce My Domain URL. */
        public Builder loginUrl(String loginUrl) {
            this.loginUrl = loginUrl;
            return this;
        }

        /** Required: the connected app's consumer key. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The consumer secret (Basic unless {@link #authMethod} says {@code CLIENT_SECRET_POST}). */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** The private key for {@code private_key_jwt}; its certificate must be one of the app's. */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /**
         * How to authenticate; default {@code PRIVATE_KEY_JWT} when a private key is set, else
         * {@code CLIENT_SECRET_BASIC}.
         */
        public Builder authMethod(AuthMethod method) {
            this.authMethod = method;
            return this;
        }

        /** The client assertions' {@code aud}; default the token endpoint URL (as RFC 7523 suggests). */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /** How long before expiry a token is replaced; default 60 s. */
        public Builder refreshSkew(Duration refreshSkew) {
            this.refreshSkew = JwtBearerTokenSource.Builder.requireNonNegative(refreshSkew, "refreshSkew");
            return this;
        }

        /** The lifetime assumed when the reply has no {@code expires_in}; default 15 minutes. */
        public Builder assumedLifetime(Duration assumedLifetime) {
            this.assumedLifetime = JwtBearerTokenSource.Builder.requireNonNegative(assumedLifetime,
                    "assumedLifetime");
            if (assumedLifetime.isZero()) {
                throw new IllegalArgumentException("assumedLifetime must be positive");
            }
            return this;
        }

        /** The lifetime of each client assertion; default three minutes. */
        public Builder assertionLifetime(Duration assertionLifetime) {
            this.assertionLifetime = JwtBearerTokenSource.Builder.requireNonNegative(assertionLifetime,
                    "assertionLifetime");
            return this;
        }

        /** The {@code kid} header of the client assertions; default none. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The client assertions' signature algorithm; default from the key. */
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
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private AuthMethod effectiveMethod() {
            if (authMethod != null) {
                return authMethod;
            }
            return privateKey != null ? AuthMethod.PRIVATE_KEY_JWT : AuthMethod.CLIENT_SECRET_BASIC;
        }

        /**
         * @throws IllegalStateException naming every missing setting, or when a secret and a key are both set, or
         *     the method does not fit what is set
         * @throws IllegalArgumentException when the login URL is invalid or the key does not fit
         */
        public ClientCredentialsTokenSource build() {
            return new ClientCredentialsTokenSource(checked());
        }

        private Builder checked() {
            List<String> missing = new ArrayList<>();
            if (loginUrl == null || loginUrl.isBlank()) {
                missing.add("loginUrl");
            }
            if (clientId == null || clientId.isBlank()) {
                missing.add("clientId");
            }
            AuthMethod method = effectiveMethod();
            if (method == AuthMethod.PRIVATE_KEY_JWT) {
                if (privateKey == null) {
                    missing.add("privateKey");
                }
            } else if (clientSecret == null || clientSecret.isEmpty()) {
                missing.add("clientSecret");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("ClientCredentialsTokenSource (" + method + ") needs "
                        + String.join(", ", missing));
            }
            if (clientSecret != null && privateKey != null) {
                throw new IllegalStateException("ClientCredentialsTokenSource takes a clientSecret or a privateKey, "
                        + "not both (RFC 6749 section 2.3: one authentication method per request)");
            }
            return this;
        }
    }
}
