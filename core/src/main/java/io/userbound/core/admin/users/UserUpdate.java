package io.userbound.core.admin.users;

import io.userbound.core.admin.Member;
import io.userbound.core.admin.RequestBody;
import java.util.Map;

/**
 * The changes of a {@code PATCH sobjects/User/{id}}: a member the body omits is absent and leaves the field as it is;
 * each present one is checked by {@link UserAdmin#update} in this order. None of these fields may be cleared: a
 * present null is {@code REQUIRED_FIELD_MISSING}, except {@code FirstName}, which it clears.
 *
 * @param empty whether the body holds no member (then nothing changes and no audit row is written)
 * @param active {@code IsActive}
 * @param profileRef {@code ProfileId}, the raw id
 * @param firstName {@code FirstName}
 * @param lastName {@code LastName}
 * @param email {@code Email}
 */
public record UserUpdate(Member<Boolean> empty, Member<Boolean> active, Member<String> profileRef,
        Member<String> firstName, Member<String> lastName, Member<String> email) {

    /** Reads a {@code PATCH sobjects/User/{id}} body; its errors are thrown when the update reads each member. */
    public static UserUpdate from(Map<String, Object> body) {
        RequestBody b = RequestBody.read("User", body, UserChanges.UPDATE_FIELDS);
        return new UserUpdate(b.empty(), b.bool("IsActive"), b.string("ProfileId"), b.string("FirstName"),
                b.string("LastName"), b.string("Email"));
    }

    /** @throws io.userbound.core.ApiException when the body was refused (an unknown or duplicate member) */
    public boolean changesNothing() {
        return empty.value();
    }
}
