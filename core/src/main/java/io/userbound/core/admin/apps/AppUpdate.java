package io.userbound.core.admin.apps;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * The settings of a connected app that a body sets ({@code PATCH sobjects/ConnectedApplication/{id}}, and the
 * settings members of a create): a member the body omits is absent and leaves the setting as it is; a present null
 * clears {@code RunAsUserId} and is refused for the others ({@code REQUIRED_FIELD_MISSING}, or for
 * {@code AllowedAlgorithms} "at least one algorithm is required"). {@link AppSettings} checks them in this order.
 *
 * @param empty whether the body holds no member (then nothing changes and no audit row is written)
 * @param policy {@code PermittedUsersPolicy}
 * @param clientCredentialsEnabled {@code ClientCredentialsEnabled}
 * @param runAsRef {@code RunAsUserId}, the raw user id
 * @param jtiRequired {@code JtiRequired}
 * @param assertionMaxLifetimeSeconds {@code AssertionMaxLifetimeSeconds}
 * @param allowedAlgorithms {@code AllowedAlgorithms}
 * @param tokenLifetimeSeconds {@code TokenLifetimeSeconds}
 */
public record AppUpdate(Member<Boolean> empty, Member<String> policy, Member<Boolean> clientCredentialsEnabled,
        Member<String> runAsRef, Member<Boolean> jtiRequired, Member<Long> assertionMaxLifetimeSeconds,
        Member<List<String>> allowedAlgorithms, Member<Long> tokenLifetimeSeconds) {

    /** Reads a {@code PATCH sobjects/ConnectedApplication/{id}} body; its errors are thrown as the update reads it. */
    public static AppUpdate from(Map<String, Object> body) {
        return from(RequestBody.read("ConnectedApplication", body, AppSettings.SETTINGS));
    }

    static AppUpdate from(RequestBody b) {
        return new AppUpdate(b.empty(), b.string("PermittedUsersPolicy"), b.bool("ClientCredentialsEnabled"),
                b.string("RunAsUserId"), b.bool("JtiRequired"), b.integer("AssertionMaxLifetimeSeconds"),
                b.strings("AllowedAlgorithms"), b.integer("TokenLifetimeSeconds"));
    }

    /** @throws io.userbound.core.ApiException when the body was refused (an unknown or duplicate member) */
    public boolean changesNothing() {
        return empty.value();
    }

    /** Whether the body sets {@code PermittedUsersPolicy} (even to a value that is then refused). */
    boolean setsPolicy() {
        return policy.present();
    }
}
