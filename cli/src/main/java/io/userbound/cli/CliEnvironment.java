package io.userbound.cli;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands read from the process: environment variables, the working directory and the user's home. Tests
 * pass their own.
 *
 * @param env the environment variables; never null
 * @param workingDir the directory relative paths resolve against; never null
 * @param userHome the user's home directory; never null
 * @param httpClient the HTTP client for every call; null for the SDK default
 */
public record CliEnvironment(Map<String, String> env, Path workingDir, Path userHome, HttpClient httpClient) {

    /** Points at the session directory; default {@code ~/.userbound}. */
    public static final String HOME_VARIABLE = "USERBOUND_HOME";
    /** {@code 1} or {@code true} prints stack traces and debug logs, like {@code --verbose}. */
    public static final String DEBUG_VARIABLE = "USERBOUND_DEBUG";
    /** The password of an encrypted private key file. */
    public static final String KEY_PASSWORD_VARIABLE = "USERBOUND_KEY_PASSWORD";

    public CliEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(userHome, "userHome");
    }

    /** The environment of this process. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), null);
    }

    /** {@code $USERBOUND_HOME}, or {@code ~/.userbound}. */
    public Path home() {
        String value = env.get(HOME_VARIABLE);
        return value != null && !value.isBlank() ? resolve(value) : userHome.resolve(".userbound");
    }

    /** A path given by the user, resolved against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }

    /** True when {@code USERBOUND_DEBUG} asks for debug output. */
    public boolean debug() {
        String value = env.get(DEBUG_VARIABLE);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** The key password from {@code USERBOUND_KEY_PASSWORD}, or null. */
    public char[] keyPassword() {
        String value = env.get(KEY_PASSWORD_VARIABLE);
        return value == null ? null : value.toCharArray();
    }
}
