package io.userbound.records.meta;

import java.util.Locale;
import java.util.Optional;

/**
 * An object's organization-wide default: the baseline record access every user with object access has, before
 * ownership, the role hierarchy and share rows widen it. {@code READ_ONLY_SETUP} marks setup objects, whose rows are
 * governed by system permissions instead.
 */
public enum SharingModel {
    PRIVATE("Private", "private"),
    PUBLIC_READ("Read", "public-read"),
    PUBLIC_READ_WRITE("ReadWrite", "public-read-write"),
    READ_ONLY_SETUP("ReadOnly", "setup");

    private final String apiName;
    private final String cliName;

    SharingModel(String apiName, String cliName) {
        this.apiName = apiName;
        this.cliName = cliName;
    }

    /** The value of {@code sharingModel} in Salesforce metadata, such as {@code ReadWrite}. */
    public String apiName() {
        return apiName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses {@code private}, {@code public-read}, {@code public-read-write} or the API names; never the setup value. */
    public static Optional<SharingModel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SharingModel m : values()) {
            if (m != READ_ONLY_SETUP && (m.cliName.equals(v) || m.apiName.toLowerCase(Locale.ROOT).equals(v)
                    || m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(v))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
