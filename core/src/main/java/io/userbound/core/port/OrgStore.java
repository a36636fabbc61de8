package io.userbound.core.port;

import io.userbound.core.model.Org;
import java.util.List;
import java.util.Optional;

/** Orgs. */
public interface OrgStore {
    void insert(Org org);

    /** @param id an 18-character org id; never null */
    Optional<Org> findById(String id);

    /** All orgs, oldest first. */
    List<Org> list();
}
