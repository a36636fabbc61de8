package io.userbound.records.access;

import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.SharingModel;
import io.userbound.records.meta.StandardObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record-level access of a user as SQL that is pushed into every statement on a record object, so that
 * {@code LIMIT}, {@code COUNT()} and paging see exactly the rows the user may see and no hidden row is fetched.
 *
 * <p>A user sees a record when the organization-wide default is public, when the user may view all records of the
 * object, when the user or a user below in the role hierarchy owns it, or when a share row grants it to the user, to a
 * user below, to the user's role or to a role below; an opportunity or contact also when an {@code AccountShare} of
 * its account grants it through {@code OpportunityAccessLevel} or {@code ContactAccessLevel}. Editing needs an edit-level share, a public read/write default,
 * ownership (or the hierarchy above the owner) or modify all. Deleting and sharing need ownership, the hierarchy above
 * the owner, or modify all. An empty result means "no restriction".
 */
public final class SharingPredicates {
    /** Above this many owners the owner set is expressed by a sub-query on the role hierarchy instead of a list. */
    static final int MAX_LISTED_OWNERS = 500;
    private static final String OWNER = FieldDefinition.columnFor(StandardObjects.OWNER_ID);

    private SharingPredicates() {
    }

    /** Rows of {@code alias} (a record object's table) that the user may read. */
    public static Optional<SqlFragment> read(ObjectDefinition object, AccessSnapshot access, String alias) {
        if (object.sharingModel() != SharingModel.PRIVATE || access.object(object).viewAll()) {
            return Optional.empty();
        }
        return Optional.of(ownedOrShared(object, access, alias, false));
    }

    /** Rows the user may edit. */
    public static Optional<SqlFragment> edit(ObjectDefinition object, AccessSnapshot access, String alias) {
        if (object.sharingModel() == SharingModel.PUBLIC_READ_WRITE || access.object(object).modifyAll()) {
            return Optional.empty();
        }
        return Optional.of(ownedOrShared(object, access, alias, true));
    }

    /** Rows the user has full access to: may delete, transfer and share. */
    public static Optional<SqlFragment> full(ObjectDefinition object, AccessSnapshot access, String alias) {
        if (access.object(object).modifyAll()) {
            return Optional.empty();
        }
        return Optional.of(owned(access, alias));
    }

    private static SqlFragment owned(AccessSnapshot access, String alias) {
        String column = alias + "." + OWNER;
        if (access.subordinateUserIds().size() < MAX_LISTED_OWNERS) {
            return SqlFragment.in(column, access.ownerIds());
        }
        List<Object> params = new ArrayList<>();
        params.add(access.userId());
        SqlFragment roles = SqlFragment.in("u.role_id", access.subordinateRoleIds());
        params.addAll(roles.params());
        return new SqlFragment("(" + column + " = ? OR " + column + " IN (SELECT u.id FROM users u WHERE "
                + roles.sql() + "))", params);
    }

    private static SqlFragment ownedOrShared(ObjectDefinition object, AccessSnapshot access, String alias,
            boolean editOnly) {
        SqlFragment owned = owned(access, alias);
        List<Object> params = new ArrayList<>(owned.params());
        StringBuilder sql = new StringBuilder("(").append(owned.sql()).append(" OR EXISTS (SELECT 1 FROM record_shares s")
                .append(" WHERE s.parent_id = ").append(alias).append(".id AND ");
        SqlFragment principals = principals(access, "s.user_or_group_id");
        sql.append(principals.sql());
        params.addAll(principals.params());
        if (editOnly) {
            sql.append(" AND s.access_level IN ('Edit', 'All')");
        }
        sql.append(')');
        if (!object.custom() && StandardObjects.ACCOUNT_CHILDREN.contains(object.name())
                && object.field("AccountId").isPresent()) {
            // an AccountShare grants the account's opportunities and contacts at its OpportunityAccessLevel and
            // ContactAccessLevel, as in Salesforce
            SqlFragment viaAccount = principals(access, "a.user_or_group_id");
            sql.append(" OR EXISTS (SELECT 1 FROM record_shares a WHERE a.parent_id = ").append(alias).append('.')
                    .append(FieldDefinition.columnFor("AccountId")).append(" AND ").append(viaAccount.sql())
                    .append(" AND a.").append(StandardObjects.childAccessColumn(object.name()))
                    .append(editOnly ? " = 'Edit'" : " IN ('Read', 'Edit')")
                    // a deleted account's shares grant nothing: deletes are soft and do not remove share rows
                    .append(" AND EXISTS (SELECT 1 FROM ").append(StandardObjects.account().table())
                    .append(" p WHERE p.id = a.parent_id AND p.").append(FieldDefinition.columnFor(StandardObjects
                    .IS_DELETED)).append(" = FALSE)").append(')');
            params.addAll(viaAccount.params());
        }
        sql.append(')');
        return new SqlFragment(sql.toString(), params);
    }

    /** The share rows' principals that reach the user: the user, the role, and those below, as a condition. */
    private static SqlFragment principals(AccessSnapshot access, String column) {
        if (access.subordinateUserIds().size() < MAX_LISTED_OWNERS) {
            return SqlFragment.in(column, access.principalIds());
        }
        List<Object> direct = new ArrayList<>();
        direct.add(access.userId());
        if (access.roleId() != null) {
            direct.add(access.roleId());
        }
        direct.addAll(access.subordinateRoleIds());
        SqlFragment principals = SqlFragment.in(column, direct);
        SqlFragment roles = SqlFragment.in("u.role_id", access.subordinateRoleIds());
        List<Object> params = new ArrayList<>(principals.params());
        params.addAll(roles.params());
        return new SqlFragment("(" + principals.sql() + " OR " + column + " IN (SELECT u.id FROM users u WHERE "
                + roles.sql() + "))", params);
    }
}
