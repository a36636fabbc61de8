package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a command prints: one JSON object for {@code --json}, and text otherwise.
 *
 * @param json the object printed with {@code --json}; never null
 * @param text the human-readable output, without a trailing newline; may be empty
 * @param exitCode the process's exit code: 0, or a command's own for an answer that is not a success (such as
 *     {@link Userbound#EXIT_TAMPERED}); errors are thrown instead
 */
record Result(ObjectNode json, String text, int exitCode) {

    Result {
        Objects.requireNonNull(json, "json");
        text = text == null ? "" : text;
    }

    Result(ObjectNode json, String text) {
        this(json, text, 0);
    }
}
