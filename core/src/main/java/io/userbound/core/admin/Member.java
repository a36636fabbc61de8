package io.userbound.core.admin;

import io.userbound.core.ApiException;

/**
 * One member of an admin request body, read as its type: absent, present with a value (null for JSON null or, for a
 * string, a blank one), or present with the error reading it gave. That error is thrown when a rule reads the
 * member, not when the body is read, so that a body's errors surface in the order the rules read its members and
 * after the checks that come before the body (the caller's permissions, the record in the path), as they always did.
 *
 * @param <T> the member's type
 */
public final class Member<T> {
    private final String name;
    private final boolean present;
    private final T value;
    private final ApiException error;

    private Member(String name, boolean present, T value, ApiException error) {
        this.name = name;
        this.present = present;
        this.value = value;
        this.error = error;
    }

    /** A member the body does not hold. */
    public static <T> Member<T> absent(String name) {
        return new Member<>(name, false, null, null);
    }

    /** A member the body holds; {@code value} may be null (a JSON null: a PATCH that clears). */
    public static <T> Member<T> of(String name, T value) {
        return new Member<>(name, true, value, null);
    }

    /** A member whose reading failed (or a body that was refused); {@link #value} throws {@code error}. */
    public static <T> Member<T> failed(String name, ApiException error) {
        return new Member<>(name, true, null, error);
    }

    /** The member's canonical name, such as {@code "LastName"}. */
    public String name() {
        return name;
    }

    /** Whether the body holds the member, even as null or with a value of the wrong type. */
    public boolean present() {
        return present;
    }

    /**
     * @return the value; null when absent or null
     * @throws ApiException the error reading the member gave ({@code JSON_PARSER_ERROR} for a wrong type, or the
     *         refusal of the whole body)
     */
    public T value() {
        if (error != null) {
            throw error;
        }
        return value;
    }

    /** @throws ApiException {@code REQUIRED_FIELD_MISSING} when absent or null, or the error of {@link #value} */
    public T required() {
        T v = value();
        if (v == null) {
            throw Fields.missing(name);
        }
        return v;
    }
}
