package io.userbound.core.port;

import io.userbound.core.model.ConnectedApp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Connected apps. Consumer keys are unique across the server; names are unique per org. */
public interface ConnectedAppStore {
    /**
     * Stores every field, the consumer secrets included.
     *
     * @throws DuplicateValueException ({@code Name} or {@code ConsumerKey})
     */
    void insert(ConnectedApp app);

    /**
     * Replaces every mutable field of an existing app <em>except its consumer secrets</em>
     * ({@code consumerSecretHash}, {@code previousSecretHash}, {@code previousSecretExpires}), which only
     * {@link #replaceSecrets} changes; so a settings change that raced with a secret rotation never undoes it.
     */
    void update(ConnectedApp app);

    /**
     * Replaces the consumer secrets of an app in one atomic compare-and-set: only when its current secret hash is
     * still {@code expectedCurrentHash}. Two concurrent rotations therefore never silently lose one of the new
     * secrets: the second sees {@code false}, reads the app again and retries.
     *
     * @param expectedCurrentHash the current hash the caller read; null matches an app without a secret
     * @param newHash the new current hash; null for none
     * @param previousHash the hash still accepted until {@code previousExpires}; null for none
     * @param previousExpires null exactly when {@code previousHash} is null
     * @param lastModified the app's new {@code lastModifiedDate}
     * @return true when replaced; false when the app does not exist or its current hash is no longer the expected one
     */
    boolean replaceSecrets(String appId, String expectedCurrentHash, String newHash, String previousHash,
            Instant previousExpires, Instant lastModified);

    /**
     * Deletes the app together with what belongs to it: its certificates, its access grants and its users'
     * approvals. Its tokens, LoginHistory rows and used {@code jti}s stay (they carry the app's id only).
     *
     * @return true when the app existed
     */
    boolean delete(String appId);

    Optional<ConnectedApp> findById(String id);

    /** The hot path of every token request: one indexed lookup. */
    Optional<ConnectedApp> findByConsumerKey(String consumerKey);

    Optional<ConnectedApp> findByName(String orgId, String name);

    List<ConnectedApp> list(String orgId);
}
