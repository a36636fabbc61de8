package io.userbound.records.data;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import io.userbound.protocol.SalesforceId;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Converts field values between the JSON a client sends, the typed values Userbound keeps ({@link FieldType}), the
 * stored column values, and the JSON Salesforce answers with. Every refusal names the field and the problem with the
 * error code Salesforce uses.
 */
public final class ValueCodec {
    /** Salesforce's date-time form in responses: {@code 2024-01-15T10:00:00.000+0000}. */
    public static final DateTimeFormatter DATETIME_OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATETIME_IN = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");
    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    private ValueCodec() {
    }

    /**
     * The typed value of a client's JSON value for a field.
     *
     * @param json a String, Number, Boolean or null as Jackson reads it; maps and lists are refused
     * @return the typed value; null for null or (text types) the empty string; never null for checkboxes
     */
    public static Object fromJson(FieldDefinition f, Object json) {
        if (json instanceof Map || json instanceof List) {
            throw parserError(f, json instanceof Map ? "START_OBJECT" : "START_ARRAY", "");
        }
        if (f.type() == FieldType.CHECKBOX) {
            if (json == null) {
                return Boolean.FALSE;
            }
            if (json instanceof Boolean b) {
                return b;
            }
            if (json instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(s);
            }
            throw parserError(f, token(json), String.valueOf(json));
        }
        if (json == null || (json instanceof String s && s.isEmpty())) {
            return null;
        }
        return switch (f.type()) {
            case TEXT, LONG_TEXT -> text(f, scalar(f, json));
            case EMAIL -> email(f, text(f, scalar(f, json)));
            case PICKLIST -> picklist(f, scalar(f, json));
            case MULTI_PICKLIST -> multiPicklist(f, scalar(f, json));
            case NUMBER, CURRENCY, PERCENT -> number(f, json);
            case DATE -> date(f, json);
            case DATETIME -> dateTime(f, json);
            case ID, LOOKUP -> id(f, json);
            case CHECKBOX -> throw new IllegalStateException("handled above");
        };
    }

    /** The typed value of a field's stored default, in the canonical text form the admin rules validated. */
    public static Object fromDefault(FieldDefinition f) {
        return f.defaultValue() == null ? (f.type() == FieldType.CHECKBOX ? Boolean.FALSE : null)
                : fromJson(f, f.defaultValue());
    }

    /** The value bound to the field's column: date-times become epoch milliseconds. */
    public static Object toColumn(FieldDefinition f, Object typed) {
        return typed instanceof Instant i ? Long.valueOf(i.toEpochMilli()) : typed;
    }

    /** The typed value of a value read from the field's column. */
    public static Object fromColumn(FieldDefinition f, Object column) {
        if (column == null) {
            return f.type() == FieldType.CHECKBOX ? Boolean.FALSE : null;
        }
        return switch (f.type()) {
            case DATETIME -> column instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : column;
            case NUMBER, CURRENCY, PERCENT -> column instanceof BigDecimal b ? b
                    : column instanceof Number n ? new BigDecimal(n.toString()) : column;
            case CHECKBOX -> column instanceof Boolean ? column : Boolean.valueOf(column.toString());
            default -> column;
        };
    }

    /** The JSON value Salesforce answers with: date-times as {@code 2024-01-15T10:00:00.000+0000}, dates ISO. */
    public static Object toJson(FieldDefinition f, Object typed) {
        if (typed instanceof Instant i) {
            return DATETIME_OUT.format(i);
        }
        if (typed instanceof LocalDate d) {
            return d.toString();
        }
        if (typed instanceof BigDecimal b && f.type() == FieldType.NUMBER && b.scale() <= 0) {
            return b.longValueExact();
        }
        return typed;
    }

    /** The text kept in field history for a typed value; null stays null. */
    public static String toHistoryText(FieldDefinition f, Object typed) {
        Object json = toJson(f, typed);
        return json == null ? null : json instanceof BigDecimal b ? b.toPlainString() : json.toString();
    }

    private static String scalar(FieldDefinition f, Object json) {
        if (json instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return json.toString();
    }

    private static String text(FieldDefinition f, String s) {
        if (s.length() > f.length()) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            throw new ApiException(RestErrorCode.STRING_TOO_LONG, f.label() + ": data value too large: " + shown
                    + " (max length=" + f.length() + ")", List.of(f.name()));
        }
        return s;
    }

    private static String email(FieldDefinition f, String s) {
        if (!EMAIL.matcher(s).matches()) {
            throw new ApiException(RestErrorCode.INVALID_EMAIL_ADDRESS, f.label() + ": invalid email address: " + s,
                    List.of(f.name()));
        }
        return s;
    }

    private static String picklist(FieldDefinition f, String s) {
        for (String v : f.picklistValues()) {
            if (v.equals(s)) {
                return v;
            }
        }
        throw badPicklist(f, s);
    }

    private static String multiPicklist(FieldDefinition f, String s) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : s.split(";")) {
            String v = part.trim();
            if (!v.isEmpty()) {
                chosen.add(picklist(f, v));
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String v : f.picklistValues()) {
            if (chosen.contains(v)) {
                out.append(out.length() == 0 ? "" : ";").append(v);
            }
        }
        return text(f, out.toString());
    }

    private static ApiException badPicklist(FieldDefinition f, String s) {
        return new ApiException(RestErrorCode.INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST,
                f.label() + ": bad value for restricted picklist field: " + s, List.of(f.name()));
    }

    private static BigDecimal number(FieldDefinition f, Object json) {
        BigDecimal b;
        if (json instanceof BigDecimal d) {
            b = d;
        } else if (json instanceof Number n) {
            b = new BigDecimal(n.toString());
        } else if (json instanceof String s) {
            try {
                b = new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw parserError(f, "VALUE_STRING", s);
            }
        } else {
            throw parserError(f, token(json), String.valueOf(json));
        }
        // the digits before the point are read off the exponent first: 1e2147483647 would fail setScale, and
        // 1e3000000 would take seconds of CPU to scale; a value far below the last digit rounds to zero without it
        long integerDigits = (long) b.precision() - b.scale();
        if (integerDigits > f.precision() - f.scale() + 1) {
            throw outOfRange(f, b);
        }
        if (integerDigits < -f.scale() - 1) {
            return BigDecimal.ZERO.setScale(f.scale());
        }
        BigDecimal scaled = b.setScale(f.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > f.precision() - f.scale()) {
            throw outOfRange(f, b);
        }
        return scaled;
    }

    private static ApiException outOfRange(FieldDefinition f, BigDecimal b) {
        return new ApiException(RestErrorCode.NUMBER_OUTSIDE_VALID_RANGE, f.label() + ": number outside valid range: "
                + ((long) b.precision() - b.scale() > 40 || b.scale() > 40 ? b.toString() : b.toPlainString()),
                List.of(f.name()));
    }

    private static LocalDate date(FieldDefinition f, Object json) {
        if (json instanceof String s) {
            String v = s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s;
            if (DATE.matcher(v).matches()) {
                try {
                    return LocalDate.parse(v);
                } catch (DateTimeParseException e) {
                    // falls through to the refusal
                }
            }
            throw parserError(f, "VALUE_STRING", s);
        }
        throw parserError(f, token(json), String.valueOf(json));
    }

    /** Parses Salesforce's date-time forms: ISO with {@code Z}, {@code +02:00} or {@code +0200}; no offset is UTC. */
    public static Instant parseDateTime(String s) {
        var parsed = DATETIME_IN.parseBest(s.trim(), OffsetDateTime::from, java.time.LocalDateTime::from);
        return parsed instanceof OffsetDateTime o ? o.toInstant()
                : ((java.time.LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    private static Instant dateTime(FieldDefinition f, Object json) {
        if (json instanceof String s) {
            try {
                return parseDateTime(s);
            } catch (DateTimeParseException e) {
                if (DATE.matcher(s).matches()) {
                    return date(f, s).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                throw parserError(f, "VALUE_STRING", s);
            }
        }
        throw parserError(f, token(json), String.valueOf(json));
    }

    private static String id(FieldDefinition f, Object json) {
        if (json instanceof String s) {
            return SalesforceId.parse(s).map(SalesforceId::id18).orElseThrow(() -> new ApiException(
                    RestErrorCode.MALFORMED_ID, f.label() + ": id value of incorrect type: " + s,
                    List.of(f.name())));
        }
        throw parserError(f, token(json), String.valueOf(json));
    }

    private static String token(Object json) {
        return json instanceof Boolean ? "VALUE_" + json.toString().toUpperCase(java.util.Locale.ROOT)
                : json instanceof Number ? "VALUE_NUMBER" : "VALUE_STRING";
    }

    private static ApiException parserError(FieldDefinition f, String token, String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Cannot deserialize instance of "
                + f.type().describeName() + " from " + token + " value " + shown
                + " or request may be missing a required field at [field " + f.name() + "]", List.of(f.name()));
    }
}
