package io.userbound.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** JSON and table formatting for command output. */
final class Output {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_CELL = 80;

    private Output() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a member, or empty when it is missing or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    /** The text of a member that must be there. */
    static String required(JsonNode node, String field, String what) {
        String value = text(node, field);
        if (value.isEmpty()) {
            throw new CliException("UnexpectedResponse", "the server's reply to " + what + " has no '" + field + "'");
        }
        return value;
    }

    /** A plain text table: a header row, then one row per record; long cells are cut. */
    /**
     * Text from a server (or a database) made safe for a terminal: control characters (C0, DEL, C1, U+2028/9) are
     * written as {@code \\uXXXX}, so no value can move the cursor or rewrite a line already printed.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    static String table(List<String> headers, List<JsonNode> records, List<Function<JsonNode, String>> cells) {
        List<String[]> rows = new ArrayList<>();
        rows.add(headers.toArray(String[]::new));
        for (JsonNode record : records) {
            String[] row = new String[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i).apply(record);
                cell = cell == null ? "" : printable(cell.replaceAll("\\s+", " "));
                row[i] = cell.length() > MAX_CELL ? cell.substring(0, MAX_CELL - 3) + "..." : cell;
            }
            rows.add(row);
        }
        int[] widths = new int[headers.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing());
            if (r < rows.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
