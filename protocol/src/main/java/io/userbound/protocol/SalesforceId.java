package io.userbound.protocol;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Salesforce-style record ids: 15 case-sensitive characters, or 18 characters that add a case-insensitive
 * checksum suffix.
 *
 * <p>The suffix encodes, for each block of five characters of the 15-character id, which characters are
 * upper-case letters: bit {@code i} is set when character {@code i} of the block is in {@code A-Z}; the five-bit value
 * indexes {@code A-Z0-5}. An 18-character id therefore survives case-insensitive systems.
 *
 * <p>Instances are immutable and always hold the 15-character form; equality ignores the suffix.
 */
public final class SalesforceId implements Comparable<SalesforceId> {

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private final String id15;

    private SalesforceId(String id15) {
        this.id15 = id15;
    }

    /**
     * Parses a 15- or 18-character id.
     *
     * @param value the id; may be {@code null}
     * @return the id, or empty when the value is null, of the wrong length, holds characters outside
     *     {@code [A-Za-z0-9]}, or is 18 characters with a suffix that does not match. An 18-character id is read in any
     *     case, as Salesforce reads it: its suffix says which letters of the 15 are upper-case.
     */
    public static Optional<SalesforceId> parse(String value) {
        if (value == null || (value.length() != 15 && value.length() != 18)) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!ok) {
                return Optional.empty();
            }
        }
        String id15 = value.length() == 18 ? withCaseOf(value) : value;
        if (id15 == null || (value.length() == 18 && !suffix(id15).equalsIgnoreCase(value.substring(15)))) {
            return Optional.empty();
        }
        return Optional.of(new SalesforceId(id15));
    }

    /**
     * Builds an id from its 15-character form.
     *
     * @throws IllegalArgumentException when the value is not a valid id
     */
    public static SalesforceId of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not a Salesforce id: " + value));
    }

    /**
     * The first 15 characters of an 18-character id with each letter's case restored from the suffix; null when the
     * suffix has a character outside its alphabet or marks a digit as upper-case.
     */
    private static String withCaseOf(String id18) {
        char[] out = new char[15];
        for (int block = 0; block < 3; block++) {
            int bits = SUFFIX_ALPHABET.indexOf(Character.toUpperCase(id18.charAt(15 + block)));
            if (bits < 0) {
                return null;
            }
            for (int i = 0; i < 5; i++) {
                char c = id18.charAt(block * 5 + i);
                boolean upper = (bits & (1 << i)) != 0;
                if (upper && !Character.isLetter(c)) {
                    return null;
                }
                out[block * 5 + i] = upper ? Character.toUpperCase(c) : Character.toLowerCase(c);
            }
        }
        return new String(out);
    }

    /** The checksum suffix of a 15-character id. */
    static String suffix(String id15) {
        StringBuilder out = new StringBuilder(3);
        for (int block = 0; block < 3; block++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(block * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return out.toString();
    }

    /** Converts any valid 15- or 18-character id to its 18-character form; other input is returned unchanged. */
    public static String to18(String value) {
        return parse(value).map(SalesforceId::id18).orElse(value);
    }

    /** Converts any valid 15- or 18-character id to its 15-character form; other input is returned unchanged. */
    public static String to15(String value) {
        return parse(value).map(SalesforceId::id15).orElse(value);
    }

    public String id15() {
        return id15;
    }

    public String id18() {
        return id15 + suffix(id15);
    }

    /** The entity type named by the prefix, if known. */
    public Optional<KeyPrefix> keyPrefix() {
        return KeyPrefix.of(id15);
    }

    /** True when this id starts with the given prefix. */
    public boolean is(KeyPrefix prefix) {
        return id15.startsWith(prefix.prefix());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SalesforceId other && other.id15.equals(id15);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id15);
    }

    @Override
    public int compareTo(SalesforceId o) {
        return id15.compareTo(o.id15);
    }

    @Override
    public String toString() {
        return id18();
    }

    /** A case-insensitive key for an 18-character id, for logs and lookups where case is lost. */
    public String caseInsensitiveKey() {
        return id18().toLowerCase(Locale.ROOT);
    }
}
