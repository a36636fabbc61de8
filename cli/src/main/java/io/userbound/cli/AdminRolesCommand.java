package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound admin roles ...}: the role hierarchy. */
@Command(name = "roles", description = "Create and list roles of the role hierarchy.",
        subcommands = {AdminRolesCommand.Create.class, AdminRolesCommand.ListRoles.class})
final class AdminRolesCommand {

    @Command(name = "create", description = "Create a role (POST userbound/roles).")
    static final class Create extends AdminBase {

        @Option(names = "--name", required = true, paramLabel = "R", description = "Unique in the org.")
        String name;

        @Option(names = "--parent", paramLabel = "R2", description = "The role directly above; none for a top "
                + "role.")
        String parent;

        @Override
        protected Result execute() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Name", name);
            if (parent != null) {
                body.put("ParentRoleName", parent);
            }
            String id = Output.required(admin().post("userbound/roles", body), "id", "roles create");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("name", name);
            if (parent != null) {
                json.put("parent", parent);
            } else {
                json.putNull("parent");
            }
            return new Result(json, "Created role " + name + (parent == null ? "" : " below " + parent) + " (" + id
                    + ")");
        }
    }

    @Command(name = "list", description = "List the roles, oldest first.")
    static final class ListRoles extends AdminBase {
        @Override
        protected Result execute() {
            ObjectNode json = AdminCommand.queryResult(admin().get("userbound/roles"));
            List<JsonNode> rows = AdminCommand.records(json);
            Map<String, String> names = new HashMap<>();
            rows.forEach(r -> names.put(Output.text(r, "Id"), Output.text(r, "Name")));
            String text = rows.isEmpty() ? "No roles." : Output.table(List.of("NAME", "PARENT", "ID"), rows,
                    List.of(AdminCommand.field("Name"), r -> names.getOrDefault(Output.text(r, "ParentRoleId"), ""),
                            AdminCommand.field("Id")));
            return new Result(json, text);
        }
    }
}
