package io.userbound.core.port;

import io.userbound.core.model.ConnectedApp;
import java.util.List;
import java.util.Optional;

/** Connected apps. Consumer keys are unique across the server; names are unique per org. */
public interface ConnectedAppStore {
    /** @throws DuplicateValueException ({@code Name} or {@code ConsumerKey}) */
    void insert(ConnectedApp app);

    /** Replaces every mutable field of an existing app. */
    void update(ConnectedApp app);

    Optional<ConnectedApp> findById(String id);

    /** The hot path of every token request: one indexed lookup. */
    Optional<ConnectedApp> findByConsumerKey(String consumerKey);

    Optional<ConnectedApp> findByName(String orgId, String name);

    List<ConnectedApp> list(String orgId);
}
