package io.userbound.core.admin;

import io.userbound.core.model.ConnectedApp;
import java.time.Instant;

/**
 * A connected app whose consumer secret was just rotated, with the new secret in clear: the only time it is ever
 * available.
 *
 * @param app the app after the rotation; never null
 * @param consumerSecret the new secret; never null
 * @param previousSecretExpires until when the replaced secret is still accepted; null when it stopped at once (an
 *     overlap of zero, or the app had no secret before)
 */
public record RotatedSecret(ConnectedApp app, String consumerSecret, Instant previousSecretExpires) {
    @Override
    public String toString() {
        return "RotatedSecret[app=" + app.id() + ", previousSecretExpires=" + previousSecretExpires + "]";
    }
}
