package io.userbound.records.meta;

import java.util.Locale;
import java.util.Optional;

/**
 * The field types of the record API, each with its Salesforce describe name ({@code soapType} aside) and the Java
 * type its values take inside Userbound: text types are {@link String}, numbers {@link java.math.BigDecimal},
 * checkboxes {@link Boolean}, dates {@link java.time.LocalDate}, date-times {@link java.time.Instant}, ids and
 * lookups 18-character id strings.
 */
public enum FieldType {
    ID("id", "id"),
    TEXT("string", "text"),
    LONG_TEXT("textarea", "long-text"),
    NUMBER("double", "number"),
    CURRENCY("currency", "currency"),
    PERCENT("percent", "percent"),
    CHECKBOX("boolean", "checkbox"),
    DATE("date", "date"),
    DATETIME("datetime", "datetime"),
    EMAIL("email", "email"),
    PICKLIST("picklist", "picklist"),
    MULTI_PICKLIST("multipicklist", "multi-picklist"),
    LOOKUP("reference", "lookup");

    private final String describeName;
    private final String cliName;

    FieldType(String describeName, String cliName) {
        this.describeName = describeName;
        this.cliName = cliName;
    }

    /** The {@code type} of the field in a describe result, such as {@code string} or {@code reference}. */
    public String describeName() {
        return describeName;
    }

    /** The name the admin surface and the CLI use, such as {@code long-text}. */
    public String cliName() {
        return cliName;
    }

    public boolean isText() {
        return this == TEXT || this == LONG_TEXT || this == EMAIL || this == PICKLIST || this == MULTI_PICKLIST;
    }

    public boolean isNumeric() {
        return this == NUMBER || this == CURRENCY || this == PERCENT;
    }

    public boolean isIdLike() {
        return this == ID || this == LOOKUP;
    }

    /** Parses a CLI name, a describe name or an enum name, case-insensitively; {@code ID} is never parsed. */
    public static Optional<FieldType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (FieldType t : values()) {
            if (t != ID && (t.cliName.equals(v) || t.describeName.equals(v) || t.name().toLowerCase(Locale.ROOT)
                    .replace('_', '-').equals(v) || t.cliName.replace("-", "").equals(v))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
