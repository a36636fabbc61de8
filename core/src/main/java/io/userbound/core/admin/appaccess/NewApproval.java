package io.userbound.core.admin.appaccess;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A user's approval of a self-authorize app ({@code POST sobjects/ConnectedApplication/{id}/approvals}).
 *
 * @param userRef {@code UserId}: the raw id of the user who approves; absent or null for the caller
 */
public record NewApproval(Member<String> userRef) {
    private static final List<String> FIELDS = List.of("UserId");

    /** Reads the (optional) body; its errors are thrown when approving reads it. */
    public static NewApproval from(Map<String, Object> body) {
        return new NewApproval(RequestBody.read("OauthToken", body, FIELDS).string("UserId"));
    }
}
