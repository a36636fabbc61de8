package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.core.IdGenerator;
import io.userbound.core.port.DuplicateValueException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import io.userbound.records.access.SharingPredicates;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
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
 *
 * <p>About 450 lines: the four operations of one resource and the write rules they share (writable fields, lookups,
 * unique values, field history); manual sharing ({@link ManualShares}) and sObject collections
 * ({@link RecordCollections}) live in their own classes.
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
    private final ManualShares shares;
    private final RecordCollections collections;

    public RecordService(ObjectCatalog catalog, RecordStore store, Transactions tx, IdGenerator ids, Clock clock) {
        this.catalog = catalog;
        this.rows = new RowAccess(catalog);
        this.store = store;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.shares = new ManualShares(this, catalog, rows, store, tx, ids, clock);
        this.collections = new RecordCollections(tx);
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

    /** At most this many ids per collection retrieve, as in Salesforce. */
    public static final int MAX_RETRIEVE = 2_000;

    /**
     * {@code GET composite/sobjects/{type}?ids=...&fields=...} and its {@code POST} form: the records in the order of
     * the ids, each with the named fields, and null for an id that names no record of the type that the caller can
     * see (as Salesforce answers, so that a missing record and a hidden one look alike).
     *
     * @param fieldList comma-separated API names; required, as in Salesforce
     * @throws ApiException {@code MISSING_ARGUMENT} without ids or fields, {@code INVALID_OPERATION} for more than
     *     {@value #MAX_RETRIEVE} ids, {@code INVALID_FIELD} for a field the caller cannot read
     */
    public List<Map<String, Object>> retrieve(RecordContext ctx, String type, List<String> ids, String fieldList) {
        ObjectDefinition o = object(ctx, type);
        if (ids.isEmpty()) {
            throw new ApiException(RestErrorCode.MISSING_ARGUMENT, "ids not specified");
        }
        if (fieldList == null || fieldList.isBlank()) {
            throw new ApiException(RestErrorCode.MISSING_ARGUMENT, "fields not specified");
        }
        if (ids.size() > MAX_RETRIEVE) {
            throw new ApiException(RestErrorCode.INVALID_OPERATION, "A collection retrieve takes at most "
                    + MAX_RETRIEVE + " ids; this one has " + ids.size());
        }
        List<FieldDefinition> fields = requestedFields(ctx, o, fieldList);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : ids) {
            out.add(idOf(o, id).flatMap(id18 -> fetch(ctx, o, id18, fields, false))
                    .map(values -> toRecord(ctx, o, fields, values)).orElse(null));
        }
        return out;
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
    Optional<Object[]> fetch(RecordContext ctx, ObjectDefinition o, String id18, List<FieldDefinition> fields,
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

    static Optional<String> idOf(ObjectDefinition o, String raw) {
        return SalesforceId.parse(raw).filter(id -> id.id15().startsWith(o.keyPrefix())).map(SalesforceId::id18);
    }

    // ---- create ----

    /** {@code POST sobjects/{type}}: the new record's id. */
    public String create(RecordContext ctx, String type, Map<String, Object> body) {
        ObjectDefinition o = object(ctx, type);
        if (o.category() == ObjectDefinition.Category.SHARE) {
            return shares.share(ctx, o, body);
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
            shares.delete(ctx, o, id);
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
    void requireAccess(RecordContext ctx, ObjectDefinition o, String id18, boolean objectPermission,
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

    /** As {@link RecordCollections#run}, in this service's transactions. */
    public <T> List<RecordCollections.Outcome> collection(List<T> elements, boolean allOrNone,
            RecordCollections.ElementWork<T> work) {
        return collections.run(elements, allOrNone, work);
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

    static ApiException noSuchField(ObjectDefinition o, String name) {
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
