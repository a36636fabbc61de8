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
                AdminPermsetsCommand.ObjectAccess.class, AdminPermsetsCommand.FieldAccess.class,
                AdminPermsetsCommand.Export.class, AdminPermsetsCommand.Import.class})
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

        @Option(names = "--with-fields", description = "Also set the access to every field that field-level "
                + "security governs: edit when the object access includes create or edit, read when it is read only, "
                + "none for none (PUT userbound/permissionSets/PS/fieldPermissions/T).")
        boolean withFields;

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
            String text = "Permission set " + name + " on " + json.get("object").asText() + ": "
                    + (granted.isEmpty() ? "no access" : String.join(", ", granted));
            if (withFields) {
                String level = json.get("create").asBoolean() || json.get("edit").asBoolean() ? "edit"
                        : json.get("read").asBoolean() ? "read" : "none";
                JsonNode fields = allFields(admin(), name, object, level);
                json.put("fieldAccess", level);
                json.put("fields", fields.path("totalSize").asInt());
                text += "; " + level + " on its " + fields.path("totalSize").asInt() + " fields";
            }
            return new Result(json, text);
        }
    }

    /** The body of a field permissions PUT for an access word. */
    static Map<String, Object> fieldAccessBody(String level) {
        return switch (level) {
            case "edit" -> Map.of("PermissionsRead", true, "PermissionsEdit", true);
            case "read" -> Map.of("PermissionsRead", true);
            default -> Map.of();
        };
    }

    /** Sets the access to every governed field of the object in one call. */
    static JsonNode allFields(AdminClient admin, String permissionSet, String object, String level) {
        return admin.put("userbound/permissionSets/" + AdminClient.segment(permissionSet) + "/fieldPermissions/"
                + AdminClient.segment(object), fieldAccessBody(level));
    }

    @Command(name = "field-access", description = "Set a permission set's access to a field "
            + "(PUT userbound/permissionSets/PS/fieldPermissions/T/F), or with --object T --all-fields to every field "
            + "of an object that field-level security governs, in one call.")
    static final class FieldAccess extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "PS", description = "The permission set's API name.")
        String name;

        @Option(names = "--field", paramLabel = "T.F", description = "Object and field, such as "
                + "Invoice__c.Amount__c.")
        String field;

        @Option(names = "--object", paramLabel = "T", description = "With --all-fields: the object.")
        String object;

        @Option(names = "--all-fields", description = "Every data field of --object that is not required (required "
                + "fields are always accessible with the object).")
        boolean allFields;

        @Option(names = "--access", required = true, paramLabel = "LEVEL", description = "read, edit or none.")
        String access;

        @Override
        protected Result execute() {
            String level = access.strip().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("read", "edit", "none").contains(level)) {
                throw new ParameterException(spec.commandLine(), "invalid --access '" + access
                        + "': use read, edit or none");
            }
            if (allFields) {
                if (object == null || field != null) {
                    throw new ParameterException(spec.commandLine(), "--all-fields takes --object T and no --field");
                }
                return allFieldsResult(level);
            }
            if (field == null || object != null) {
                throw new ParameterException(spec.commandLine(), "name one field with --field T.F, or every field "
                        + "of an object with --object T --all-fields");
            }
            int dot = field.indexOf('.');
            if (dot <= 0 || dot == field.length() - 1 || field.indexOf('.', dot + 1) >= 0) {
                throw new ParameterException(spec.commandLine(), "invalid --field '" + field
                        + "': use Object.Field, such as Invoice__c.Amount__c");
            }
            JsonNode reply = admin().put("userbound/permissionSets/" + AdminClient.segment(name)
                    + "/fieldPermissions/" + AdminClient.segment(field.substring(0, dot)) + "/"
                    + AdminClient.segment(field.substring(dot + 1)), fieldAccessBody(level));
            ObjectNode json = Output.object();
            json.put("id", Output.text(reply, "Id"));
            json.put("permissionSet", name);
            json.put("field", Output.text(reply, "Field"));
            json.put("access", accessOf(reply));
            return new Result(json, "Permission set " + name + " on " + json.get("field").asText() + ": "
                    + json.get("access").asText());
        }

        private Result allFieldsResult(String level) {
            JsonNode reply = allFields(admin(), name, object, level);
            ObjectNode json = Output.object();
            json.put("permissionSet", name);
            json.put("object", object);
            json.put("access", level);
            var fields = json.putArray("fields");
            for (JsonNode r : reply.path("records")) {
                ObjectNode one = fields.addObject();
                one.put("field", Output.text(r, "Field"));
                one.put("access", accessOf(r));
            }
            return new Result(json, "Permission set " + name + ": " + level + " on " + fields.size() + " fields of "
                    + object);
        }
    }

    private static String accessOf(JsonNode fieldPermissions) {
        return fieldPermissions.path("PermissionsEdit").asBoolean(false) ? "edit"
                : fieldPermissions.path("PermissionsRead").asBoolean(false) ? "read" : "none";
    }

    @Command(name = "export", description = "Print a permission set as one JSON document: its system permissions "
            + "and every object and field permission it grants (GET userbound/permissionSets/PS/document). The "
            + "document is the same with or without --json.")
    static final class Export extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "PS", description = "The permission set's API name.")
        String name;

        @Option(names = "--file", paramLabel = "F", description = "Write the document to F instead of printing it.")
        String file;

        @Override
        protected Result execute() {
            JsonNode doc = admin().get("userbound/permissionSets/" + AdminClient.segment(name) + "/document");
            ObjectNode json = (ObjectNode) doc;
            if (file == null) {
                return new Result(json, Output.pretty(doc));
            }
            java.nio.file.Path target = env().resolve(file);
            try {
                java.nio.file.Files.writeString(target, Output.pretty(doc) + "\n");
            } catch (java.io.IOException e) {
                throw new CliException("IOError", "cannot write --file " + file + ": " + e.getMessage(), e);
            }
            ObjectNode written = Output.object();
            written.put("permissionSet", name);
            written.put("file", target.toString());
            return new Result(written, "Permission set " + name + " written to " + target);
        }
    }

    @Command(name = "import", description = "Make the permission set of a document exactly what it says, creating "
            + "it when missing: system permissions, and object and field permissions (those it does not grant are "
            + "removed); all or nothing (PUT userbound/permissionSets/PS/document).")
    static final class Import extends AdminBase {

        @Option(names = "--file", required = true, paramLabel = "F", description = "A document from "
                + "'admin permsets export'.")
        String file;

        @Override
        protected Result execute() {
            JsonNode doc;
            try {
                doc = Output.MAPPER.readTree(java.nio.file.Files.readString(env().resolve(file)));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "--file not found: " + file);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ParameterException(spec.commandLine(), "--file is not valid JSON: "
                        + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new CliException("IOError", "cannot read --file " + file + ": " + e.getMessage(), e);
            }
            String name = doc.path("PermissionSet").path("Name").asText("");
            if (name.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--file " + file + " names no PermissionSet.Name");
            }
            AdminClient admin = admin();
            boolean existed = exists(admin, name);
            JsonNode stored = admin.put("userbound/permissionSets/" + AdminClient.segment(name) + "/document", doc);
            ObjectNode json = Output.object();
            json.put("permissionSet", name);
            json.put("created", !existed);
            json.put("objectPermissions", stored.path("ObjectPermissions").size());
            json.put("fieldPermissions", stored.path("FieldPermissions").size());
            return new Result(json, "Permission set " + name + (existed ? " updated" : " created") + ": "
                    + json.get("objectPermissions").asInt() + " object and " + json.get("fieldPermissions").asInt()
                    + " field permissions");
        }

        private static boolean exists(AdminClient admin, String name) {
            try {
                admin.get("sobjects/PermissionSet/Name/" + AdminClient.segment(name));
                return true;
            } catch (io.userbound.client.ApiException e) {
                if (e.status() == 404) {
                    return false;
                }
                throw e;
            }
        }
    }
}
