package io.userbound.core.port;

import io.userbound.core.model.User;
import io.userbound.core.model.UserType;
import java.util.List;
import java.util.Optional;

/** Users. Usernames are unique across the server and compared case-insensitively. */
public interface UserStore {
    /** @throws DuplicateValueException ({@code Username}) when the username is taken */
    void insert(User user);

    /** Replaces the mutable fields (names, email, active, profile, last-modified date) of an existing user. */
    void update(User user);

    /** @param id an 18-character user id; never null */
    Optional<User> findById(String id);

    /** @param username any case; never null */
    Optional<User> findByUsername(String username);

    /** The org's users of a type, oldest first, at most {@code limit}. */
    List<User> listByType(String orgId, UserType type, int limit);

    /** The org's users, oldest first, at most {@code limit}. */
    List<User> list(String orgId, int limit);

    /** The ids of every user of the org, oldest first. */
    List<String> ids(String orgId);

    /** The ids of the users whose profile is {@code profileId}. */
    List<String> idsWithProfile(String profileId);
}
