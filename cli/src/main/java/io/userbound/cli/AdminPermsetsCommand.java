package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound admin permsets ...}. */
@Command(name = "permsets", description = "Create and assign permission sets.",
        subcommands = {AdminPermsetsCommand.Create.class, AdminPermsetsCommand.Assign.class})
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
}
