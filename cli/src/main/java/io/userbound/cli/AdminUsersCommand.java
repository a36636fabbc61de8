package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound admin users ...}. */
@Command(name = "users", description = "Create, activate and deactivate users; set their roles.",
        subcommands = {AdminUsersCommand.Create.class, AdminUsersCommand.Activate.class,
                AdminUsersCommand.Deactivate.class, AdminUsersCommand.SetRole.class})
final class AdminUsersCommand {

    @Command(name = "create", description = "Create a user (POST sobjects/User).")
    static final class Create extends AdminBase {

        @Option(names = "--username", required = true, paramLabel = "U",
                description = "Email-shaped, unique across the server.")
        String username;

        @Option(names = "--last-name", required = true, paramLabel = "L")
        String lastName;

        @Option(names = "--first-name", paramLabel = "F")
        String firstName;

        @Option(names = "--email", paramLabel = "E", description = "Default: the username.")
        String email;

        @Option(names = "--type", paramLabel = "TYPE", description = "standard (default) or integration (API only).")
        String type;

        @Option(names = "--profile", paramLabel = "NAME", description = "Profile name (default: Standard User, or "
                + "Minimum Access - API Only Integrations for integration users).")
        String profile;

        @Override
        protected Result execute() {
            String userType = null;
            if (type != null) {
                userType = type.toLowerCase(Locale.ROOT);
                if (!userType.equals("standard") && !userType.equals("integration")) {
                    throw new ParameterException(spec.commandLine(), "invalid --type '" + type
                            + "': use standard or integration");
                }
            }
            AdminClient admin = admin();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Username", username);
            body.put("LastName", lastName);
            if (firstName != null) {
                body.put("FirstName", firstName);
            }
            if (email != null) {
                body.put("Email", email);
            }
            if (userType != null) {
                body.put("UserType", userType);
            }
            if (profile != null) {
                body.put("ProfileId", admin.profileId(profile));
            }
            String id = Output.required(admin.post("sobjects/User", body), "id", "users create");
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("username", username);
            return new Result(json, "Created user " + username + " (" + id + ")");
        }
    }

    abstract static class SetActive extends AdminBase {

        @Option(names = "--username", required = true, paramLabel = "U")
        String username;

        Result setActive(boolean active) {
            AdminClient admin = admin();
            JsonNode user = admin.userByUsername(username);
            String id = Output.required(user, "Id", "the user lookup");
            admin.patch("sobjects/User/" + id, Map.of("IsActive", active));
            ObjectNode json = Output.object();
            json.put("id", id);
            json.put("username", Output.text(user, "Username").isEmpty() ? username : Output.text(user, "Username"));
            json.put("active", active);
            return new Result(json, (active ? "Activated" : "Deactivated") + " user " + username + " (" + id + ")");
        }
    }

    @Command(name = "activate", description = "Activate a user.")
    static final class Activate extends SetActive {
        @Override
        protected Result execute() {
            return setActive(true);
        }
    }

    @Command(name = "deactivate", description = "Deactivate a user: every token request for the user fails at once.")
    static final class Deactivate extends SetActive {
        @Override
        protected Result execute() {
            return setActive(false);
        }
    }

    @Command(name = "set-role", description = "Give a user a role of the role hierarchy, or none with --no-role "
            + "(PUT userbound/users/U/role).")
    static final class SetRole extends AdminBase {

        @Option(names = "--username", required = true, paramLabel = "U")
        String username;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        static final class Choice {
            @Option(names = "--role", required = true, paramLabel = "R")
            String role;

            @Option(names = "--no-role", required = true, description = "Remove the user's role.")
            boolean noRole;
        }

        @Override
        protected Result execute() {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("RoleName", choice.noRole ? null : choice.role);
            JsonNode reply = admin().put("userbound/users/" + AdminClient.segment(username) + "/role", body);
            ObjectNode json = Output.object();
            json.put("userId", Output.text(reply, "UserId"));
            json.put("username", Output.text(reply, "Username"));
            String role = Output.text(reply, "RoleName");
            if (role.isEmpty()) {
                json.putNull("role");
                json.putNull("roleId");
            } else {
                json.put("role", role);
                json.put("roleId", Output.text(reply, "UserRoleId"));
            }
            return new Result(json, role.isEmpty() ? "User " + username + " has no role now"
                    : "User " + username + " now has role " + role);
        }
    }
}
