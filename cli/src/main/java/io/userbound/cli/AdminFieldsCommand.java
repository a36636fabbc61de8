package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound admin fields ...}: custom fields and field history tracking. */
@Command(name = "fields", description = "Create custom fields and turn field history tracking on or off.",
        subcommands = {AdminFieldsCommand.Create.class, AdminFieldsCommand.Track.class})
final class AdminFieldsCommand {

    @Command(name = "create", description = "Create a custom field (POST userbound/objects/T/fields).")
    static final class Create extends AdminBase {

        @Option(names = "--object", required = true, paramLabel = "T")
        String object;

        @Option(names = "--name", required = true, paramLabel = "N", description = "API name ending in __c.")
        String name;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "text, long-text, number, "
                + "currency, percent, checkbox, date, datetime, email, picklist, multi-picklist or lookup.")
        String type;

        @Option(names = "--label", paramLabel = "L", description = "Default: from the name.")
        String label;

        @Option(names = "--required", description = "A value is required on insert and cannot be cleared.")
        boolean required;

        @Option(names = "--unique", description = "No two records share a value (text, email, number types); "
                + "text compares in any case unless --case-sensitive.")
        boolean unique;

        @Option(names = "--external-id", description = "The record's id in another system (text, email, number "
                + "types): indexed, and records are read, upserted and deleted by it (sobjects/T/FIELD/VALUE).")
        boolean externalId;

        @Option(names = "--case-sensitive", description = "With --unique on text or email: ABC and abc are "
                + "different values (default, as in Salesforce: duplicates).")
        boolean caseSensitive;

        @Option(names = "--length", paramLabel = "N", description = "Text 1-255 (default 255); long text "
                + "256-131072 (default 32768).")
        Integer length;

        @Option(names = "--precision", paramLabel = "P", description = "Number types: total digits, 1-18 "
                + "(default 18).")
        Integer precision;

        @Option(names = "--scale", paramLabel = "S", description = "Number types: digits after the point, "
                + "0 to the precision (default 0 for number, 2 for currency and percent).")
        Integer scale;

        @Option(names = "--values", paramLabel = "a,b,c", split = ",", description = "Picklist values "
                + "(required for picklists).")
        List<String> values;

        @Option(names = "--reference-to", paramLabel = "T2", description = "Lookup: the record object it points "
                + "at.")
        String referenceTo;

        @Option(names = "--default", paramLabel = "V", description = "Default value, checked against the type.")
        String defaultValue;

        @Override
        protected Result execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Name", name);
            body.put("Type", type);
            if (label != null) {
                body.put("Label", label);
            }
            if (required) {
                body.put("Required", true);
            }
            if (unique) {
                body.put("Unique", true);
            }
            if (externalId) {
                body.put("ExternalId", true);
            }
            if (caseSensitive) {
                body.put("CaseSensitive", true);
            }
            if (length != null) {
                body.put("Length", length);
            }
            if (precision != null) {
                body.put("Precision", precision);
            }
            if (scale != null) {
                body.put("Scale", scale);
            }
            if (values != null) {
                body.put("PicklistValues", new ArrayList<>(values));
            }
            if (referenceTo != null) {
                body.put("ReferenceTo", referenceTo);
            }
            if (defaultValue != null) {
                body.put("DefaultValue", defaultValue);
            }
            JsonNode reply = admin().post("userbound/objects/" + AdminClient.segment(object) + "/fields", body);
            String id = Output.required(reply, "id", "fields create");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("object", object);
            json.put("name", Output.text(reply, "name").isEmpty() ? name : Output.text(reply, "name"));
            return new Result(json, "Created field " + object + "." + json.get("name").asText() + " (" + id + ")");
        }
    }

    @Command(name = "track", description = "Track a field's changes in field history (at most 20 per object); "
            + "--off stops.")
    static final class Track extends AdminBase {

        @Option(names = "--object", required = true, paramLabel = "T")
        String object;

        @Option(names = "--field", required = true, paramLabel = "F")
        String field;

        @Option(names = "--off", description = "Stop tracking the field.")
        boolean off;

        @Override
        protected Result execute() {
            admin().patch("userbound/objects/" + AdminClient.segment(object) + "/fields/"
                    + AdminClient.segment(field), Map.of("TrackHistory", !off));
            ObjectNode json = Output.object();
            json.put("object", object);
            json.put("field", field);
            json.put("tracked", !off);
            return new Result(json, (off ? "Stopped" : "Started") + " field history tracking of " + object + "."
                    + field);
        }
    }
}
