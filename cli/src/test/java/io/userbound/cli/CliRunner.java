package io.userbound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout and stderr. */
final class CliRunner {

    record Run(int exitCode, String out, String err) {

        /** Stdout as the one JSON object it must be. */
        JsonNode json() {
            String trimmed = out.strip();
            if (trimmed.isEmpty() || trimmed.contains("\n")) {
                throw new AssertionError("expected exactly one line of JSON on stdout, got: " + out);
            }
            try {
                JsonNode node = Output.MAPPER.readTree(trimmed);
                if (!node.isObject()) {
                    throw new AssertionError("expected a JSON object, got: " + out);
                }
                return node;
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out, e);
            }
        }
    }

    private final Path workingDir;
    private final Map<String, String> env = new HashMap<>();

    CliRunner(Path workingDir) {
        this.workingDir = workingDir;
        env.put(CliEnvironment.HOME_VARIABLE, workingDir.resolve("home").toString());
    }

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Path workingDir() {
        return workingDir;
    }

    CliEnvironment environment() {
        return new CliEnvironment(env, workingDir, workingDir.resolve("user-home"), null);
    }

    Path sessionFile() {
        return workingDir.resolve("home").resolve("session.json");
    }

    Run run(String... args) {
        CommandLine cl = Userbound.commandLine(environment());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(String text) {
        try {
            return Output.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
