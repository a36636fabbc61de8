package io.userbound.core.port;

import io.userbound.core.model.Profile;
import java.util.List;
import java.util.Optional;

/** Profiles; names are unique per org. */
public interface ProfileStore {
    /** @throws DuplicateValueException ({@code Name}) when the name is taken in the org */
    void insert(Profile profile);

    Optional<Profile> findById(String id);

    /** @param name exact name, case-insensitive */
    Optional<Profile> findByName(String orgId, String name);

    List<Profile> list(String orgId);
}
