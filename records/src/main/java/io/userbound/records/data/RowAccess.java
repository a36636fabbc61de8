package io.userbound.records.data;

import io.userbound.records.access.AccessSnapshot;
import io.userbound.records.access.SharingPredicates;
import io.userbound.records.access.SqlFragment;
import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which objects, fields and rows a user may read, for every category of object. An object the user may not read is
 * reported as absent (never as forbidden), and so is a field hidden by field-level security.
 */
public final class RowAccess {
    private final ObjectCatalog catalog;

    public RowAccess(ObjectCatalog catalog) {
        this.catalog = catalog;
    }

    /** The object, when it exists and the user may read it. */
    public Optional<ObjectDefinition> readableObject(RecordContext ctx, String name) {
        return catalog.find(ctx.orgId(), name).filter(o -> mayRead(ctx.access(), o, ctx));
    }

    private boolean mayRead(AccessSnapshot access, ObjectDefinition o, RecordContext ctx) {
        return switch (o.category()) {
            case RECORD -> access.object(o).read();
            case SHARE, HISTORY -> catalog.find(ctx.orgId(), o.parentObject())
                    .map(p -> access.object(p).read()).orElse(false);
            case SETUP -> o.readPermission() == null || access.has(o.readPermission()) || o.ownRowsColumn() != null;
        };
    }

    /** Whether the user may read the field of a readable object. */
    public boolean readableField(RecordContext ctx, ObjectDefinition o, FieldDefinition f) {
        return !o.isRecord() || ctx.access().field(o, f).canRead();
    }

    /** The readable fields of a readable object, in definition order. */
    public List<FieldDefinition> readableFields(RecordContext ctx, ObjectDefinition o) {
        List<FieldDefinition> out = new ArrayList<>();
        for (FieldDefinition f : o.fields()) {
            if (readableField(ctx, o, f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Field-level security on field history, as Salesforce applies it: a history row of a field the user may not read
     * is hidden, whatever asks for it (a query and its filters, sorting and aggregates, a read by id). The rows that
     * name no field ({@code created}, {@code deleted}) stay. Default deny: a row of a field that is no longer defined
     * is hidden too.
     *
     * @return the {@code Field} values the user may see
     */
    private static List<String> readableHistoryFields(RecordContext ctx, ObjectDefinition parent) {
        List<String> readable = new ArrayList<>(List.of(StandardObjects.HISTORY_CREATED,
                StandardObjects.HISTORY_DELETED));
        for (FieldDefinition f : parent.fields()) {
            if (ctx.access().field(parent, f).canRead()) {
                readable.add(f.name());
            }
        }
        return readable;
    }

    /**
     * The conditions every row of {@code alias} must meet to be visible: the org, the live (or, with
     * {@code includeDeleted}, also deleted) records, and the sharing predicate.
     */
    public SqlFragment rowFilter(RecordContext ctx, ObjectDefinition o, String alias, boolean includeDeleted) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        parts.add(alias + "." + o.orgColumn() + " = ?");
        params.add(ctx.orgId());
        switch (o.category()) {
            case RECORD -> {
                if (!includeDeleted) {
                    parts.add(alias + "." + FieldDefinition.columnFor(StandardObjects.IS_DELETED) + " = FALSE");
                }
                SharingPredicates.read(o, ctx.access(), alias).ifPresent(p -> {
                    parts.add(p.sql());
                    params.addAll(p.params());
                });
            }
            case SHARE, HISTORY -> {
                parts.add(alias + ".object_name_lower = ?");
                ObjectDefinition parent = catalog.find(ctx.orgId(), o.parentObject()).orElseThrow();
                params.add(parent.key());
                Optional<SqlFragment> sharing = SharingPredicates.read(parent, ctx.access(), "p");
                if (sharing.isPresent()) {
                    parts.add("EXISTS (SELECT 1 FROM " + parent.table() + " p WHERE p.id = " + alias
                            + ".parent_id AND " + sharing.get().sql() + ")");
                    params.addAll(sharing.get().params());
                }
                if (o.category() == ObjectDefinition.Category.HISTORY) {
                    List<String> fields = readableHistoryFields(ctx, parent);
                    parts.add(alias + ".field IN (" + "?, ".repeat(fields.size() - 1) + "?)");
                    params.addAll(fields);
                }
            }
            case SETUP -> {
                if (o.readPermission() != null && !ctx.access().has(o.readPermission())) {
                    parts.add(alias + "." + o.ownRowsColumn() + " = ?");
                    params.add(ctx.userId());
                }
            }
        }
        return new SqlFragment(String.join(" AND ", parts), params);
    }
}
