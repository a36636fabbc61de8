package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import io.userbound.records.access.FieldAccess;
import io.userbound.records.access.ObjectAccess;
import io.userbound.records.access.SharingPredicates;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectCatalog;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Record CRUD for the {@code sobjects} resource, evaluated for the caller: object permissions, field-level security
 * and sharing decide what each call may see and change. A record the caller may not see is {@code NOT_FOUND}; a
 * visible record the caller may not change is {@code INSUFFICIENT_ACCESS_OR_READONLY}. Each write, its share rows and
 * its field history commit in one transaction.
 */
public final class RecordService {
    private static final String T = "t";
    private static final String OWNER = FieldDefinition.columnFor(StandardObjects.OWNER_ID);
    private static final String IS_DELETED = FieldDefinition.columnFor(StandardObjects.IS_DELETED);

    private final ObjectCatalog catalog;
    private final RowAccess rows;
    private final RecordStore store;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;

    public RecordService(ObjectCatalog catalog, RecordStore store, Transactions tx, IdGenerator ids, Clock clock) {
        this.catalog = catalog;
        this.rows = new RowAccess(catalog);
        this.store = store;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    public RowAccess rowAccess() {
        return rows;
    }

    /** The object named by a URL, when the caller may read it; else {@code NOT_FOUND}. */
    public ObjectDefinition object(RecordContext ctx, String type) {
        return rows.readableObject(ctx, type).orElseThrow(ApiException::notFound);
    }

    // ---- read ----

    /**
     * {@code GET sobjects/{type}/{id}}.
     *
     * @param fieldList the {@code fields} parameter (comma-separated API names); null for every readable field
     */
    public Map<String, Object> get(RecordContext ctx, String type, String id, String fieldList) {
        ObjectDefinition o = object(ctx, type);
        String id18 = idOf(o, id).orElseThrow(ApiException::notFound);
        List<FieldDefinition> fields = fieldList == null || fieldList.isBlank() ? rows.readableFields(ctx, o)
                : requestedFields(ctx, o, fieldList);
        return fetch(ctx, o, id18, fields, false).map(values -> toRecord(ctx, o, fields, values))
                .orElseThrow(ApiException::notFound);
    }

    private List<FieldDefinition> requestedFields(RecordContext ctx, ObjectDefinition o, String fieldList) {
        List<FieldDefinition> out = new ArrayList<>();
        for (String raw : fieldList.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            FieldDefinition f = o.field(name).filter(x -> rows.readableField(ctx, o, x))
                    .orElseThrow(() -> new ApiException(RestErrorCode.INVALID_FIELD, "No such column '" + name
                            + "' on entity '" + o.name() + "'. If you are attempting to use a custom field, be sure"
                            + " to append the '__c' after the custom field name. Please reference your WSDL or the"
                            + " describe call for the appropriate names.", List.of(name)));
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        o.field(StandardObjects.ID).filter(f -> !out.contains(f)).ifPresent(f -> out.add(0, f));
        return out;
    }

    /** The typed values of {@code fields} of one visible row, in order. */
    private Optional<Object[]> fetch(RecordContext ctx, ObjectDefinition o, String id18, List<FieldDefinition> fields,
            boolean forUpdate) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < fields.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(fields.get(i).sql(T));
        }
        SqlFragment filter = rows.rowFilter(ctx, o, T, false);
        sql.append(" FROM ").append(o.table()).append(' ').append(T).append(" WHERE ").append(T).append(".id = ? AND ")
                .append(filter.sql());
        if (forUpdate) {
            sql.append(" FOR UPDATE");
        }
        List<Object> params = new ArrayList<>();
        params.add(id18);
        params.addAll(filter.params());
        List<Object[]> found = store.select(new SqlStatement(sql.toString(), params), fields.size());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Object[] values = found.get(0);
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueCodec.fromColumn(fields.get(i), values[i]);
        }
        return Optional.of(values);
    }

    /** A record in Salesforce's JSON shape: {@code attributes}, then the fields in order. */
    public Map<String, Object> toRecord(RecordContext ctx, ObjectDefinition o, List<FieldDefinition> fields,
            Object[] typed) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", o.name());
        Object id = null;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(StandardObjects.ID)) {
                id = typed[i];
            }
        }
        if (id != null) {
            attributes.put("url", ctx.basePath() + "/sobjects/" + o.name() + "/" + id);
        }
        out.put("attributes", attributes);
        for (int i = 0; i < fields.size(); i++) {
            out.put(fields.get(i).name(), ValueCodec.toJson(fields.get(i), typed[i]));
        }
        return out;
    }

    private static Optional<String> idOf(ObjectDefinition o, String raw) {
        return SalesforceId.parse(raw).filter(id -> id.id15().startsWith(o.keyPrefix())).map(SalesforceId::id18);
    }

    // ---- create ----

    /** {@code POST sobjects/{type}}: the new record's id. */
    public String create(RecordContext ctx, String type, Map<String, Object> body) {
        ObjectDefinition o = object(ctx, type);
        if (o.category() == ObjectDefinition.Category.SHARE) {
            return share(ctx, o, body);
        }
        if (!o.isRecord()) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "entity type " + o.name()
                    + " does not support insert");
        }
        if (!ctx.access().object(o).create()) {
            throw new ApiException(RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY,
                    "insufficient access rights on object: you may not create " + o.name() + " records");
        }
        Map<FieldDefinition, Object> values = writableValues(ctx, o, body, true);
        for (FieldDefinition f : o.fields()) {
            if (f.writable() && !values.containsKey(f)) {
                values.put(f, ValueCodec.fromDefault(f));
            }
        }
        List<String> missing = new ArrayList<>();
        for (FieldDefinition f : o.fields()) {
            if (f.required() && f.writable() && values.get(f) == null) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: " + missing,
                    missing);
        }
        Instant now = clock.instant();
        String id = ids.next(o.keyPrefix());
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put(StandardObjects.ID_COLUMN, id);
        columns.put(StandardObjects.ORG_COLUMN, ctx.orgId());
        columns.put(OWNER, ctx.userId());
        columns.put(FieldDefinition.columnFor(StandardObjects.CREATED_BY_ID), ctx.userId());
        columns.put(FieldDefinition.columnFor(StandardObjects.CREATED_DATE), now.toEpochMilli());
        columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_BY_ID), ctx.userId());
        columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_DATE), now.toEpochMilli());
        columns.put(IS_DELETED, Boolean.FALSE);
        values.forEach((f, v) -> columns.put(f.column(), ValueCodec.toColumn(f, v)));
        tx.run(() -> {
            checkLookups(ctx, o, values);
            insertUnique(o, () -> store.insert(o.table(), columns));
            if (o.fields().stream().anyMatch(FieldDefinition::tracked)) {
                history(ctx, o, id, StandardObjects.HISTORY_CREATED, "text", null, null, now);
            }
        });
        return id;
    }

    // ---- update ----

    /**
     * {@code PATCH sobjects/{type}/{id}}. The checks run in this order, so that no answer depends on a record the
     * caller may not see: an unknown or hidden field is {@code INVALID_FIELD} (as in SOQL, whatever the id); a
     * record the caller cannot see is {@code NOT_FOUND}; a visible record the caller may not edit (no object edit
     * permission, or no edit access to the row) is {@code INSUFFICIENT_ACCESS_OR_READONLY}; only then is a readable
     * but non-editable field {@code INVALID_FIELD_FOR_INSERT_UPDATE}.
     */
    public void update(RecordContext ctx, String type, String id, Map<String, Object> body) {
        ObjectDefinition o = object(ctx, type);
        if (!o.isRecord()) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "entity type " + o.name()
                    + " does not support update");
        }
        String id18 = idOf(o, id).orElseThrow(ApiException::notFound);
        Map<FieldDefinition, Object> named = namedFields(ctx, o, body);
        Instant now = clock.instant();
        tx.run(() -> {
            List<FieldDefinition> tracked = new ArrayList<>();
            for (FieldDefinition f : named.keySet()) {
                if (f.tracked()) {
                    tracked.add(f);
                }
            }
            List<FieldDefinition> read = new ArrayList<>(tracked);
            o.field(StandardObjects.ID).ifPresent(f -> read.add(0, f));
            Object[] old = fetch(ctx, o, id18, read, true).orElseThrow(ApiException::notFound);
            requireAccess(ctx, o, id18, ctx.access().object(o).edit(),
                    SharingPredicates.edit(o, ctx.access(), T), "edit");
            Map<FieldDefinition, Object> values = editableValues(ctx, o, named, false);
            for (Map.Entry<FieldDefinition, Object> e : values.entrySet()) {
                if (e.getKey().required() && e.getValue() == null) {
                    throw new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: ["
                            + e.getKey().name() + "]", List.of(e.getKey().name()));
                }
            }
            if (values.isEmpty()) {
                return;
            }
            checkLookups(ctx, o, values);
            Map<String, Object> columns = new LinkedHashMap<>();
            values.forEach((f, v) -> columns.put(f.column(), ValueCodec.toColumn(f, v)));
            columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_BY_ID), ctx.userId());
            columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_DATE), now.toEpochMilli());
            insertUnique(o, () -> store.update(o.table(), id18, columns));
            for (int i = 0; i < tracked.size(); i++) {
                FieldDefinition f = tracked.get(i);
                Object before = old[i + 1];
                Object after = values.get(f);
                if (!Objects.equals(ValueCodec.toHistoryText(f, before), ValueCodec.toHistoryText(f, after))) {
                    history(ctx, o, id18, f.name(), f.type().describeName(), ValueCodec.toHistoryText(f, before),
                            ValueCodec.toHistoryText(f, after), now);
                }
            }
        });
    }

    // ---- delete ----

    /** {@code DELETE sobjects/{type}/{id}}: records are marked deleted ({@code queryAll} still sees them). */
    public void delete(RecordContext ctx, String type, String id) {
        ObjectDefinition o = object(ctx, type);
        if (o.category() == ObjectDefinition.Category.SHARE) {
            deleteShare(ctx, o, id);
            return;
        }
        if (!o.isRecord()) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "entity type " + o.name()
                    + " does not support delete");
        }
        String id18 = idOf(o, id).orElseThrow(ApiException::notFound);
        Instant now = clock.instant();
        tx.run(() -> {
            List<FieldDefinition> idOnly = List.of(o.field(StandardObjects.ID).orElseThrow());
            fetch(ctx, o, id18, idOnly, true).orElseThrow(ApiException::notFound);
            requireAccess(ctx, o, id18, ctx.access().object(o).delete(),
                    SharingPredicates.full(o, ctx.access(), T), "delete");
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put(IS_DELETED, Boolean.TRUE);
            columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_BY_ID), ctx.userId());
            columns.put(FieldDefinition.columnFor(StandardObjects.LAST_MODIFIED_DATE), now.toEpochMilli());
            store.update(o.table(), id18, columns);
            if (o.fields().stream().anyMatch(FieldDefinition::tracked)) {
                history(ctx, o, id18, StandardObjects.HISTORY_DELETED, "text", null, null, now);
            }
        });
    }

    /** Refuses unless the object permission is held and the record passes the access predicate. */
    private void requireAccess(RecordContext ctx, ObjectDefinition o, String id18, boolean objectPermission,
            Optional<SqlFragment> predicate, String verb) {
        if (!objectPermission || (predicate.isPresent() && !matches(o, id18, predicate.get()))) {
            throw new ApiException(RestErrorCode.INSUFFICIENT_ACCESS_OR_READONLY,
                    "insufficient access rights on object id: you may not " + verb + " this record");
        }
    }

    private boolean matches(ObjectDefinition o, String id18, SqlFragment predicate) {
        List<Object> params = new ArrayList<>();
        params.add(id18);
        params.addAll(predicate.params());
        return !store.select(new SqlStatement("SELECT 1 FROM " + o.table() + " " + T + " WHERE " + T + ".id = ? AND "
                + predicate.sql(), params), 1).isEmpty();
    }

    /** The record object whose ids start like {@code id}, or {@code NOT_FOUND} / {@code MALFORMED_ID}. */
    public String typeOfId(RecordContext ctx, String id) {
        SalesforceId sid = SalesforceId.parse(id).orElseThrow(() -> new ApiException(RestErrorCode.MALFORMED_ID,
                "malformed id " + id));
        return catalog.byKeyPrefix(ctx.orgId(), sid.id15().substring(0, 3)).map(ObjectDefinition::name)
                .orElseThrow(ApiException::notFound);
    }

    // ---- sObject collections (composite/sobjects) ----

    /** At most this many records per collection call, as in Salesforce. */
    public static final int MAX_COLLECTION = 200;

    /** One record's outcome in a collection call: {@code {id, success, errors}}. */
    public record Outcome(String id, ApiException error) {
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (id != null) {
                out.put("id", id);
            }
            out.put("success", error == null);
            List<Object> errors = new ArrayList<>();
            if (error != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("statusCode", error.code().name());
                e.put("message", error.getMessage());
                e.put("fields", error.fields());
                errors.add(e);
            }
            out.put("errors", errors);
            return out;
        }
    }

    /** Rolls an all-or-none collection back after its outcomes are known. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    private static final ApiException ROLLED_BACK = new ApiException(RestErrorCode.ALL_OR_NONE_OPERATION_ROLLED_BACK,
            "Record rolled back because not all records were valid and the request was using AllOrNone header");

    /** The work on one element of a collection: returns the record id it acted on. */
    @FunctionalInterface
    public interface ElementWork<T> {
        String run(T element);
    }

    /**
     * Runs {@code work} on each element, in order. Without {@code allOrNone} each element commits on its own and a
     * failure touches only its outcome; with it, one failure rolls every element back and the others report
     * {@code ALL_OR_NONE_OPERATION_ROLLED_BACK}.
     */
    public <T> List<Outcome> collection(List<T> elements, boolean allOrNone, ElementWork<T> work) {
        if (elements.size() > MAX_COLLECTION) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "A collection call takes at most "
                    + MAX_COLLECTION + " records; this one has " + elements.size());
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (!allOrNone) {
            for (T e : elements) {
                outcomes.add(attempt(e, work));
            }
            return outcomes;
        }
        try {
            tx.run(() -> {
                for (T e : elements) {
                    outcomes.add(attempt(e, work));
                }
                if (outcomes.stream().anyMatch(o -> o.error() != null)) {
                    throw new RolledBack();
                }
            });
            return outcomes;
        } catch (RolledBack e) {
            List<Outcome> out = new ArrayList<>();
            for (Outcome o : outcomes) {
                out.add(o.error() != null ? o : new Outcome(o.id(), ROLLED_BACK));
            }
            return out;
        }
    }

    private static <T> Outcome attempt(T element, ElementWork<T> work) {
        try {
            return new Outcome(work.run(element), null);
        } catch (ApiException e) {
            return new Outcome(null, e);
        }
    }

    // ---- shares ----

    private String share(RecordContext ctx, ObjectDefinition shareObject, Map<String, Object> body) {
        ObjectDefinition parent = catalog.find(ctx.orgId(), shareObject.parentObject()).orElseThrow();
        String parentField = StandardObjects.parentFieldName(parent);
        String levelField = StandardObjects.accessLevelFieldName(parent);
        for (String key : body.keySet()) {
            if (!key.equals("attributes") && !key.equalsIgnoreCase(parentField) && !key.equalsIgnoreCase("UserOrGroupId")
                    && !key.equalsIgnoreCase(levelField) && !key.equalsIgnoreCase("RowCause")) {
                throw noSuchField(shareObject, key);
            }
        }
        String parentId = idValue(body, parentField).flatMap(v -> idOf(parent, v)).orElseThrow(() ->
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
            if (fetch(ctx, parent, parentId, idOnly, true).isEmpty()) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id",
                        List.of(parentField));
            }
            requireAccess(ctx, parent, parentId, ctx.access().object(parent).read(),
                    SharingPredicates.full(parent, ctx.access(), T), "share");
            if (!principalExists(ctx, principal)) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id",
                        List.of("UserOrGroupId"));
            }
            List<Object[]> existing = store.select(new SqlStatement("SELECT id FROM record_shares WHERE parent_id = ?"
                    + " AND user_or_group_id = ?", List.of(parentId, principal)), 1);
            if (!existing.isEmpty()) {
                String shareId = (String) existing.get(0)[0];
                store.execute(new SqlStatement("UPDATE record_shares SET access_level = ?, last_modified_by_id = ?,"
                        + " last_modified_date = ? WHERE id = ?", List.of(level, ctx.userId(), now.toEpochMilli(),
                        shareId)));
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
            columns.put("row_cause", "Manual");
            columns.put("last_modified_by_id", ctx.userId());
            columns.put("last_modified_date", now.toEpochMilli());
            store.insert("record_shares", columns);
            return shareId;
        });
    }

    private boolean principalExists(RecordContext ctx, String principal) {
        String table = principal.startsWith(KeyPrefix.USER.prefix()) ? "users" : "user_roles";
        return !store.select(new SqlStatement("SELECT 1 FROM " + table + " WHERE id = ? AND org_id = ?",
                List.of(principal, ctx.orgId())), 1).isEmpty();
    }

    private void deleteShare(RecordContext ctx, ObjectDefinition shareObject, String id) {
        ObjectDefinition parent = catalog.find(ctx.orgId(), shareObject.parentObject()).orElseThrow();
        String id18 = idOf(shareObject, id).orElseThrow(ApiException::notFound);
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
            requireAccess(ctx, parent, (String) found.get(0)[0], true, SharingPredicates.full(parent, ctx.access(), T),
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

    // ---- shared write rules ----

    /**
     * The typed values of the body's fields. Unknown and hidden fields are {@code INVALID_FIELD}; read-only fields
     * (system, calculated, or not editable for the user) are {@code INVALID_FIELD_FOR_INSERT_UPDATE}.
     */
    private Map<FieldDefinition, Object> writableValues(RecordContext ctx, ObjectDefinition o,
            Map<String, Object> body, boolean insert) {
        return editableValues(ctx, o, namedFields(ctx, o, body), insert);
    }

    /** The body's fields with their raw JSON values; an unknown or hidden field is {@code INVALID_FIELD}. */
    private Map<FieldDefinition, Object> namedFields(RecordContext ctx, ObjectDefinition o, Map<String, Object> body) {
        Map<FieldDefinition, Object> named = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (e.getKey().equals("attributes")) {
                continue;
            }
            FieldDefinition f = o.field(e.getKey()).filter(x -> ctx.access().field(o, x).canRead())
                    .orElseThrow(() -> noSuchField(o, e.getKey()));
            named.put(f, e.getValue());
        }
        return named;
    }

    /** The typed values of named fields; a field the user may not edit is {@code INVALID_FIELD_FOR_INSERT_UPDATE}. */
    private Map<FieldDefinition, Object> editableValues(RecordContext ctx, ObjectDefinition o,
            Map<FieldDefinition, Object> named, boolean insert) {
        Map<FieldDefinition, Object> values = new LinkedHashMap<>();
        List<String> readOnly = new ArrayList<>();
        for (Map.Entry<FieldDefinition, Object> e : named.entrySet()) {
            FieldDefinition f = e.getKey();
            if (!f.writable() || ctx.access().field(o, f) != FieldAccess.EDIT) {
                readOnly.add(f.name());
                continue;
            }
            values.put(f, ValueCodec.fromJson(f, e.getValue()));
        }
        if (!readOnly.isEmpty()) {
            throw new ApiException(RestErrorCode.INVALID_FIELD_FOR_INSERT_UPDATE, "Unable to "
                    + (insert ? "create" : "create/update") + " fields: " + String.join(", ", readOnly)
                    + ". Please check the security settings of this field and verify that it is read/write for your"
                    + " profile or permission set.", readOnly);
        }
        return values;
    }

    private static ApiException noSuchField(ObjectDefinition o, String name) {
        return new ApiException(RestErrorCode.INVALID_FIELD, "No such column '" + name + "' on sobject of type "
                + o.name(), List.of(name));
    }

    /** Each lookup value must name a record of the target object that the caller can see. */
    private void checkLookups(RecordContext ctx, ObjectDefinition o, Map<FieldDefinition, Object> values) {
        for (Map.Entry<FieldDefinition, Object> e : values.entrySet()) {
            FieldDefinition f = e.getKey();
            if (f.type() != FieldType.LOOKUP || e.getValue() == null) {
                continue;
            }
            String value = (String) e.getValue();
            ObjectDefinition target = catalog.find(ctx.orgId(), f.referenceTo()).orElseThrow();
            if (!value.startsWith(target.keyPrefix())) {
                throw new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, f.label()
                        + ": id value of incorrect type: " + value, List.of(f.name()));
            }
            boolean visible = rows.readableObject(ctx, target.name()).isPresent()
                    && fetch(ctx, target, value, List.of(target.field(StandardObjects.ID).orElseThrow()), false)
                    .isPresent();
            if (!visible) {
                throw new ApiException(RestErrorCode.INVALID_CROSS_REFERENCE_KEY, "invalid cross reference id: "
                        + f.label() + " names no record you can see", List.of(f.name()));
            }
        }
    }

    private void insertUnique(ObjectDefinition o, Runnable write) {
        try {
            write.run();
        } catch (DuplicateValueException e) {
            String field = o.fields().stream().filter(f -> f.column().equalsIgnoreCase(e.field()))
                    .map(FieldDefinition::name).findFirst().orElse(e.field());
            throw new ApiException(RestErrorCode.DUPLICATE_VALUE, "duplicate value found: " + field
                    + " duplicates the value of another record", List.of(field));
        }
    }

    private void history(RecordContext ctx, ObjectDefinition o, String recordId, String field, String dataType,
            String oldValue, String newValue, Instant now) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", ids.next(KeyPrefix.FIELD_HISTORY));
        columns.put("org_id", ctx.orgId());
        columns.put("object_name_lower", o.key());
        columns.put("parent_id", recordId);
        columns.put("field", field);
        columns.put("data_type", dataType.toLowerCase(Locale.ROOT));
        columns.put("old_value", cap(oldValue));
        columns.put("new_value", cap(newValue));
        columns.put("created_by_id", ctx.userId());
        columns.put("created_date", now.toEpochMilli());
        columns.put("consumer_key", ctx.consumerKey());
        store.insert("field_history", columns);
    }

    private static String cap(String v) {
        return v == null || v.length() <= 4000 ? v : v.substring(0, 4000);
    }

    /** Whether the caller may create, edit and delete records of the object (for describe). */
    public ObjectAccess objectAccess(RecordContext ctx, ObjectDefinition o) {
        return o.isRecord() ? ctx.access().object(o) : new ObjectAccess(true, o.category()
                == ObjectDefinition.Category.SHARE, false, o.category() == ObjectDefinition.Category.SHARE, false,
                false);
    }
}
