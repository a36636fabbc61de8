package io.userbound.core.admin;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members of one JSON request body, checked against the fields an operation accepts. Names match
 * case-insensitively (as Salesforce field names do) and are kept under their canonical spelling; the {@code attributes}
 * member that Salesforce records carry is ignored.
 */
public final class Fields {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Fields() {
    }

    /**
     * Reads the body of an admin request that is not an sObject: an unknown member is {@code INVALID_FIELD} with a
     * message that names the accepted members.
     *
     * @param what the request, such as "custom field"
     */
    public static Fields readRequest(String what, Map<String, Object> body, Collection<String> accepted) {
        Map<String, String> canonical = new HashMap<>();
        accepted.forEach(n -> canonical.put(n.toLowerCase(Locale.ROOT), n));
        if (body != null) {
            for (String key : body.keySet()) {
                if (!"attributes".equals(key) && !canonical.containsKey(key.toLowerCase(Locale.ROOT))) {
                    throw new ApiException(RestErrorCode.INVALID_FIELD, "No such member '" + key + "' in a " + what
                            + " request; accepted: " + String.join(", ", accepted), List.of(key));
                }
            }
        }
        return read(what, body, accepted);
    }

    /** The boolean value, or {@code dflt} when absent or null. */
    public boolean bool(String name, boolean dflt) {
        Boolean b = bool(name);
        return b == null ? dflt : b;
    }

    /** The whole-number value within {@code int}, or null when absent or null. */
    public Integer intValue(String name) {
        Long n = integer(name);
        if (n == null) {
            return null;
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw badValue(name, n + " is out of range");
        }
        return n.intValue();
    }

    /**
     * @param body the decoded JSON object (maps, lists, strings, numbers, booleans, nulls); may be null for none
     * @throws ApiException {@code INVALID_FIELD} naming the first member that is not accepted
     */
    public static Fields read(String sobjectType, Map<String, Object> body, Collection<String> accepted) {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (String name : accepted) {
            canonical.put(name.toLowerCase(Locale.ROOT), name);
        }
        Fields out = new Fields();
        if (body == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            if ("attributes".equals(key)) {
                continue;
            }
            String name = canonical.get(key.toLowerCase(Locale.ROOT));
            if (name == null) {
                throw new ApiException(RestErrorCode.INVALID_FIELD,
                        "No such column '" + key + "' on sobject of type " + sobjectType, List.of(key));
            }
            if (out.values.containsKey(name)) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Duplicate field " + name, List.of(name));
            }
            out.values.put(name, e.getValue());
        }
        return out;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The string value trimmed, or null when absent, null or blank. */
    public String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string");
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** @throws ApiException {@code REQUIRED_FIELD_MISSING} when absent, null or blank */
    public String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw missing(name);
        }
        return s;
    }

    /** The string value without trimming (for PEM text and the like), or null. */
    public String rawString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string");
        }
        return s;
    }

    /** The boolean value, or null when absent or null. */
    public Boolean bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(name, "true or false");
        }
        return b;
    }

    /** The whole-number value, or null when absent or null. */
    public Long integer(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw wrongType(name, "a whole number");
        }
        return ((Number) v).longValue();
    }

    /** The array of strings, or null when absent or null. */
    public List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(name, "an array of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw wrongType(name, "an array of strings");
            }
            out.add(s.strip());
        }
        return out;
    }

    public static ApiException missing(String name) {
        return new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: [" + name + "]",
                List.of(name));
    }

    public static ApiException tooLong(String name, int max) {
        return new ApiException(RestErrorCode.STRING_TOO_LONG,
                name + ": data value too large (max length=" + max + ")", List.of(name));
    }

    public static ApiException badValue(String name, String message) {
        return new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, name + ": " + message, List.of(name));
    }

    private static ApiException wrongType(String name, String expected) {
        return new ApiException(RestErrorCode.JSON_PARSER_ERROR, name + ": expected " + expected, List.of(name));
    }
}
