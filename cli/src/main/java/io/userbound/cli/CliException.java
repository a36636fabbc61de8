package io.userbound.cli;

/**
 * An error the CLI reports as is: one line, with a name for {@code --json} output.
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String name;

    CliException(String name, String message) {
        super(message);
        this.name = name;
    }

    CliException(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    String name() {
        return name;
    }
}
