package io.userbound.oauth.clientauth;

/**
 * Checks a presented consumer secret against the keyed hash a connected app stores
 * ({@code ConnectedApp.consumerSecretHash}). Secrets are never stored in clear.
 */
public interface ConsumerSecretHasher {
    /** Matches nothing: for servers that do not check consumer secrets (every non-empty secret is refused). */
    ConsumerSecretHasher REJECT_ALL = (presentedSecret, storedHash) -> false;

    /**
     * Whether the secret matches the stored hash, compared in constant time.
     *
     * @param presentedSecret the secret the client sent; never null
     * @param storedHash the app's stored hash; null when the app has no secret (then false)
     */
    boolean matches(String presentedSecret, String storedHash);
}
