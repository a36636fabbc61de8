package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.core.port.Transactions;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records addressed by an external id ({@code sobjects/{type}/{field}/{value}}, {@code salesforce-compat.md} section
 * 12.2): read, upsert and delete by the value of a field marked External ID, or by {@code Id}.
 *
 * <p>A value matches among the records the caller can see, exactly as a read by id does, so that no answer depends
 * on a record the caller may not see: a record hidden by sharing is not a match, and an upsert then inserts (a unique
 * external id held by a hidden record is then {@code DUPLICATE_VALUE}, as a plain insert of that value is). Text
 * values match in any case unless the field is unique and case-sensitive, as in Salesforce. The upsert itself is an
 * insert or an update with every check those make (object permission, field-level security, the row's edit access),
 * in one transaction with its match.
 */
public final class ExternalIdRecords {
    /** The most matching records a 300 reply lists. */
    static final int MAX_LISTED_MATCHES = 100;
    private static final String T = "t";

    private final RecordService records;
    private final RowAccess rows;
    private final RecordStore store;
    private final Transactions tx;

    public ExternalIdRecords(RecordService records, RecordStore store, Transactions tx) {
        this.records = records;
        this.rows = records.rowAccess();
        this.store = store;
        this.tx = tx;
    }

    /** What an upsert did: the record's id, and whether it inserted the record. */
    public record Upserted(String id, boolean created) {
    }

    /**
     * Several records the caller can see hold the value: Salesforce answers 300 Multiple Choices with their URLs.
     * Carries no stack trace; it is an answer, not a failure.
     */
    public static final class SeveralMatches extends RuntimeException {
        private final List<String> recordUrls;

        SeveralMatches(String field, List<String> recordUrls) {
            super("more than one record found for external id field " + field, null, false, false);
            this.recordUrls = List.copyOf(recordUrls);
        }

        /** {@code /services/data/vNN.0/sobjects/T/ID} of each match, at most {@value #MAX_LISTED_MATCHES}. */
        public List<String> recordUrls() {
            return recordUrls;
        }

        /** The same answer as one element of a collection: {@code DUPLICATE_EXTERNAL_ID}. */
        public ApiException asError(String field) {
            return new ApiException(RestErrorCode.DUPLICATE_EXTERNAL_ID, field + ": more than one record found for"
                    + " external id field: " + recordUrls.stream().map(u -> u.substring(u.lastIndexOf('/') + 1))
                    .toList(), List.of(field));
        }
    }

    /** {@code GET sobjects/{type}/{field}/{value}}: the one visible match, as a read by id answers. */
    public Map<String, Object> get(RecordContext ctx, String type, String fieldName, String value, String fields) {
        ObjectDefinition o = records.object(ctx, type);
        FieldDefinition f = externalIdField(ctx, o, fieldName);
        String id = onlyMatch(ctx, o, f, value, false).orElseThrow(ApiException::notFound);
        return records.get(ctx, o.name(), id, fields);
    }

    /** {@code DELETE sobjects/{type}/{field}/{value}}: deletes the one visible match. */
    public void delete(RecordContext ctx, String type, String fieldName, String value) {
        ObjectDefinition o = records.object(ctx, type);
        FieldDefinition f = externalIdField(ctx, o, fieldName);
        tx.run(() -> records.delete(ctx, o.name(), onlyMatch(ctx, o, f, value, true)
                .orElseThrow(ApiException::notFound)));
    }

    /**
     * {@code PATCH sobjects/{type}/{field}/{value}}: updates the one visible match with {@code body}, or inserts a
     * record with {@code body} and the value when nothing matches. By {@code Id}, nothing matching is
     * {@code NOT_FOUND}. The body may repeat the external id only with the same value.
     *
     * @throws SeveralMatches when more than one visible record holds the value
     */
    public Upserted upsert(RecordContext ctx, String type, String fieldName, String value, Map<String, Object> body) {
        ObjectDefinition o = records.object(ctx, type);
        FieldDefinition f = externalIdField(ctx, o, fieldName);
        Map<String, Object> values = withoutKey(o, f, value, body);
        return tx.inTransaction(() -> {
            java.util.Optional<String> match = onlyMatch(ctx, o, f, value, true);
            if (match.isPresent()) {
                records.update(ctx, o.name(), match.get(), values);
                return new Upserted(match.get(), false);
            }
            if (f.name().equals(StandardObjects.ID)) {
                throw ApiException.notFound();
            }
            Map<String, Object> inserted = new LinkedHashMap<>(values);
            inserted.put(f.name(), value);
            return new Upserted(records.create(ctx, o.name(), inserted), true);
        });
    }

    /**
     * The API name of the external id field that a URL names ({@code upsert} collections check it once for all their
     * records).
     *
     * @throws ApiException {@code NOT_FOUND} for an unknown or unreadable object or field, or one that is no external
     *     id
     */
    public String fieldName(RecordContext ctx, String type, String name) {
        return externalIdField(ctx, records.object(ctx, type), name).name();
    }

    /**
     * The external id field named in a URL: a field marked External ID that the caller can read, or {@code Id};
     * anything else is {@code NOT_FOUND}, in Salesforce's words.
     */
    FieldDefinition externalIdField(RecordContext ctx, ObjectDefinition o, String name) {
        return o.field(name).filter(f -> f.externalId() || f.name().equals(StandardObjects.ID))
                .filter(f -> rows.readableField(ctx, o, f))
                .orElseThrow(() -> new ApiException(RestErrorCode.NOT_FOUND,
                        "Provided external ID field does not exist or is not accessible: " + name));
    }

    /** The body without the external id, which it may repeat only with the URL's value. */
    private static Map<String, Object> withoutKey(ObjectDefinition o, FieldDefinition f, String value,
            Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (!e.getKey().equalsIgnoreCase(f.name())) {
                out.put(e.getKey(), e.getValue());
            } else if (!sameValue(f, e.getValue(), value)) {
                throw new ApiException(RestErrorCode.INVALID_FIELD, "The value of " + f.name() + " in the body ("
                        + e.getValue() + ") differs from the external id in the URL (" + value + ") of " + o.name(),
                        List.of(f.name()));
            }
        }
        return out;
    }

    private static boolean sameValue(FieldDefinition f, Object inBody, String inUrl) {
        if (inBody == null) {
            return false;
        }
        String text = inBody.toString();
        if (f.type() == FieldType.NUMBER) {
            try {
                return new java.math.BigDecimal(text).compareTo(new java.math.BigDecimal(inUrl.trim())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return f.foldsCase() ? text.equalsIgnoreCase(inUrl) : text.equals(inUrl);
    }

    /**
     * The id of the one visible record holding the value; empty when none does.
     *
     * @throws SeveralMatches when more than one does
     */
    private java.util.Optional<String> onlyMatch(RecordContext ctx, ObjectDefinition o, FieldDefinition f,
            String value, boolean forUpdate) {
        List<String> ids = matches(ctx, o, f, value, forUpdate);
        if (ids.size() > 1) {
            throw new SeveralMatches(f.name(), ids.stream()
                    .map(id -> ctx.basePath() + "/sobjects/" + o.name() + "/" + id).toList());
        }
        return ids.stream().findFirst();
    }

    /** The ids of visible live records whose field holds the value, at most {@value #MAX_LISTED_MATCHES}. */
    private List<String> matches(RecordContext ctx, ObjectDefinition o, FieldDefinition f, String value,
            boolean forUpdate) {
        Object key;
        String column;
        if (f.name().equals(StandardObjects.ID)) {
            java.util.Optional<String> id18 = RecordService.idOf(o, value);
            if (id18.isEmpty()) {
                return List.of();
            }
            key = id18.get();
            column = T + "." + StandardObjects.ID_COLUMN + " = ?";
        } else if (f.foldsCase()) {
            // the database lower-cases both sides, so they fold alike whatever the characters
            key = value;
            column = T + "." + f.foldedColumn() + " = LOWER(?)";
        } else {
            try {
                key = ValueCodec.fromJson(f, value);
            } catch (ApiException notAValueOfTheField) {
                return List.of(); // an insert of it then answers why
            }
            column = T + "." + f.column() + " = ?";
        }
        if (key == null) {
            return List.of();
        }
        SqlFragment filter = rows.rowFilter(ctx, o, T, false);
        List<Object> params = new ArrayList<>();
        params.add(key);
        params.addAll(filter.params());
        String sql = "SELECT " + T + ".id FROM " + o.table() + " " + T + " WHERE " + column + " AND "
                + filter.sql() + " ORDER BY " + T + ".id LIMIT " + MAX_LISTED_MATCHES + (forUpdate ? " FOR UPDATE" : "");
        List<String> ids = new ArrayList<>();
        for (Object[] row : store.select(new SqlStatement(sql, params), 1)) {
            ids.add(Objects.toString(row[0]));
        }
        return ids;
    }
}
