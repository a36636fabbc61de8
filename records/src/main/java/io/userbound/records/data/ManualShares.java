package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import io.userbound.records.access.SharingPredicates;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manual sharing through the {@code <Object>Share} sObjects (a share row gives a user or a role read or edit access to
 * one record): creating one checks the body's fields, that the caller may see the parent record and change its
 * sharing, and that the principal exists; an existing share of the same principal is updated instead. Each write is
 * one transaction.
 */
final class ManualShares {
    private static final String T = "t";

    private final RecordService records;
    private final ObjectCatalog catalog;
    private final RowAccess rows;
    private final RecordStore store;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;

    ManualShares(RecordService records, ObjectCatalog catalog, RowAccess rows, RecordStore store, Transactions tx,
            IdGenerator ids, Clock clock) {
        this.records = records;
        this.catalog = catalog;
        this.rows = rows;
        this.store = store;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }


    String share(RecordContext ctx, ObjectDefinition shareObject, Map<String, Object> body) {
        ObjectDefinition parent = catalog.find(ctx.orgId(), shareObject.parentObject()).orElseThrow();
        String parentField = StandardObjects.parentFieldName(parent);
        String levelField = StandardObjects.accessLevelFieldName(parent);
        List<String> children = parent.name().equals("Account") && !parent.custom() ? StandardObjects.ACCOUNT_CHILDREN
                : List.of();
        for (String key : body.keySet()) {
            if (!key.equals("attributes") && !key.equalsIgnoreCase(parentField) && !key.equalsIgnoreCase("UserOrGroupId")
                    && !key.equalsIgnoreCase(levelField) && !key.equalsIgnoreCase("RowCause")
                    && children.stream().noneMatch(c -> key.equalsIgnoreCase(c + "AccessLevel"))) {
                throw RecordService.noSuchField(shareObject, key);
            }
        }
        Map<String, String> childLevels = childLevels(ctx, body, children);
        String parentId = idValue(body, parentField).flatMap(v -> RecordService.idOf(parent, v)).orElseThrow(() ->
                new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, parentField + ": id value of incorrect type",
                        List.of(parentField)));
        String principal = idValue(body, "UserOrGroupId").flatMap(SalesforceId::parse)
                .filter(i -> i.is(KeyPrefix.USER) || i.is(KeyPrefix.USER_ROLE)).map(SalesforceId::id18)
                .orElseThrow(() -> new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION,
                        "User/Group: id value of incorrect type: expected a user (005) or role (00E) id",
                        List.of("UserOrGroupId")));
        String level = idValue(body, levelField).orElse(null);
        if (!"Read".equals(level) && !"Edit".equals(level)) {
            throw new ApiException(RestErrorCode.INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, levelField
                    + ": bad value for restricted picklist field: " + level + " (expected Read or Edit)",
                    List.of(levelField));
        }
        Optional<String> cause = idValue(body, "RowCause");
        if (cause.isPresent() && !cause.get().equals("Manual")) {
            throw new ApiException(RestErrorCode.INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST,
                    "RowCause: bad value for restricted picklist field: " + cause.get(), List.of("RowCause"));
        }
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            List<FieldDefinition> idOnly = List.of(parent.field(StandardObjects.ID).orElseThrow());
            if (records.fetch(ctx, parent, parentId, idOnly, true).isEmpty()) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id",
                        List.of(parentField));
            }
            records.requireAccess(ctx, parent, parentId, ctx.access().object(parent).read(),
                    SharingPredicates.full(parent, ctx.access(), T), "share");
            if (!principalExists(ctx, principal)) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id",
                        List.of("UserOrGroupId"));
            }
            List<Object[]> existing = store.select(new SqlStatement("SELECT id FROM record_shares WHERE parent_id = ?"
                    + " AND user_or_group_id = ?", List.of(parentId, principal)), 1);
            if (!existing.isEmpty()) {
                String shareId = (String) existing.get(0)[0];
                StringBuilder set = new StringBuilder("UPDATE record_shares SET access_level = ?");
                List<Object> params = new ArrayList<>(List.of(level));
                childLevels.forEach((child, childLevel) -> {
                    set.append(", ").append(StandardObjects.childAccessColumn(child)).append(" = ?");
                    params.add(childLevel);
                });
                params.addAll(List.of(ctx.userId(), now.toEpochMilli(), shareId));
                store.execute(new SqlStatement(set + ", last_modified_by_id = ?, last_modified_date = ? WHERE id = ?",
                        params));
                return shareId;
            }
            String shareId = ids.next(shareObject.keyPrefix());
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("id", shareId);
            columns.put("org_id", ctx.orgId());
            columns.put("object_name_lower", parent.key());
            columns.put("parent_id", parentId);
            columns.put("user_or_group_id", principal);
            columns.put("access_level", level);
            childLevels.forEach((child, childLevel) -> columns.put(StandardObjects.childAccessColumn(child),
                    childLevel));
            columns.put("row_cause", "Manual");
            columns.put("last_modified_by_id", ctx.userId());
            columns.put("last_modified_date", now.toEpochMilli());
            store.insert("record_shares", columns);
            return shareId;
        });
    }

    /**
     * The levels an {@code AccountShare} grants on the account's opportunities, cases and contacts. Each is required
     * on insert, as in Salesforce, and may not be below the child object's organization-wide default (a public
     * read/write default needs {@code Edit}, a public read one at least {@code Read}). A level above the default
     * shares every child record of the account whoever owns it, so the caller needs View All (for {@code Read}) or
     * Modify All (for {@code Edit}) on that object.
     */
    private Map<String, String> childLevels(RecordContext ctx, Map<String, Object> body, List<String> children) {
        List<String> missing = new ArrayList<>();
        for (String child : children) {
            if (idValue(body, child + "AccessLevel").isEmpty()) {
                missing.add(child + "AccessLevel");
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: " + missing,
                    missing);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String child : children) {
            String field = child + "AccessLevel";
            String level = idValue(body, field).orElseThrow();
            if (!CHILD_LEVELS.contains(level)) {
                throw new ApiException(RestErrorCode.INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, field
                        + ": bad value for restricted picklist field: " + level + " (expected None, Read or Edit)",
                        List.of(field));
            }
            Optional<ObjectDefinition> object = catalog.find(ctx.orgId(), child).filter(ObjectDefinition::isRecord);
            if (object.isPresent() && CHILD_LEVELS.indexOf(level) < floor(object.get().sharingModel())) {
                throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, child + " access level below "
                        + "organization default: " + object.get().name() + " is " + object.get().sharingModel()
                        .cliName() + " for everyone, so " + field + " must be at least "
                        + CHILD_LEVELS.get(floor(object.get().sharingModel())), List.of(field));
            }
            if (object.isPresent() && CHILD_LEVELS.indexOf(level) > floor(object.get().sharingModel())) {
                // Salesforce's account owner reaches the account's children through implicit sharing, which
                // Userbound does not model; so granting more than the default needs that access to them all
                boolean allowed = level.equals("Edit") ? ctx.access().object(object.get()).modifyAll()
                        : ctx.access().object(object.get()).viewAll();
                if (!allowed) {
                    throw new ApiException(RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY, field + " " + level
                            + " shares every " + child + " of the account, so it needs "
                            + (level.equals("Edit") ? "Modify All" : "View All") + " on " + child
                            + " (Userbound does not model the implicit sharing through which an account owner reaches"
                            + " them in Salesforce)", List.of(field));
                }
            }
            out.put(child, level);
        }
        return out;
    }

    private static final List<String> CHILD_LEVELS = List.of("None", "Read", "Edit");

    /** The lowest level (an index of {@link #CHILD_LEVELS}) a share may give under a default. */
    private static int floor(io.userbound.records.meta.SharingModel model) {
        return switch (model) {
            case PUBLIC_READ_WRITE -> 2;
            case PUBLIC_READ, READ_ONLY_SETUP -> 1;
            case PRIVATE -> 0;
        };
    }

    private boolean principalExists(RecordContext ctx, String principal) {
        String table = principal.startsWith(KeyPrefix.USER.prefix()) ? "users" : "user_roles";
        return !store.select(new SqlStatement("SELECT 1 FROM " + table + " WHERE id = ? AND org_id = ?",
                List.of(principal, ctx.orgId())), 1).isEmpty();
    }

    void delete(RecordContext ctx, ObjectDefinition shareObject, String id) {
        ObjectDefinition parent = catalog.find(ctx.orgId(), shareObject.parentObject()).orElseThrow();
        String id18 = RecordService.idOf(shareObject, id).orElseThrow(ApiException::notFound);
        tx.run(() -> {
            SqlFragment filter = rows.rowFilter(ctx, shareObject, T, false);
            List<Object> params = new ArrayList<>();
            params.add(id18);
            params.addAll(filter.params());
            List<Object[]> found = store.select(new SqlStatement("SELECT " + T + ".parent_id FROM record_shares " + T
                    + " WHERE " + T + ".id = ? AND " + filter.sql(), params), 1);
            if (found.isEmpty()) {
                throw ApiException.notFound();
            }
            records.requireAccess(ctx, parent, (String) found.get(0)[0], true, SharingPredicates.full(parent, ctx.access(), T),
                    "change the sharing of");
            store.execute(new SqlStatement("DELETE FROM record_shares WHERE id = ?", List.of(id18)));
        });
    }

    private static Optional<String> idValue(Map<String, Object> body, String field) {
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (e.getKey().equalsIgnoreCase(field) && e.getValue() instanceof String s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
