package io.userbound.records.admin;

import static io.userbound.records.admin.RecordsAdmin.*;

import io.userbound.core.ApiException;
import io.userbound.core.admin.Fields;
import io.userbound.protocol.RestErrorCode;
import io.userbound.records.meta.FieldDefinition;
import io.userbound.records.meta.FieldType;
import io.userbound.records.meta.SharingModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a custom object's or field's definition: API names, key prefixes, lengths, digits, picklist values
 * and default values, each refusing with the error code and message the admin API documents. Stateless.
 */
final class FieldRules {
    static final Pattern CUSTOM_NAME = Pattern.compile("^[A-Za-z](?:[A-Za-z0-9]|_(?![_]))*(?<!_)__c$");
    static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");
    static final String PREFIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

    private FieldRules() {
    }

    /** The first key prefix of {@code a00 ... azz} that {@code taken} lacks. */
    static String freeKeyPrefix(Set<String> taken) {
        for (int i = 0; i < PREFIX_DIGITS.length() * PREFIX_DIGITS.length(); i++) {
            String p = "a" + PREFIX_DIGITS.charAt(i / PREFIX_DIGITS.length())
                    + PREFIX_DIGITS.charAt(i % PREFIX_DIGITS.length());
            if (!taken.contains(p)) {
                return p;
            }
        }
        throw new ApiException(RestErrorCode.INVALID_OPERATION, "The org has used every custom object key prefix");
    }

    static String customName(String member, String name, RestErrorCode code) {
        if (!name.endsWith("__c")) {
            throw new ApiException(code, member + ": '" + name + "' must end in __c", List.of(member));
        }
        int stem = name.length() - 3;
        if (stem > MAX_NAME_STEM) {
            throw new ApiException(code, member + ": '" + name + "' is too long: at most " + MAX_NAME_STEM
                    + " characters before __c", List.of(member));
        }
        if (!CUSTOM_NAME.matcher(name).matches()) {
            throw new ApiException(code, member + ": '" + name + "' must start with a letter and hold only letters,"
                    + " digits and single underscores (not ending with one) before __c", List.of(member));
        }
        return name;
    }

    static SharingModel sharing(String value, SharingModel dflt) {
        if (value == null) {
            return dflt;
        }
        return SharingModel.parse(value).orElseThrow(() -> Fields.badValue("SharingModel", "'" + value
                + "' is not one of private, public-read, public-read-write"));
    }

    static int length(Integer requested, FieldType type) {
        if (type == FieldType.TEXT) {
            int n = requested == null ? MAX_TEXT_LENGTH : requested;
            if (n < 1 || n > MAX_TEXT_LENGTH) {
                throw Fields.badValue("Length", "a text field's length must be between 1 and " + MAX_TEXT_LENGTH);
            }
            return n;
        }
        if (type == FieldType.LONG_TEXT) {
            int n = requested == null ? 32_768 : requested;
            if (n < MIN_LONG_TEXT_LENGTH || n > MAX_LONG_TEXT_LENGTH) {
                throw Fields.badValue("Length", "a long text field's length must be between " + MIN_LONG_TEXT_LENGTH
                        + " and " + MAX_LONG_TEXT_LENGTH);
            }
            return n;
        }
        if (requested != null) {
            throw Fields.badValue("Length", "only text and long-text fields take a length, not " + type.cliName());
        }
        return FieldDefinition.of("X__c", type).build().length();
    }

    /** {precision, scale} of a number type, or null for other types. */
    static int[] digits(Integer precision, Integer scale, FieldType type) {
        if (!type.isNumeric()) {
            if (precision != null || scale != null) {
                throw Fields.badValue(precision != null ? "Precision" : "Scale",
                        "only number, currency and percent fields take precision and scale, not " + type.cliName());
            }
            return null;
        }
        int p = precision == null ? MAX_PRECISION : precision;
        if (p < 1 || p > MAX_PRECISION) {
            throw Fields.badValue("Precision", "must be between 1 and " + MAX_PRECISION);
        }
        int s = scale == null ? Math.min(p, type == FieldType.NUMBER ? 0 : 2) : scale;
        if (s < 0 || s > p) {
            throw Fields.badValue("Scale", "must be between 0 and the precision (" + p + ")");
        }
        return new int[] {p, s};
    }

    static List<String> picklistValues(List<String> values, FieldType type) {
        boolean picklist = type == FieldType.PICKLIST || type == FieldType.MULTI_PICKLIST;
        if (!picklist) {
            if (values != null) {
                throw Fields.badValue("PicklistValues", "only picklist fields take values, not " + type.cliName());
            }
            return List.of();
        }
        if (values == null || values.isEmpty()) {
            throw Fields.missing("PicklistValues");
        }
        if (values.size() > MAX_PICKLIST_VALUES) {
            throw Fields.badValue("PicklistValues", "at most " + MAX_PICKLIST_VALUES + " values");
        }
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v.isEmpty()) {
                throw Fields.badValue("PicklistValues", "a value may not be blank");
            }
            if (v.length() > MAX_TEXT_LENGTH) {
                throw Fields.tooLong("PicklistValues", MAX_TEXT_LENGTH);
            }
            if (v.indexOf(';') >= 0 || v.chars().anyMatch(Character::isISOControl)) {
                throw Fields.badValue("PicklistValues", "'" + v.replaceAll("\\p{Cntrl}", "?")
                        + "' may not hold ';' or control characters");
            }
            if (!seen.add(v.toLowerCase(Locale.ROOT))) {
                throw Fields.badValue("PicklistValues", "'" + v + "' is listed twice");
            }
        }
        return List.copyOf(values);
    }

    /** The default value in the type's canonical text form; checkboxes default to false. */
    static String defaultValue(String raw, FieldType type, int length, int[] digits, List<String> values) {
        if (raw == null) {
            return type == FieldType.CHECKBOX ? "false" : null;
        }
        String v = type.isText() ? raw : raw.strip();
        String bad = "'" + v + "' is not a valid " + type.cliName() + " value";
        switch (type) {
            case TEXT, LONG_TEXT -> {
                if (v.length() > length) {
                    throw Fields.tooLong("DefaultValue", length);
                }
                return v;
            }
            case EMAIL -> {
                if (!EMAIL.matcher(v).matches() || v.length() > length) {
                    throw Fields.badValue("DefaultValue", bad);
                }
                return v;
            }
            case NUMBER, CURRENCY, PERCENT -> {
                BigDecimal n;
                try {
                    n = new BigDecimal(v).setScale(digits[1], RoundingMode.UNNECESSARY);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw Fields.badValue("DefaultValue", bad + " with at most " + digits[1] + " decimals");
                }
                if (n.precision() - n.scale() > digits[0] - digits[1]) {
                    throw Fields.badValue("DefaultValue", "'" + v + "' has more than " + (digits[0] - digits[1])
                            + " digits before the decimal point");
                }
                return n.toPlainString();
            }
            case CHECKBOX -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw Fields.badValue("DefaultValue", bad + ": use true or false");
                }
                return v.toLowerCase(Locale.ROOT);
            }
            case DATE -> {
                try {
                    return LocalDate.parse(v).toString();
                } catch (DateTimeParseException e) {
                    throw Fields.badValue("DefaultValue", bad + ": use YYYY-MM-DD");
                }
            }
            case DATETIME -> {
                try {
                    return OffsetDateTime.parse(v).toInstant().truncatedTo(ChronoUnit.MILLIS).toString();
                } catch (DateTimeParseException e) {
                    throw Fields.badValue("DefaultValue", bad + ": use an ISO 8601 time such as "
                            + "2026-01-31T12:00:00Z");
                }
            }
            case PICKLIST -> {
                if (!values.contains(v)) {
                    throw Fields.badValue("DefaultValue", "'" + v + "' is not one of the picklist values");
                }
                return v;
            }
            case MULTI_PICKLIST -> {
                Set<String> chosen = new LinkedHashSet<>();
                for (String part : v.split(";", -1)) {
                    if (!values.contains(part) || !chosen.add(part)) {
                        throw Fields.badValue("DefaultValue", "'" + part + "' is not one of the picklist values or is"
                                + " repeated");
                    }
                }
                return String.join(";", chosen);
            }
            default -> throw Fields.badValue("DefaultValue", type.cliName() + " fields take no default value");
        }
    }
}
