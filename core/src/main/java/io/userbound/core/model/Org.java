package io.userbound.core.model;

import java.time.Instant;

/** A tenant ({@code 00D}). A fresh data directory holds one. */
public record Org(String id, String name, String instanceName, Instant createdDate) {
}
