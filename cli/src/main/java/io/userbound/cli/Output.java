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
    static String table(List<String> headers, List<JsonNode> records, List<Function<JsonNode, String>> cells) {
        List<String[]> rows = new ArrayList<>();
        rows.add(headers.toArray(String[]::new));
        for (JsonNode record : records) {
            String[] row = new String[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i).apply(record);
                cell = cell == null ? "" : cell.replaceAll("\\s+", " ");
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
