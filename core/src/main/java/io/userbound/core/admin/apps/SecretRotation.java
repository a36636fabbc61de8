package io.userbound.core.admin.apps;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A rotation of an app's consumer secret ({@code POST sobjects/ConnectedApplication/{id}/rotateSecret}).
 *
 * @param overlapSeconds {@code OverlapSeconds}: how long the replaced secret keeps working; absent for
 *        {@link AppCredentialAdmin#DEFAULT_SECRET_OVERLAP_SECONDS}, a present null is refused
 */
public record SecretRotation(Member<Long> overlapSeconds) {
    private static final List<String> FIELDS = List.of("OverlapSeconds");

    /** Reads the (optional) body; its errors are thrown when the rotation reads it. */
    public static SecretRotation from(Map<String, Object> body) {
        return new SecretRotation(RequestBody.read("ConnectedApplication", body, FIELDS).integer("OverlapSeconds"));
    }
}
