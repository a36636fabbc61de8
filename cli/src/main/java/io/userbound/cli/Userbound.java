package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.ApiException;
import io.userbound.client.OAuthClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code userbound} command. Run {@code userbound --help}, or {@code --help} on any command.
 */
@Command(name = "userbound",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Userbound: a user-bound OAuth 2.0 server, its SDK and its admin tool. The same commands work "
                + "against real Salesforce (keys, login, api).",
        subcommands = {KeysCommand.class, LoginCommand.class, ApiCommand.class, AdminCommand.class,
                ServeCommand.class, TokenCommand.class},
        footer = {"", "Exit codes: 0 success, 1 error, 2 usage error, 3 audit altered (admin audit verify).",
                "Environment: USERBOUND_HOME (session directory, default ~/.userbound), USERBOUND_KEY_PASSWORD "
                        + "(password of an encrypted key), USERBOUND_DEBUG=1 (stack traces)."})
public final class Userbound {

    /** Exit code of a failed command. */
    public static final int EXIT_ERROR = 1;
    /** Exit code of a usage error (picocli's default). */
    public static final int EXIT_USAGE = 2;
    /** {@code admin audit verify} found the audit altered: a row changed, deleted or inserted. */
    public static final int EXIT_TAMPERED = 3;

    private final CliEnvironment environment;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print exactly one JSON object on stdout (errors too).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces and debug logs on stderr (also USERBOUND_DEBUG=1).")
    boolean verbose;

    /** The command over this process's environment. */
    public Userbound() {
        this(CliEnvironment.system());
    }

    public Userbound(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    CliEnvironment environment() {
        return environment;
    }

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.system();
        configureLogging(args, env);
        int code = commandLine(env).execute(args);
        if (code == 0 && isServe(args)) {
            // the server runs on its own (non-daemon) threads until the process is stopped
            return;
        }
        System.exit(code);
    }

    /** True when the command is {@code serve}: the first word that is not an option. */
    static boolean isServe(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("").equals("serve");
    }

    /**
     * The command line with Userbound's error handling: one line on stderr (or one JSON object on stdout with
     * {@code --json}), exit code 1 for errors and 2 for usage errors.
     */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new Userbound(env));
        cl.setExecutionExceptionHandler(Userbound::handleExecutionException);
        cl.setParameterExceptionHandler(Userbound::handleParameterException);
        return cl;
    }

    /**
     * Sends logs to stderr at WARN (DEBUG with {@code --verbose}), unless the command is {@code serve}, which
     * logs as the server configures it, or the caller configured logging already.
     */
    static void configureLogging(String[] args, CliEnvironment env) {
        if (isServe(args) || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        boolean debug = env.debug() || Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        System.setProperty("userbound.cli.log.level", debug ? "DEBUG" : "WARN");
        System.setProperty("logback.configurationFile", "io/userbound/cli/logback-cli.xml");
    }

    private static int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        Userbound root = (Userbound) cl.getCommandSpec().root().userObject();
        boolean json = root.json;
        boolean verbose = root.verbose || root.environment.debug();
        Failure failure = Failure.of(e);
        if (json) {
            ObjectNode out = Output.object();
            out.put("status", EXIT_ERROR);
            out.put("name", failure.name());
            out.put("message", failure.message());
            if (failure.httpStatus() > 0) {
                out.put("httpStatus", failure.httpStatus());
            }
            cl.getOut().println(Output.compact(out));
            cl.getOut().flush();
        } else {
            cl.getErr().println("error: " + failure.line());
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            cl.getErr().print(trace);
        }
        cl.getErr().flush();
        return EXIT_ERROR;
    }

    private static int handleParameterException(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        String help = "see '" + cl.getCommandSpec().qualifiedName() + " --help'";
        if (Arrays.asList(args).contains("--json")) {
            ObjectNode out = Output.object();
            out.put("status", EXIT_USAGE);
            out.put("name", "UsageError");
            out.put("message", message + " (" + help + ")");
            cl.getOut().println(Output.compact(out));
            cl.getOut().flush();
        } else {
            cl.getErr().println("error: " + message + " (" + help + ")");
            cl.getErr().flush();
        }
        return EXIT_USAGE;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** An error as the CLI reports it. */
    record Failure(String name, String message, int httpStatus) {

        static Failure of(Throwable e) {
            if (e instanceof ApiException api) {
                return new Failure(api.errorCode(), oneLine(api.apiMessage()), api.status());
            }
            if (e instanceof OAuthClientException oauth) {
                return new Failure(oauth.error(), oneLine(oauth.getMessage()), oauth.status());
            }
            if (e instanceof CliException cli) {
                return new Failure(cli.name(), oneLine(cli.getMessage()), 0);
            }
            if (e instanceof IllegalArgumentException) {
                return new Failure("InvalidArgument", oneLine(e.getMessage()), 0);
            }
            if (e instanceof IllegalStateException) {
                return new Failure("InvalidState", oneLine(e.getMessage()), 0);
            }
            if (e instanceof UncheckedIOException || e instanceof java.io.IOException) {
                return new Failure("IOError", oneLine(e.getMessage()), 0);
            }
            String message = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": "
                    + e.getMessage();
            return new Failure("UnexpectedError", oneLine(message), 0);
        }

        /** The stderr line: the message, with the code and HTTP status of server errors. */
        String line() {
            if (httpStatus > 0 && !message.startsWith(name)) {
                return name + ": " + message + " (HTTP " + httpStatus + ")";
            }
            return httpStatus > 0 ? message + " (HTTP " + httpStatus + ")" : message;
        }
    }
}
