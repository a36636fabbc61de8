package io.userbound.records.data;

import io.userbound.records.catalog.ObjectCatalog;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.ObjectDefinition;
import io.userbound.records.meta.StandardObjects;
import io.userbound.records.port.FieldAccess;
import io.userbound.records.port.ObjectAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sobjects} describe results in Salesforce's shape, for the caller: objects the caller may not read and
 * fields hidden by field-level security are left out, and {@code createable}/{@code updateable} reflect the caller's
 * permissions.
 */
public final class Describer {
    private final ObjectCatalog catalog;
    private final RowAccess rows;
    private final RecordService records;

    public Describer(ObjectCatalog catalog, RecordService records) {
        this.catalog = catalog;
        this.records = records;
        this.rows = records.rowAccess();
    }

    /** {@code GET sobjects}. */
    public Map<String, Object> global(RecordContext ctx) {
        List<Object> objects = new ArrayList<>();
        for (ObjectDefinition o : catalog.all(ctx.orgId())) {
            if (rows.readableObject(ctx, o.name()).isPresent()) {
                objects.add(summary(ctx, o));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", 200);
        out.put("sobjects", objects);
        return out;
    }

    private Map<String, Object> summary(RecordContext ctx, ObjectDefinition o) {
        ObjectAccess a = records.objectAccess(ctx, o);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activateable", false);
        out.put("createable", a.create());
        out.put("custom", o.custom());
        out.put("customSetting", false);
        out.put("deletable", a.delete());
        out.put("deprecatedAndHidden", false);
        out.put("feedEnabled", false);
        out.put("keyPrefix", o.keyPrefix());
        out.put("label", o.label());
        out.put("labelPlural", o.pluralLabel());
        out.put("layoutable", o.isRecord());
        out.put("mergeable", false);
        out.put("name", o.name());
        out.put("queryable", true);
        out.put("replicateable", o.isRecord());
        out.put("retrieveable", true);
        out.put("searchable", false);
        out.put("triggerable", o.isRecord());
        out.put("undeletable", false);
        out.put("updateable", a.edit());
        out.put("urls", urls(ctx, o));
        return out;
    }

    private static Map<String, Object> urls(RecordContext ctx, ObjectDefinition o) {
        String base = ctx.basePath() + "/sobjects/" + o.name();
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("sobject", base);
        urls.put("describe", base + "/describe");
        urls.put("rowTemplate", base + "/{ID}");
        return urls;
    }

    /** {@code GET sobjects/{type}/describe}. */
    public Map<String, Object> describe(RecordContext ctx, String type) {
        ObjectDefinition o = records.object(ctx, type);
        Map<String, Object> out = summary(ctx, o);
        List<Object> fields = new ArrayList<>();
        for (FieldDefinition f : rows.readableFields(ctx, o)) {
            fields.add(field(ctx, o, f));
        }
        out.put("fields", fields);
        List<Object> children = new ArrayList<>();
        for (ObjectDefinition child : catalog.all(ctx.orgId())) {
            for (FieldDefinition f : child.fields()) {
                if (f.type() == FieldType.LOOKUP && o.name().equals(f.referenceTo()) && child.isRecord()
                        && !f.name().equals(StandardObjects.ID)) {
                    Map<String, Object> rel = new LinkedHashMap<>();
                    rel.put("cascadeDelete", false);
                    rel.put("childSObject", child.name());
                    rel.put("field", f.name());
                    rel.put("relationshipName", StandardObjects.childRelationshipName(child, f));
                    children.add(rel);
                }
            }
        }
        out.put("childRelationships", children);
        out.put("recordTypeInfos", List.of());
        out.put("sharingModel", o.sharingModel().apiName());
        return out;
    }

    /** One field's describe entry. */
    public Map<String, Object> field(RecordContext ctx, ObjectDefinition o, FieldDefinition f) {
        boolean editable = o.isRecord() && ctx.access().field(o, f) == FieldAccess.EDIT;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", f.name());
        out.put("label", f.label());
        out.put("type", f.type().describeName());
        out.put("soapType", soapType(f.type()));
        out.put("length", f.type().isText() || f.type().isIdLike() ? f.length() : 0);
        out.put("precision", f.type().isNumeric() ? f.precision() : 0);
        out.put("scale", f.type().isNumeric() ? f.scale() : 0);
        out.put("digits", 0);
        out.put("nillable", !f.required() && f.type() != FieldType.CHECKBOX && f.kind()
                != FieldDefinition.Kind.SYSTEM);
        out.put("createable", editable);
        out.put("updateable", editable);
        out.put("unique", f.unique());
        out.put("caseSensitive", f.caseSensitive());
        out.put("custom", f.custom());
        out.put("calculated", f.kind() == FieldDefinition.Kind.CALCULATED);
        out.put("defaultedOnCreate", f.kind() == FieldDefinition.Kind.SYSTEM || f.defaultValue() != null
                || f.type() == FieldType.CHECKBOX);
        out.put("defaultValue", f.defaultValue() == null ? null : ValueCodec.toJson(f, ValueCodec.fromDefault(f)));
        out.put("externalId", f.externalId());
        out.put("idLookup", f.name().equals(StandardObjects.ID) || f.unique() || f.externalId());
        out.put("filterable", f.type() != FieldType.LONG_TEXT);
        out.put("sortable", f.type() != FieldType.LONG_TEXT && f.type() != FieldType.MULTI_PICKLIST);
        out.put("groupable", false);
        out.put("nameField", f.name().equals("Name"));
        List<Object> picklist = new ArrayList<>();
        for (String v : f.picklistValues()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("active", true);
            p.put("defaultValue", v.equals(f.defaultValue()));
            p.put("label", v);
            p.put("validFor", null);
            p.put("value", v);
            picklist.add(p);
        }
        out.put("picklistValues", picklist);
        out.put("restrictedPicklist", !f.picklistValues().isEmpty());
        out.put("referenceTo", f.referenceTo() == null ? List.of() : List.of(f.referenceTo()));
        out.put("relationshipName", f.relationshipName());
        out.put("trackHistory", f.tracked());
        return out;
    }

    static String soapType(FieldType t) {
        return switch (t) {
            case ID, LOOKUP -> "tns:ID";
            case NUMBER, CURRENCY, PERCENT -> "xsd:double";
            case CHECKBOX -> "xsd:boolean";
            case DATE -> "xsd:date";
            case DATETIME -> "xsd:dateTime";
            default -> "xsd:string";
        };
    }
}
