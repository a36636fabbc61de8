package io.userbound.client;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tokens from the client credentials grant (RFC 6749 section 4.4), authenticated with HTTP Basic. The token runs as
 * the app's run-as user. Caching, refresh and single-flight behave as in {@link JwtBearerTokenSource}. Thread-safe.
 *
 * <p>Real Salesforce accepts this grant only on the org's My Domain URL, not on {@code login.salesforce.com}.
 */
public final class ClientCredentialsTokenSource implements TokenSource {

    private final TokenCache cache;

    /**
     * @param http the HTTP client; null for the default
     * @param loginUrl the server (on Salesforce: the My Domain URL)
     * @param clientId the consumer key
     * @param clientSecret the consumer secret
     * @param clock the clock; null for the system UTC clock
     */
    public ClientCredentialsTokenSource(HttpClient http, String loginUrl, String clientId, String clientSecret,
            Clock clock) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("a client id and a client secret are required");
        }
        TokenClient client = new TokenClient(http != null ? http : TokenClient.defaultHttpClient(), loginUrl);
        this.cache = new TokenCache(() -> client.clientCredentials(clientId, clientSecret),
                Objects.requireNonNullElse(clock, Clock.systemUTC()), Duration.ofSeconds(60), Duration.ofMinutes(15),
                client.loginUrl());
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
}
