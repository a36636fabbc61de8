package io.userbound.store;

import java.util.ArrayList;
import java.util.List;

/** A checkpoint's gap list: ranges of numbers as {@code 4,7-9}; empty for none; {@code *N} when only counted. */
final class AuditGaps {
    private final List<long[]> ranges;
    private final long counted;

    private AuditGaps(List<long[]> ranges, long counted) {
        this.ranges = ranges;
        this.counted = counted;
    }

    /** Adds {@code seq}, the highest so far, to ascending ranges: it extends the last range or starts one. */
    static void append(List<long[]> ranges, long seq) {
        long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && last[1] == seq - 1) {
            last[1] = seq;
        } else {
            ranges.add(new long[] {seq, seq});
        }
    }

    static String format(List<long[]> ranges) {
        StringBuilder out = new StringBuilder();
        for (long[] r : ranges) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(r[0]);
            if (r[1] != r[0]) {
                out.append('-').append(r[1]);
            }
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException when the text is not a gap list (a checkpoint altered without the key) */
    static AuditGaps parse(String text) {
        if (text.startsWith("*")) {
            return new AuditGaps(List.of(), Long.parseLong(text.substring(1)));
        }
        List<long[]> ranges = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String part : text.split(",")) {
                int dash = part.indexOf('-');
                long a = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
                long b = dash < 0 ? a : Long.parseLong(part.substring(dash + 1));
                ranges.add(new long[] {a, b});
            }
        }
        return new AuditGaps(ranges, -1);
    }

    /** True when only the number of gaps is known, not which they are. */
    boolean countedOnly() {
        return counted >= 0;
    }

    /** How many numbers were missing. */
    long missing() {
        if (countedOnly()) {
            return counted;
        }
        long n = 0;
        for (long[] r : ranges) {
            n += r[1] - r[0] + 1;
        }
        return n;
    }

    boolean contains(long seq) {
        return contains(ranges, seq);
    }

    /** The ranges (empty when only counted). */
    List<long[]> ranges() {
        return ranges;
    }

    static boolean contains(List<long[]> ranges, long seq) {
        for (long[] r : ranges) {
            if (seq >= r[0] && seq <= r[1]) {
                return true;
            }
        }
        return false;
    }
}
