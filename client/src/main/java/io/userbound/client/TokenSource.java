package io.userbound.client;

/**
 * Supplies access tokens, caching them and getting new ones when needed.
 *
 * <p>Implementations are thread-safe. They throw {@link OAuthClientException} when the token endpoint refuses, and
 * {@link java.io.UncheckedIOException} when it cannot be reached.
 */
public interface TokenSource {

    /**
     * A token that is not about to expire: the cached one, or a new one when the cached one is missing or close to
     * its expiry.
     *
     * @return never null
     */
    Token token();

    /**
     * Forces a new token, for example after the API answered 401 to the current one.
     *
     * @return never null
     */
    Token refresh();

    /**
     * Replaces a token that the API refused. When the source already holds a newer token than {@code rejected}
     * (another thread refreshed it meanwhile), that one is returned without a new request; otherwise a new token is
     * requested, as {@link #refresh()} does.
     *
     * @param rejected the token the API answered 401 to; null acts like {@link #refresh()}
     * @return never null
     */
    default Token refresh(Token rejected) {
        return refresh();
    }
}
