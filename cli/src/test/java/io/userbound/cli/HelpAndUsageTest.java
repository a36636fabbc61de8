package io.userbound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpAndUsageTest {

    @TempDir
    Path dir;

    /** Every command and subcommand, as the words that name it. */
    static Stream<List<String>> everyCommand() {
        CommandLine root = Userbound.commandLine(new CliEnvironment(java.util.Map.of(), Path.of("."),
                Path.of("."), null));
        List<List<String>> out = new ArrayList<>();
        collect(root, new ArrayList<>(), out);
        return out.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @Test
    void whenListingCommandsThenTheContractCommandsExist() {
        List<String> names = everyCommand().map(p -> String.join(" ", p)).toList();
        assertThat(names).contains("keys create", "login jwt", "api", "serve", "admin users create",
                "admin users activate", "admin users deactivate", "admin permsets create", "admin permsets assign",
                "admin apps create", "admin apps add-cert", "admin apps remove-cert", "admin apps grant",
                "admin apps approve", "admin apps show", "admin login-history", "admin audit-trail",
                "login client-credentials", "admin apps client-credentials", "admin apps rotate-secret",
                "admin apps revoke-secret", "admin audit verify");
    }

    @ParameterizedTest(name = "userbound {0} --help")
    @MethodSource("everyCommand")
    void whenHelpIsAskedOnAnyCommandThenUsageAndExitZero(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        CliRunner.Run run = new CliRunner(dir).run(args.toArray(String[]::new));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: userbound" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void whenVersionIsAskedThenItIsPrinted() {
        CliRunner.Run run = new CliRunner(dir).run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("userbound ");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("keys create", "Missing required option: '--out=DIR'"),
                Arguments.of("keys create --out k --days abc", "Invalid value for option '--days'"),
                Arguments.of("keys create --out k --bogus", "Unknown option: '--bogus'"),
                Arguments.of("nosuch", "Unmatched argument at index 0: 'nosuch'"),
                Arguments.of("keys", "Missing required subcommand"),
                Arguments.of("login jwt --login-url http://x", "Missing required options"),
                Arguments.of("api TRACE sobjects", "invalid METHOD 'TRACE'"),
                Arguments.of("api GET", "Missing required parameter: 'PATH'"),
                Arguments.of("api POST sobjects/Account --data {bad", "--data is not valid JSON"),
                Arguments.of("admin apps grant --app k", "Missing required argument"),
                Arguments.of("admin apps grant --app k --profile a --permset b", "mutually exclusive"),
                Arguments.of("admin apps create --name n --policy everyone", "invalid --policy 'everyone'"),
                Arguments.of("admin apps remove-cert --app k --thumbprint xyz", "invalid --thumbprint 'xyz'"),
                Arguments.of("admin users create --username u --last-name l --type robot", "invalid --type 'robot'"),
                Arguments.of("admin permsets create --name n --permission Api-Enabled",
                        "invalid --permission 'Api-Enabled'"),
                Arguments.of("login client-credentials --login-url http://x --client-id k",
                        "Missing required argument"),
                Arguments.of("login client-credentials --login-url http://x --client-id k --client-secret-env S "
                        + "--key k.pem", "mutually exclusive"),
                Arguments.of("login client-credentials --login-url http://x --client-id k --key k.pem "
                        + "--secret-in-body", "--secret-in-body goes with --client-secret-env"),
                Arguments.of("login client-credentials --login-url http://x --client-id k --client-secret-env S "
                        + "--audience http://x", "--audience goes with --key"),
                Arguments.of("admin apps client-credentials --app k", "give --run-as USER to enable the flow"),
                Arguments.of("admin apps rotate-secret --app k --overlap-hours 169", "invalid --overlap-hours 169"),
                Arguments.of("admin apps rotate-secret --app k --overlap-hours -1", "invalid --overlap-hours -1"),
                Arguments.of("admin apps revoke-secret", "Missing required option: '--app=KEY'"),
                Arguments.of("admin login-history --limit 0", "--limit must be between 1 and 2000, was 0"),
                Arguments.of("admin audit-trail --limit 2001", "--limit must be between 1 and 2000, was 2001"));
    }

    @ParameterizedTest(name = "userbound {0}")
    @MethodSource("usageErrors")
    void whenUsageIsWrongThenExitTwoWithOneLine(String args, String expected) {
        CliRunner.Run run = new CliRunner(dir).run(args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("error: ").contains(expected).contains("--help'");
    }

    @ParameterizedTest(name = "userbound {0} --json")
    @MethodSource("usageErrors")
    void whenUsageIsWrongWithJsonThenOneJsonObjectOnStdout(String args, String expected) {
        List<String> argv = new ArrayList<>(Arrays.asList(args.split(" ")));
        argv.add("--json");

        CliRunner.Run run = new CliRunner(dir).run(argv.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEmpty();
        assertThat(run.json().get("status").asInt()).isEqualTo(2);
        assertThat(run.json().get("name").asText()).isEqualTo("UsageError");
        assertThat(run.json().get("message").asText()).contains(expected);
    }
}
