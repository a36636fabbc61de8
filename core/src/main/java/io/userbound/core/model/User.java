package io.userbound.core.model;

import java.time.Instant;

/**
 * A user ({@code 005}). Usernames are email-shaped and unique across the server, compared case-insensitively; the
 * store keeps them in lower case.
 *
 * @param profileId the one profile ({@code 00e}); never null
 * @param email may be null (the Automated Process user has none)
 */
public record User(
        String id,
        String orgId,
        String username,
        String firstName,
        String lastName,
        String email,
        UserType type,
        boolean active,
        String profileId,
        Instant createdDate,
        Instant lastModifiedDate) {

    public User withActive(boolean newActive, Instant now) {
        return new User(id, orgId, username, firstName, lastName, email, type, newActive, profileId, createdDate, now);
    }

    public User withProfile(String newProfileId, Instant now) {
        return new User(id, orgId, username, firstName, lastName, email, type, active, newProfileId, createdDate, now);
    }

    /** "First Last", or the last name alone. */
    public String displayName() {
        return firstName == null || firstName.isBlank() ? lastName : firstName + " " + lastName;
    }
}
