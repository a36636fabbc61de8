package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound admin objects ...}: custom objects and organization-wide defaults. */
@Command(name = "objects", description = "Create custom objects, set organization-wide defaults, list and show "
        + "objects.",
        subcommands = {AdminObjectsCommand.Create.class, AdminObjectsCommand.Sharing.class,
                AdminObjectsCommand.ListObjects.class, AdminObjectsCommand.Show.class})
final class AdminObjectsCommand {

    static final String SHARING_VALUES = "private, public-read or public-read-write";

    @Command(name = "create", description = "Create a custom object (POST userbound/objects).")
    static final class Create extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "N",
                description = "API name ending in __c, such as Invoice__c.")
        String name;

        @Option(names = "--label", required = true, paramLabel = "L")
        String label;

        @Option(names = "--plural-label", paramLabel = "P", description = "Default: the label and \"s\".")
        String pluralLabel;

        @Option(names = "--sharing", paramLabel = "MODEL", description = "Organization-wide default: "
                + SHARING_VALUES + " (default public-read-write).")
        String sharing;

        @Override
        protected Result execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Name", name);
            body.put("Label", label);
            if (pluralLabel != null) {
                body.put("PluralLabel", pluralLabel);
            }
            if (sharing != null) {
                body.put("SharingModel", sharing);
            }
            JsonNode reply = admin().post("userbound/objects", body);
            String id = Output.required(reply, "id", "objects create");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("name", Output.text(reply, "name"));
            json.put("keyPrefix", Output.text(reply, "keyPrefix"));
            return new Result(json, "Created custom object " + json.get("name").asText() + " (" + id
                    + ", key prefix " + json.get("keyPrefix").asText() + ")");
        }
    }

    @Command(name = "sharing", description = "Set an object's organization-wide default (PATCH userbound/objects/T).")
    static final class Sharing extends AdminBase {

        @Option(names = "--object", required = true, paramLabel = "T", description = "Account, Contact, "
                + "Opportunity or a custom object.")
        String object;

        @Option(names = "--default", required = true, paramLabel = "MODEL", description = SHARING_VALUES + ".")
        String model;

        @Override
        protected Result execute() {
            admin().patch("userbound/objects/" + AdminClient.segment(object), Map.of("SharingModel", model));
            ObjectNode json = Output.object();
            json.put("object", object);
            json.put("sharingModel", model);
            return new Result(json, "Set the organization-wide default of " + object + " to " + model);
        }
    }

    @Command(name = "list", description = "List the record objects: standard, then custom.")
    static final class ListObjects extends AdminBase {
        @Override
        protected Result execute() {
            ObjectNode json = AdminCommand.queryResult(admin().get("userbound/objects"));
            List<JsonNode> rows = AdminCommand.records(json);
            String text = Output.table(List.of("NAME", "LABEL", "PREFIX", "CUSTOM", "SHARING"), rows,
                    List.of(AdminCommand.field("Name"), AdminCommand.field("Label"), AdminCommand.field("KeyPrefix"),
                            AdminCommand.field("Custom"), AdminCommand.field("SharingModel")));
            return new Result(json, text);
        }
    }

    @Command(name = "show", description = "Show an object's definition and fields.")
    static final class Show extends AdminBase {

        @Option(names = "--object", required = true, paramLabel = "T")
        String object;

        @Override
        protected Result execute() {
            JsonNode reply = admin().get("userbound/objects/" + AdminClient.segment(object));
            ObjectNode json = reply instanceof ObjectNode o ? o : Output.object();
            StringBuilder text = new StringBuilder();
            text.append(Output.text(reply, "Name")).append(" (").append(Output.text(reply, "Label"))
                    .append(", key prefix ").append(Output.text(reply, "KeyPrefix"));
            if (!Output.text(reply, "SharingModel").isEmpty()) {
                text.append(", sharing ").append(Output.text(reply, "SharingModel"));
            }
            text.append(")\n");
            List<JsonNode> fields = new java.util.ArrayList<>();
            reply.path("Fields").forEach(fields::add);
            text.append(Output.table(List.of("FIELD", "TYPE", "LABEL", "KIND", "REQUIRED", "UNIQUE", "EXTERNAL ID",
                    "TRACKED", "REFERENCE TO"), fields, List.of(AdminCommand.field("Name"), AdminCommand.field("Type"),
                            AdminCommand.field("Label"), AdminCommand.field("Kind"), AdminCommand.field("Required"),
                            AdminCommand.field("Unique"), AdminCommand.field("ExternalId"),
                            AdminCommand.field("TrackHistory"), AdminCommand.field("ReferenceTo"))));
            return new Result(json, text.toString());
        }
    }
}
