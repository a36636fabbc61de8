package io.userbound.core.port;

import io.userbound.core.model.Org;
import java.util.List;
import java.util.Optional;

/** Orgs. */
public interface OrgStore {
    void insert(Org org);

    /**
     * Inserts the org as the one this database serves (the bootstrap's org). Call it inside the transaction that
     * creates the org's first rows, so that losing the race leaves nothing behind.
     *
     * @throws DuplicateValueException with field {@code Installation} when the database already serves an org: another
     *     node created it first (a concurrent attempt waits for that node's transaction, then fails)
     */
    void insertInstallationOrg(Org org);

    /** @param id an 18-character org id; never null */
    Optional<Org> findById(String id);

    /** All orgs, oldest first. */
    List<Org> list();
}
