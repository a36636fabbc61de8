package io.userbound.core.admin.users;

import static io.userbound.core.admin.AdminSupport.maxLength;

import io.userbound.core.admin.Fields;
import io.userbound.core.model.UserType;
import java.util.List;
import java.util.Map;

/**
 * A user to create ({@code POST sobjects/User}), its fields checked: the username lower-cased and email-shaped, the
 * names within their lengths, the email defaulting to the username.
 *
 * @param username never null
 * @param firstName may be null
 * @param lastName never null
 * @param email never null
 * @param type {@code STANDARD} or {@code INTEGRATION}; never null
 * @param profileRef the raw {@code ProfileId}; null for the type's default profile
 */
public record NewUser(String username, String firstName, String lastName, String email, UserType type,
        String profileRef) {
    static final List<String> FIELDS = List.of("Username", "LastName", "FirstName", "Email", "UserType",
            "ProfileId");

    /**
     * Reads and checks a {@code POST sobjects/User} body.
     *
     * @throws io.userbound.core.ApiException naming the first field that is unknown, missing or wrong
     */
    public static NewUser from(Map<String, Object> body) {
        Fields f = Fields.read("User", body, FIELDS);
        String username = UserChanges.username(f.requiredString("Username"));
        String lastName = maxLength("LastName", f.requiredString("LastName"), UserChanges.MAX_NAME);
        String firstName = maxLength("FirstName", f.string("FirstName"), UserChanges.MAX_FIRST_NAME);
        String email = f.has("Email") && f.string("Email") != null ? UserChanges.email(f.string("Email")) : username;
        UserType type = UserType.STANDARD;
        String typeValue = f.string("UserType");
        if (typeValue != null) {
            type = UserType.parse(typeValue).orElseThrow(() -> Fields.badValue("UserType",
                    "'" + typeValue + "' is not one of standard, integration"));
            if (type == UserType.AUTOMATED_PROCESS) {
                throw Fields.badValue("UserType",
                        "an automated-process user cannot be created; each org has the one made at bootstrap");
            }
        }
        return new NewUser(username, firstName, lastName, email, type, f.string("ProfileId"));
    }
}
