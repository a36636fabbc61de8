package io.userbound.records.port;

import java.util.Locale;
import java.util.Optional;

/** Field-level security ({@code FieldPermissions}) for one field: none, read, or read and edit. */
public enum FieldAccess {
    NONE,
    READ,
    EDIT;

    public boolean canRead() {
        return this != NONE;
    }

    public boolean canEdit() {
        return this == EDIT;
    }

    /** The wider of the two: a user's access is the union over the profile and permission sets. */
    public FieldAccess union(FieldAccess other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** Parses {@code none}, {@code read} or {@code edit}, case-insensitively. */
    public static Optional<FieldAccess> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
