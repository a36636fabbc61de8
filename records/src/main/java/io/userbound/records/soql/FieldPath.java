package io.userbound.records.soql;

import java.util.List;
import java.util.Objects;

/**
 * A field reference: one or more dot-separated segments, case as written ({@code Name}, {@code Owner.Username}).
 * A leading FROM alias has already been removed; the compiler decides how many relationship hops it allows.
 *
 * @param segments       the segments after alias stripping; never empty
 * @param segmentOffsets the char offset of each segment, parallel to {@code segments}
 * @param offset         the char offset where the path starts as written (at the alias, if one was stripped)
 */
public record FieldPath(List<String> segments, List<Integer> segmentOffsets, int offset) {
    public FieldPath {
        segments = List.copyOf(segments);
        segmentOffsets = List.copyOf(segmentOffsets);
        if (segments.isEmpty() || segments.size() != segmentOffsets.size()) {
            throw new IllegalArgumentException("segments and segmentOffsets must be non-empty and parallel");
        }
    }

    /** A path of the given segments, all positioned at {@code offset} (for tests and synthetic paths). */
    public static FieldPath of(int offset, String... segments) {
        List<String> names = List.of(segments);
        return new FieldPath(names, java.util.Collections.nCopies(names.size(), offset), offset);
    }

    /** The segments joined with dots, e.g. {@code Owner.Username}. */
    public String dotted() {
        return String.join(".", segments);
    }

    /** The last segment: the field itself. */
    public String fieldName() {
        return segments.get(segments.size() - 1);
    }

    /** True when the path crosses at least one relationship. */
    public boolean isRelationship() {
        return segments.size() > 1;
    }

    /** True when the segments are equal ignoring case (SOQL names are case-insensitive). */
    public boolean sameNameAs(FieldPath other) {
        Objects.requireNonNull(other, "other");
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).equalsIgnoreCase(other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }
}
