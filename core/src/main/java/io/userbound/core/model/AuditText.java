package io.userbound.core.model;

/**
 * Neutralizes the characters that let a client's text rewrite an audit row or a log line: CR and LF (a forged log
 * line or audit export row), NUL (a truncated column in C-based tools), the other C0 controls, DEL, the C1 controls
 * and the Unicode line and paragraph separators. Each becomes a visible escape ({@code \r}, {@code \n},
 * {@code \t}, {@code \\u0000}), so an admin still sees what was sent; every other character, the backslash
 * included, is kept as it is. Applying it twice changes nothing more than applying it once.
 */
public final class AuditText {
    private AuditText() {
    }

    /**
     * @param text may be null
     * @return the text with every control character escaped; null for null; the same instance when there is none
     */
    public static String neutralize(String text) {
        if (text == null) {
            return null;
        }
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append("\\u").append(String.format("%04X", (int) c));
            }
        }
        return out.toString();
    }

    /** Whether the text holds a character {@link #neutralize} would escape. */
    public static boolean hasControl(String text) {
        return text != null && firstControl(text) >= 0;
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
