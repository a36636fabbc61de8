package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a command prints: one JSON object for {@code --json}, and text otherwise.
 *
 * @param json the object printed with {@code --json}; never null
 * @param text the human-readable output, without a trailing newline; may be empty
 */
record Result(ObjectNode json, String text) {

    Result {
        Objects.requireNonNull(json, "json");
        text = text == null ? "" : text;
    }
}
