package io.userbound.core.admin.appaccess;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * A grant of a connected app to a profile or permission set ({@code POST sobjects/SetupEntityAccess}); both members
 * are required and checked by {@link AppAccessAdmin#grant} in this order.
 *
 * @param parentRef {@code ParentId}: the raw id of the profile or permission set
 * @param appRef {@code SetupEntityId}: the raw id of the connected app
 */
public record NewAppAccessGrant(Member<String> parentRef, Member<String> appRef) {
    private static final List<String> FIELDS = List.of("ParentId", "SetupEntityId");

    /** Reads the body; its errors are thrown when granting reads it. */
    public static NewAppAccessGrant from(Map<String, Object> body) {
        RequestBody b = RequestBody.read("SetupEntityAccess", body, FIELDS);
        return new NewAppAccessGrant(b.string("ParentId"), b.string("SetupEntityId"));
    }
}
