package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound admin permsets ...}. */
@Command(name = "permsets", description = "Create and assign permission sets; set their object and field access.",
        subcommands = {AdminPermsetsCommand.Create.class, AdminPermsetsCommand.Assign.class,
                AdminPermsetsCommand.ObjectAccess.class, AdminPermsetsCommand.FieldAccess.class})
final class AdminPermsetsCommand {

    @Command(name = "create", description = "Create a permission set (POST sobjects/PermissionSet).")
    static final class Create extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "N",
                description = "API name: letters, digits and underscores, starting with a letter.")
        String name;

        @Option(names = "--label", paramLabel = "L", description = "Default: the name.")
        String label;

        @Option(names = "--permission", paramLabel = "P", description = "A system permission to grant, such as "
                + "ApiEnabled, ManageUsers, CustomizeApplication, ViewSetup (repeatable).")
        List<String> permissions = new ArrayList<>();

        @Override
        protected Result execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Name", name);
            if (label != null) {
                body.put("Label", label);
            }
            for (String p : permissions) {
                String field = p.startsWith("Permissions") ? p : "Permissions" + p;
                if (!field.matches("Permissions[A-Za-z][A-Za-z0-9]*")) {
                    throw new ParameterException(spec.commandLine(), "invalid --permission '" + p
                            + "': expected a name such as ApiEnabled");
                }
                body.put(field, true);
            }
            String id = Output.required(admin().post("sobjects/PermissionSet", body), "id", "permsets create");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("name", name);
            return new Result(json, "Created permission set " + name + " (" + id + ")");
        }
    }

    @Command(name = "assign", description = "Assign a permission set to a user (POST sobjects/PermissionSetAssignment).")
    static final class Assign extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "N", description = "The permission set's API name.")
        String name;

        @Option(names = "--username", required = true, paramLabel = "U")
        String username;

        @Override
        protected Result execute() {
            AdminClient admin = admin();
            String permissionSetId = admin.permissionSetId(name);
            String assigneeId = admin.userId(username);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("AssigneeId", assigneeId);
            body.put("PermissionSetId", permissionSetId);
            String id = Output.required(admin.post("sobjects/PermissionSetAssignment", body), "id",
                    "permsets assign");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("permissionSetId", permissionSetId);
            json.put("assigneeId", assigneeId);
            return new Result(json, "Assigned permission set " + name + " to " + username + " (" + id + ")");
        }
    }

    /** The access words of {@code object-access} and the {@code ObjectPermissions} member each sets. */
    static final Map<String, String> OBJECT_ACCESS = Map.of("read", "PermissionsRead", "create", "PermissionsCreate",
            "edit", "PermissionsEdit", "delete", "PermissionsDelete", "view-all", "PermissionsViewAllRecords",
            "modify-all", "PermissionsModifyAllRecords");

    @Command(name = "object-access", description = "Set a permission set's access to an object "
            + "(PUT userbound/permissionSets/PS/objectPermissions/T). Replaces the previous access.")
    static final class ObjectAccess extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "PS", description = "The permission set's API name.")
        String name;

        @Option(names = "--object", required = true, paramLabel = "T")
        String object;

        @Option(names = "--access", required = true, paramLabel = "LIST", description = "Comma-separated: read, "
                + "create, edit, delete, view-all, modify-all; or none. Dependencies are added (edit needs read).")
        String access;

        @Override
        protected Result execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            String spec = access.strip().toLowerCase(java.util.Locale.ROOT);
            if (!spec.equals("none")) {
                for (String word : spec.split(",")) {
                    String member = OBJECT_ACCESS.get(word.strip());
                    if (member == null) {
                        throw new ParameterException(this.spec.commandLine(), "invalid --access '" + access
                                + "': use read, create, edit, delete, view-all, modify-all (comma-separated) or none");
                    }
                    body.put(member, true);
                }
            }
            JsonNode reply = admin().put("userbound/permissionSets/" + AdminClient.segment(name)
                    + "/objectPermissions/" + AdminClient.segment(object), body);
            ObjectNode json = Output.object();
            json.put("id", Output.text(reply, "Id"));
            json.put("permissionSet", name);
            json.put("object", Output.text(reply, "SobjectType"));
            List<String> granted = new ArrayList<>();
            for (String word : List.of("read", "create", "edit", "delete", "view-all", "modify-all")) {
                boolean on = reply.path(OBJECT_ACCESS.get(word)).asBoolean(false);
                json.put(word, on);
                if (on) {
                    granted.add(word);
                }
            }
            return new Result(json, "Permission set " + name + " on " + json.get("object").asText() + ": "
                    + (granted.isEmpty() ? "no access" : String.join(", ", granted)));
        }
    }

    @Command(name = "field-access", description = "Set a permission set's access to a field "
            + "(PUT userbound/permissionSets/PS/fieldPermissions/T/F).")
    static final class FieldAccess extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "PS", description = "The permission set's API name.")
        String name;

        @Option(names = "--field", required = true, paramLabel = "T.F", description = "Object and field, such as "
                + "Invoice__c.Amount__c.")
        String field;

        @Option(names = "--access", required = true, paramLabel = "LEVEL", description = "read, edit or none.")
        String access;

        @Override
        protected Result execute() {
            int dot = field.indexOf('.');
            if (dot <= 0 || dot == field.length() - 1 || field.indexOf('.', dot + 1) >= 0) {
                throw new ParameterException(spec.commandLine(), "invalid --field '" + field
                        + "': use Object.Field, such as Invoice__c.Amount__c");
            }
            String level = access.strip().toLowerCase(java.util.Locale.ROOT);
            Map<String, Object> body = switch (level) {
                case "edit" -> Map.of("PermissionsRead", true, "PermissionsEdit", true);
                case "read" -> Map.of("PermissionsRead", true);
                case "none" -> Map.of();
                default -> throw new ParameterException(spec.commandLine(), "invalid --access '" + access
                        + "': use read, edit or none");
            };
            JsonNode reply = admin().put("userbound/permissionSets/" + AdminClient.segment(name)
                    + "/fieldPermissions/" + AdminClient.segment(field.substring(0, dot)) + "/"
                    + AdminClient.segment(field.substring(dot + 1)), body);
            ObjectNode json = Output.object();
            json.put("id", Output.text(reply, "Id"));
            json.put("permissionSet", name);
            json.put("field", Output.text(reply, "Field"));
            boolean edit = reply.path("PermissionsEdit").asBoolean(false);
            boolean read = reply.path("PermissionsRead").asBoolean(false);
            json.put("access", edit ? "edit" : read ? "read" : "none");
            return new Result(json, "Permission set " + name + " on " + json.get("field").asText() + ": "
                    + json.get("access").asText());
        }
    }
}
