package io.userbound.records.soql;

import java.util.Objects;
import java.util.Optional;

/**
 * The FROM clause: the queried object, case as written, and its optional alias.
 *
 * @param name   the object API name, e.g. {@code Account}; not null
 * @param offset char offset of the name
 * @param alias  the alias after the name ({@code FROM Account a}); leading {@code a.} on paths was stripped
 */
public record ObjectRef(String name, int offset, Optional<String> alias) {
    public ObjectRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
    }
}
