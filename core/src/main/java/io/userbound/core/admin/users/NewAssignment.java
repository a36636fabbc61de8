package io.userbound.core.admin.users;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A permission set to assign to a user ({@code POST sobjects/PermissionSetAssignment}); both members are required
 * and checked by {@link UserAdmin#assign}.
 *
 * @param assigneeRef {@code AssigneeId}, the raw user id
 * @param permissionSetRef {@code PermissionSetId}, the raw permission set id
 */
public record NewAssignment(Member<String> assigneeRef, Member<String> permissionSetRef) {
    static final List<String> FIELDS = List.of("AssigneeId", "PermissionSetId");

    /** Reads a {@code POST sobjects/PermissionSetAssignment} body; its errors are thrown when assigning reads it. */
    public static NewAssignment from(Map<String, Object> body) {
        RequestBody b = RequestBody.read("PermissionSetAssignment", body, FIELDS);
        return new NewAssignment(b.string("AssigneeId"), b.string("PermissionSetId"));
    }
}
