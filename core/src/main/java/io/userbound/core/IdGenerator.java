package io.userbound.core;

import io.userbound.protocol.KeyPrefix;

/** Makes new record ids. */
public interface IdGenerator {
    /**
     * @return a new 18-character Salesforce-style id with the given prefix, unique across nodes
     */
    default String next(KeyPrefix prefix) {
        return next(prefix.prefix());
    }

    /**
     * @param prefix three characters from {@code [0-9A-Za-z]}, such as a custom object's {@code a01}
     * @return a new 18-character Salesforce-style id with the given prefix, unique across nodes
     */
    String next(String prefix);

    /**
     * Called after the database refused an id of this generator as already taken (another node made the same id):
     * makes the ids that follow differ from that node's. Does nothing by default.
     */
    default void reseed() {
    }
}
