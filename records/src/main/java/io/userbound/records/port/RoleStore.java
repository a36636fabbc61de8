package io.userbound.records.port;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Roles and users' role assignments (the {@code users.role_id} column). Calls join the caller's transaction. */
public interface RoleStore {
    /** @throws io.userbound.core.port.DuplicateValueException (field {@code Name}) when the org has that name */
    void insert(Role role);

    Optional<Role> findById(String id);

    /** Case-insensitive. */
    Optional<Role> findByName(String orgId, String name);

    /** @return every role of the org; never null */
    List<Role> all(String orgId);

    /** @return the user's role id; empty when the user has none or does not exist */
    Optional<String> roleOf(String userId);

    /** Sets (or with null clears) a user's role. @return false when the user does not exist */
    boolean setRole(String userId, String roleIdOrNull);

    /** @return the ids of the users whose role is one of {@code roleIds}; never null */
    Set<String> usersInRoles(Collection<String> roleIds);
}
