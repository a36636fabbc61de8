package io.userbound.core;

import io.userbound.protocol.KeyPrefix;

/** Makes new record ids. */
public interface IdGenerator {
    /**
     * @return a new 18-character Salesforce-style id with the given prefix, unique across nodes
     */
    String next(KeyPrefix prefix);
}
