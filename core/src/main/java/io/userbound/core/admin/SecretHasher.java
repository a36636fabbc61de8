package io.userbound.core.admin;

/**
 * Turns a new consumer secret into the keyed hash the store keeps. The server supplies the implementation (an HMAC
 * keyed with its pepper), so secrets never reach the database in clear.
 */
@FunctionalInterface
public interface SecretHasher {
    /**
     * @param secret the clear secret; never null
     * @return the keyed hash to store; never null
     */
    String hash(String secret);
}
