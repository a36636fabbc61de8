package io.userbound.core.admin.users;

import static io.userbound.core.admin.AdminSupport.crossReference;
import static io.userbound.core.admin.AdminSupport.maxLength;
import static io.userbound.core.admin.AdminSupport.refId;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Caller;
import io.userbound.core.admin.Fields;
import io.userbound.core.model.Profile;
import io.userbound.core.model.SystemPermission;
import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import io.userbound.core.port.ProfileStore;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules of a user's fields: their shapes and lengths, the profile a user may have, and a PATCH's plan. */
final class UserChanges {
    static final List<String> UPDATE_FIELDS = List.of("IsActive", "ProfileId", "FirstName", "LastName", "Email");
    static final int MAX_USERNAME = 80;
    static final int MAX_NAME = 80;
    static final int MAX_FIRST_NAME = 40;
    static final int MAX_EMAIL = 128;
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");

    private final ProfileStore profiles;

    UserChanges(ProfileStore profiles) {
        this.profiles = profiles;
    }

    /** A user as a {@code PATCH} leaves it, the audit action, and what changed. */
    record Plan(User updated, String action, List<String> changes) {
    }

    /** Applies the members of a {@code PATCH sobjects/User} body to {@code old}, checking each. */
    Plan plan(Caller caller, User old, UserUpdate u, Instant now) {
        if (old.type() == UserType.AUTOMATED_PROCESS) {
            throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                    "The Automated Process user cannot be changed");
        }
        List<String> changes = new ArrayList<>();
        boolean active = old.active();
        if (u.active().present()) {
            boolean v = u.active().required();
            if (!v && old.id().equals(caller.userId())) {
                throw Fields.badValue("IsActive", "you cannot deactivate your own user");
            }
            if (v != active) {
                changes.add(v ? "activated" : "deactivated");
            }
            active = v;
        }
        String profileId = old.profileId();
        if (u.profileRef().present()) {
            String ref = u.profileRef().required();
            Profile profile = profileRef(caller, "ProfileId", ref);
            checkProfileFits(old.type(), profile);
            if (!profile.id().equals(profileId)) {
                changes.add("profile set to " + profile.name());
            }
            profileId = profile.id();
        }
        String firstName = old.firstName();
        if (u.firstName().present()) {
            firstName = maxLength("FirstName", u.firstName().value(), MAX_FIRST_NAME);
            changes.add("first name changed");
        }
        String lastName = old.lastName();
        if (u.lastName().present()) {
            lastName = maxLength("LastName", u.lastName().value(), MAX_NAME);
            if (lastName == null) {
                throw Fields.missing("LastName");
            }
            changes.add("last name changed");
        }
        String email = old.email();
        if (u.email().present()) {
            email = email(u.email().required());
            changes.add("email changed to " + email);
        }
        User updated = new User(old.id(), old.orgId(), old.username(), firstName, lastName, email, old.type(), active,
                profileId, old.createdDate(), now);
        String action = !u.active().present() || active == old.active() ? "changedUser"
                : active ? "activateduser" : "deactivateduser";
        return new Plan(updated, action, changes);
    }

    Profile profileRef(Caller caller, String field, String raw) {
        String id = refId(field, raw, KeyPrefix.PROFILE);
        return profiles.findById(id).filter(p -> p.orgId().equals(caller.orgId()))
                .orElseThrow(() -> crossReference(field, id));
    }

    static void checkProfileFits(UserType type, Profile profile) {
        if (Profile.AUTOMATED_PROCESS.equals(profile.name())) {
            throw Fields.badValue("ProfileId", "the Automated Process profile belongs to the org's own actor only");
        }
        if (type == UserType.INTEGRATION && !profile.permissions().contains(SystemPermission.API_USER_ONLY)) {
            throw Fields.badValue("ProfileId", "an integration user needs an API-only profile (PermissionsApiUserOnly);"
                    + " '" + profile.name() + "' is not");
        }
    }

    static String username(String value) {
        String u = value.toLowerCase(Locale.ROOT);
        maxLength("Username", u, MAX_USERNAME);
        if (!EMAIL.matcher(u).matches()) {
            throw Fields.badValue("Username", "'" + value + "' is not in the form of an email address");
        }
        return u;
    }

    static String email(String value) {
        maxLength("Email", value, MAX_EMAIL);
        if (!EMAIL.matcher(value).matches()) {
            throw Fields.badValue("Email", "'" + value + "' is not an email address");
        }
        return value;
    }
}
