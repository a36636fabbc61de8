package io.userbound.core.port;

/** Thrown by a store when an insert or update would break a uniqueness rule. Nothing was written. */
public final class DuplicateValueException extends RuntimeException {
    private final String field;

    public DuplicateValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field (API name) whose value is taken, such as {@code Username}. */
    public String field() {
        return field;
    }
}
