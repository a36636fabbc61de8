package io.userbound.core.model;

import java.time.Instant;
import java.util.Set;

/** A user's stored approval of a self-authorize connected app; unique per (app, user). */
public record Approval(String id, String orgId, String appId, String userId, Set<String> scopes, Instant createdDate) {
    public Approval {
        scopes = Set.copyOf(scopes);
    }
}
