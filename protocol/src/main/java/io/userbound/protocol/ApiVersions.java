package io.userbound.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The REST API versions Userbound serves. Versions are always two-digit {@code NN.0}: the {@code sf} CLI validates
 * {@code /^[1-9]\d\.0$/} and picks the highest version by string comparison.
 */
public final class ApiVersions {
    public static final int OLDEST = 20;
    public static final int LATEST = 66;

    /** One entry of {@code GET /services/data}. */
    public record Version(String label, String url, String version) {
    }

    private ApiVersions() {
    }

    /** All versions, ascending. */
    public static List<Version> all() {
        List<Version> out = new ArrayList<>();
        for (int v = OLDEST; v <= LATEST; v++) {
            out.add(new Version(label(v), "/services/data/v" + v + ".0", v + ".0"));
        }
        return out;
    }

    /**
     * The release label of a version: v59.0 is Winter '24, and each version after it moves one season on
     * (Winter, Spring, Summer).
     */
    public static String label(int major) {
        int k = major - 59;
        String season = switch (Math.floorMod(k, 3)) {
            case 0 -> "Winter";
            case 1 -> "Spring";
            default -> "Summer";
        };
        int year = 24 + Math.floorDiv(k, 3);
        return season + " '" + String.format("%02d", Math.floorMod(year, 100));
    }

    /**
     * Parses a path segment such as {@code v59.0}, or {@code latest}.
     *
     * @return the major version, or empty when the segment is not a served version
     */
    public static Optional<Integer> parseSegment(String segment) {
        if (segment == null) {
            return Optional.empty();
        }
        if (segment.equals("latest")) {
            return Optional.of(LATEST);
        }
        if (!segment.matches("v[1-9][0-9]\\.0")) {
            return Optional.empty();
        }
        int major = Integer.parseInt(segment.substring(1, segment.length() - 2));
        return major >= OLDEST && major <= LATEST ? Optional.of(major) : Optional.empty();
    }
}
