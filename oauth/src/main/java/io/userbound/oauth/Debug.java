package io.userbound.oauth;

/** Renders untrusted values for debug details: quoted, bounded in length, control characters replaced. */
public final class Debug {
    private static final int MAX = 120;

    private Debug() {
    }

    public static String quote(Object value) {
        if (value == null) {
            return "(absent)";
        }
        String text = String.valueOf(value);
        boolean cut = text.length() > MAX;
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 6).append('"');
        for (int i = 0, n = Math.min(text.length(), MAX); i < n; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        out.append('"');
        if (cut) {
            out.append("...");
        }
        return out.toString();
    }

    /** Truncates a value that is stored as-is (usernames, consumer keys) to a sane length. */
    public static String bounded(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
