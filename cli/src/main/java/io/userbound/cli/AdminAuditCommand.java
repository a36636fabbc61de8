package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code userbound admin audit ...}: the tamper-evident audit. */
@Command(name = "audit", description = "Check that the audit (LoginHistory, setup audit trail, field history) was "
        + "not rewritten.", subcommands = {AdminAuditCommand.Verify.class})
final class AdminAuditCommand {

    @Command(name = "verify", description = {
        "Check every audit chain and checkpoint (GET userbound/audit/verify; needs ViewSetup) and name the first row "
                + "that was altered, deleted or inserted.",
        "Exit status: 0 when the audit is intact, " + Userbound.EXIT_TAMPERED + " when anything was altered, deleted "
                + "or inserted, 1 on an error.",
        "--json prints {\"intact\", \"rows\": {\"LoginHistory\": n, \"SetupAuditTrail\": n, \"FieldHistory\": n}, "
                + "\"chains\", \"checkpoints\", \"purges\", \"problemCount\", \"problems\": [{\"kind\", \"table\", "
                + "\"id\", \"chain\", \"seq\", \"detail\"}]} (at most 100 problems listed, all counted)."})
    static final class Verify extends AdminBase {
        @Override
        protected Result execute() {
            JsonNode reply = admin().get("userbound/audit/verify");
            if (!reply.isObject() || !reply.path("intact").isBoolean()) {
                // an older server, or not this API: no verdict, so an error rather than "altered"
                throw new CliException("UnexpectedReply", "the server's reply to GET userbound/audit/verify has no "
                        + "\"intact\" verdict; is it a Userbound server of this version?");
            }
            ObjectNode json = (ObjectNode) reply;
            boolean intact = reply.path("intact").asBoolean();
            JsonNode rows = reply.path("rows");
            String counts = rows.path("LoginHistory").asLong() + " LoginHistory, " + rows.path("SetupAuditTrail")
                    .asLong() + " setup audit and " + rows.path("FieldHistory").asLong() + " field history rows in "
                    + reply.path("chains").asInt() + " chain(s), " + reply.path("checkpoints").asInt()
                    + " checkpoint(s), " + reply.path("purges").asInt() + " purge(s)";
            if (intact) {
                return new Result(json, "Audit intact: " + counts + ".");
            }
            List<JsonNode> problems = new ArrayList<>();
            reply.path("problems").forEach(problems::add);
            JsonNode first = problems.isEmpty() ? Output.object() : problems.get(0);
            String text = "AUDIT ALTERED: " + reply.path("problemCount").asLong() + " problem(s) in " + counts + ".\n"
                    + "First: " + Output.printable(Output.text(first, "kind") + " " + Output.text(first, "table")
                    + (first.path("id").isTextual() ? " row " + first.path("id").asText() : "") + " (chain "
                    + Output.text(first, "chain") + ", number " + first.path("seq").asLong() + "): "
                    + Output.text(first, "detail")) + "\n"
                    + Output.table(List.of("KIND", "TABLE", "ID", "NUMBER", "DETAIL"), problems, List.of(
                            AdminCommand.field("kind"), AdminCommand.field("table"), AdminCommand.field("id"),
                            p -> String.valueOf(p.path("seq").asLong()), AdminCommand.field("detail")));
            return new Result(json, text, Userbound.EXIT_TAMPERED);
        }
    }
}
