package io.userbound.records.soql;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a query into tokens. Lexical errors are reported the way Salesforce's ANTLR lexer reports them:
 * {@code line <row>:<0-based column> ...}, positioned at the offending character.
 */
final class SoqlLexer {
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern DATETIME_TAIL = Pattern.compile(
            "T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:(Z)|([+-])(\\d{2}):?(\\d{2}))");
    private static final Pattern DATETIME_RUN = Pattern.compile("[0-9A-Za-z:.+\\-]*");

    private final String src;
    private final int length;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SoqlLexer(String src) {
        this.src = src;
        this.length = src.length();
    }

    /** Tokens of {@code src}, ending with one EOF token placed just after the last real token. */
    static List<Token> tokenize(String src) {
        return new SoqlLexer(src).run();
    }

    private List<Token> run() {
        while (true) {
            skipWhitespace();
            if (pos >= length) {
                int eofAt = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).end();
                tokens.add(new Token(Token.Type.EOF, "", eofAt, eofAt, null));
                return tokens;
            }
            char c = src.charAt(pos);
            int start = pos;
            if (isIdentStart(c)) {
                while (pos < length && isIdentPart(src.charAt(pos))) {
                    pos++;
                }
                add(Token.Type.IDENT, start, null);
            } else if (isDigit(c)) {
                lexDigitsStart(start);
            } else if ((c == '-' || c == '+') && pos + 1 < length && isDigit(src.charAt(pos + 1))) {
                pos++;
                lexNumber(start);
            } else if (c == '\'') {
                lexString(start);
            } else {
                lexPunctuation(c, start);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < length) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void lexPunctuation(char c, int start) {
        Token.Type type;
        pos++;
        switch (c) {
            case ',': type = Token.Type.COMMA; break;
            case '.': type = Token.Type.DOT; break;
            case '(': type = Token.Type.LPAREN; break;
            case ')': type = Token.Type.RPAREN; break;
            case ':': type = Token.Type.COLON; break;
            case '=': type = Token.Type.OPERATOR; break;
            case '!':
                if (pos < length && src.charAt(pos) == '=') {
                    pos++;
                    type = Token.Type.OPERATOR;
                    break;
                }
                throw noViableAlternative(start);
            case '<':
                if (pos < length && (src.charAt(pos) == '=' || src.charAt(pos) == '>')) {
                    pos++;
                }
                type = Token.Type.OPERATOR;
                break;
            case '>':
                if (pos < length && src.charAt(pos) == '=') {
                    pos++;
                }
                type = Token.Type.OPERATOR;
                break;
            default:
                throw noViableAlternative(start);
        }
        add(type, start, null);
    }

    private void lexDigitsStart(int start) {
        Matcher date = DATE.matcher(src).region(start, length);
        if (!date.lookingAt()) {
            lexNumber(start);
            return;
        }
        int dateEnd = date.end();
        if (dateEnd < length && src.charAt(dateEnd) == 'T') {
            Matcher tail = DATETIME_TAIL.matcher(src).region(dateEnd, length);
            Matcher run = DATETIME_RUN.matcher(src).region(start, length);
            run.lookingAt();
            String written = src.substring(start, run.end());
            if (!tail.lookingAt()) {
                throw invalid(start, "datetime", written);
            }
            pos = tail.end();
            try {
                LocalDateTime local = LocalDateTime.of(parse(date, 1), parse(date, 2), parse(date, 3),
                        parse(tail, 1), parse(tail, 2), parse(tail, 3), nanos(tail.group(4)));
                ZoneOffset zone = tail.group(5) != null ? ZoneOffset.UTC : ZoneOffset.ofHoursMinutes(
                        sign(tail.group(6)) * parse(tail, 7), sign(tail.group(6)) * parse(tail, 8));
                add(Token.Type.DATETIME, start, OffsetDateTime.of(local, zone));
            } catch (DateTimeException e) {
                throw invalid(start, "datetime", written);
            }
            return;
        }
        pos = dateEnd;
        try {
            add(Token.Type.DATE, start, LocalDate.of(parse(date, 1), parse(date, 2), parse(date, 3)));
        } catch (DateTimeException e) {
            throw invalid(start, "date", src.substring(start, dateEnd));
        }
    }

    private void lexNumber(int start) {
        while (pos < length && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos + 1 < length && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            pos++;
            while (pos < length && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        add(Token.Type.NUMBER, start, new BigDecimal(src.substring(start, pos)));
    }

    private void lexString(int start) {
        StringBuilder value = new StringBuilder();
        StringBuilder like = new StringBuilder();
        pos++;
        int rawStart = pos;
        while (true) {
            if (pos >= length) {
                throw lexError(length, "mismatched character '<EOF>' expecting '''");
            }
            char c = src.charAt(pos);
            if (c == '\'') {
                String raw = src.substring(rawStart, pos);
                pos++;
                add(Token.Type.STRING, start, new Value.StringValue(value.toString(), like.toString(), raw, start));
                return;
            }
            if (c != '\\') {
                value.append(c);
                like.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= length) {
                throw lexError(length, "mismatched character '<EOF>' expecting '''");
            }
            char e = src.charAt(pos + 1);
            int escapeStart = pos;
            pos += 2;
            switch (e) {
                case 'n': case 'N': append(value, like, '\n'); break;
                case 'r': case 'R': append(value, like, '\r'); break;
                case 't': case 'T': append(value, like, '\t'); break;
                case 'b': case 'B': append(value, like, '\b'); break;
                case 'f': case 'F': append(value, like, '\f'); break;
                case '"': append(value, like, '"'); break;
                case '\'': append(value, like, '\''); break;
                case '\\': value.append('\\'); like.append("\\\\"); break;
                case '_': value.append('_'); like.append("\\_"); break;
                case '%': value.append('%'); like.append("\\%"); break;
                case 'u':
                    if (pos + 4 <= length && isHex(src, pos, pos + 4)) {
                        append(value, like, (char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    }
                    throw illegalEscape(start, src.substring(escapeStart, Math.min(length, pos + 4)));
                default:
                    throw illegalEscape(start, src.substring(escapeStart, pos));
            }
        }
    }

    private static void append(StringBuilder value, StringBuilder like, char c) {
        value.append(c);
        if (c == '\\' || c == '%' || c == '_') {
            like.append('\\');
        }
        like.append(c);
    }

    private SoqlException illegalEscape(int at, String sequence) {
        return SoqlException.malformed(src, at, "Invalid string literal '" + sequence + "'. Illegal character sequence '"
                + sequence + "' in string literal.");
    }

    private SoqlException invalid(int at, String what, String written) {
        return SoqlException.malformed(src, at, "Invalid " + what + ": " + written);
    }

    private SoqlException noViableAlternative(int at) {
        return lexError(at, "no viable alternative at character '" + src.charAt(at) + "'");
    }

    private SoqlException lexError(int at, String message) {
        SoqlException positioned = SoqlException.malformed(src, at, "");
        return SoqlException.malformed(src, at,
                "line " + positioned.row() + ":" + (positioned.column() - 1) + " " + message);
    }

    private void add(Token.Type type, int start, Object value) {
        tokens.add(new Token(type, src.substring(start, pos), start, pos, value));
    }

    private static int parse(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int sign(String s) {
        return "-".equals(s) ? -1 : 1;
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
