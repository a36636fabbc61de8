package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound admin ...}: manage the org through the admin HTTP surface. */
@Command(name = "admin", description = {
    "Manage a Userbound org: users, permission sets, connected apps, objects, fields, roles, audit.",
    "Logs in with DIR/cli-profile.json, written by the server's first start, using the JWT bearer flow like any "
            + "integration. Each call needs the admin's permissions (ManageUsers, CustomizeApplication, ViewSetup)."},
        subcommands = {AdminUsersCommand.class, AdminPermsetsCommand.class, AdminAppsCommand.class,
                AdminObjectsCommand.class, AdminFieldsCommand.class, AdminRolesCommand.class,
                AdminCommand.LoginHistory.class, AdminCommand.AuditTrail.class, AdminAuditCommand.class})
final class AdminCommand {

    static final int MAX_LIMIT = 2000;

    static void checkLimit(BaseCommand command, Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new ParameterException(command.spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT
                    + ", was " + limit);
        }
    }

    /** {@code {"totalSize", "records"}} of a query-shaped reply, and its records as a list. */
    static ObjectNode queryResult(JsonNode reply) {
        ObjectNode json = Output.object();
        json.put("totalSize", reply.path("totalSize").asInt(reply.path("records").size()));
        JsonNode records = reply.path("records");
        json.set("records", records.isArray() ? records : Output.MAPPER.createArrayNode());
        return json;
    }

    static List<JsonNode> records(ObjectNode result) {
        List<JsonNode> out = new ArrayList<>();
        ((ArrayNode) result.get("records")).forEach(out::add);
        return out;
    }

    static Function<JsonNode, String> field(String name) {
        return node -> Output.text(node, name);
    }

    @Command(name = "login-history", description = "Show token requests, newest first: successes and failures "
            + "with their reasons.")
    static final class LoginHistory extends AdminBase {

        @Option(names = "--username", paramLabel = "U", description = "Only this user's rows.")
        String username;

        @Option(names = "--limit", paramLabel = "N", description = "At most N rows (1 to 2000; server default 50).")
        Integer limit;

        @Override
        protected Result execute() {
            checkLimit(this, limit);
            List<String> params = new ArrayList<>();
            if (username != null) {
                params.add("username=" + AdminClient.segment(username));
            }
            if (limit != null) {
                params.add("limit=" + limit);
            }
            String path = "userbound/loginHistory" + (params.isEmpty() ? "" : "?" + String.join("&", params));
            ObjectNode json = queryResult(admin().get(path));
            List<JsonNode> rows = records(json);
            String text = rows.isEmpty() ? "No login history." : Output.table(
                    List.of("TIME", "USERNAME", "STATUS", "FLOW", "APPLICATION", "SOURCE IP"), rows,
                    List.of(field("LoginTime"), field("Username"), field("Status"), field("LoginSubType"),
                            field("Application"), field("SourceIp")));
            return new Result(json, text);
        }
    }

    @Command(name = "audit-trail", description = "Show the setup audit trail (admin changes), newest first.")
    static final class AuditTrail extends AdminBase {

        @Option(names = "--limit", paramLabel = "N", description = "At most N rows (1 to 2000; server default 50).")
        Integer limit;

        @Override
        protected Result execute() {
            checkLimit(this, limit);
            String path = "userbound/setupAuditTrail" + (limit == null ? "" : "?limit=" + limit);
            ObjectNode json = queryResult(admin().get(path));
            List<JsonNode> rows = records(json);
            String text = rows.isEmpty() ? "No setup audit trail entries." : Output.table(
                    List.of("DATE", "ACTION", "SECTION", "BY", "DISPLAY"), rows,
                    List.of(field("CreatedDate"), field("Action"), field("Section"), field("CreatedById"),
                            field("Display")));
            return new Result(json, text);
        }
    }
}
