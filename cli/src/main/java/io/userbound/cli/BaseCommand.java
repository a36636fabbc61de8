package io.userbound.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing and prints one {@link Result}: its JSON object with {@code --json}, its text
 * otherwise. Errors are thrown and printed by {@link Userbound}'s handler.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Does the work. */
    protected abstract Result execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        Result result = execute();
        PrintWriter out = spec.commandLine().getOut();
        if (json()) {
            out.println(Output.compact(result.json()));
        } else if (!result.text().isEmpty()) {
            out.println(result.text());
        }
        out.flush();
        return result.exitCode();
    }

    /** True when the output is JSON. */
    boolean json() {
        return root().json;
    }

    /** True when stack traces are wanted. */
    boolean verbose() {
        return root().verbose || env().debug();
    }

    CliEnvironment env() {
        return root().environment();
    }

    Userbound root() {
        return (Userbound) spec.root().userObject();
    }
}
