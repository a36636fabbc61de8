package io.userbound.core.admin;

import io.userbound.core.ApiException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A JSON request body read into {@link Member}s, the way the typed admin commands are made from it: the checks of
 * {@link Fields#read} (unknown or duplicate members) and of each member's type, every error kept to be thrown when a
 * rule reads the member concerned. A refused body fails every member with the refusal.
 */
public final class RequestBody {
    private final Fields fields;
    private final ApiException refusal;

    private RequestBody(Fields fields, ApiException refusal) {
        this.fields = fields;
        this.refusal = refusal;
    }

    /**
     * @param sobjectType the sObject the body describes, named in the refusal of an unknown member
     * @param body the decoded JSON object; may be null for none
     */
    public static RequestBody read(String sobjectType, Map<String, Object> body, Collection<String> accepted) {
        try {
            return new RequestBody(Fields.read(sobjectType, body, accepted), null);
        } catch (ApiException e) {
            return new RequestBody(null, e);
        }
    }

    /** Whether the body holds no member: a PATCH that changes nothing; fails with the body's refusal. */
    public Member<Boolean> empty() {
        return refusal != null ? Member.failed("", refusal) : Member.of("", fields.isEmpty());
    }

    /** A string member trimmed, blank read as null ({@link Fields#string}). */
    public Member<String> string(String name) {
        return member(name, Fields::string);
    }

    /** A string member as sent ({@link Fields#rawString}), for PEM text. */
    public Member<String> rawString(String name) {
        return member(name, Fields::rawString);
    }

    public Member<Boolean> bool(String name) {
        return member(name, Fields::bool);
    }

    /** A whole-number member ({@link Fields#integer}). */
    public Member<Long> integer(String name) {
        return member(name, Fields::integer);
    }

    /** An array of strings, each trimmed ({@link Fields#strings}). */
    public Member<List<String>> strings(String name) {
        return member(name, Fields::strings);
    }

    private <T> Member<T> member(String name, BiFunction<Fields, String, T> read) {
        if (refusal != null) {
            return Member.failed(name, refusal);
        }
        if (!fields.has(name)) {
            return Member.absent(name);
        }
        try {
            return Member.of(name, read.apply(fields, name));
        } catch (ApiException e) {
            return Member.failed(name, e);
        }
    }
}
