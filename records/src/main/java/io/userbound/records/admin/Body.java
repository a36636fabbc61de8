package io.userbound.records.admin;

import io.userbound.core.ApiException;
import io.userbound.protocol.RestErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members of one decoded JSON request body, checked against the members an operation accepts (matched
 * case-insensitively, kept under their canonical spelling; an {@code attributes} member is ignored).
 */
final class Body {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Body() {
    }

    /** @throws ApiException {@code INVALID_FIELD} naming the first member that is not accepted */
    static Body read(String what, Map<String, Object> body, Collection<String> accepted) {
        Map<String, String> canonical = new LinkedHashMap<>();
        accepted.forEach(n -> canonical.put(n.toLowerCase(Locale.ROOT), n));
        Body out = new Body();
        if (body == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if ("attributes".equals(e.getKey())) {
                continue;
            }
            String name = canonical.get(e.getKey().toLowerCase(Locale.ROOT));
            if (name == null) {
                throw new ApiException(RestErrorCode.INVALID_FIELD, "No such member '" + e.getKey() + "' in a "
                        + what + " request; accepted: " + String.join(", ", accepted), List.of(e.getKey()));
            }
            if (out.values.containsKey(name)) {
                throw new ApiException(RestErrorCode.JSON_PARSER_ERROR, "Duplicate member " + name, List.of(name));
            }
            out.values.put(name, e.getValue());
        }
        return out;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The trimmed string, or null when absent, null or blank. */
    String string(String name) {
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

    /** The string without trimming (a default value may keep its spaces), or null when absent or null. */
    String rawString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string");
        }
        return s;
    }

    String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw missing(name);
        }
        return s;
    }

    /** The boolean, or {@code dflt} when absent or null. */
    boolean bool(String name, boolean dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(name, "true or false");
        }
        return b;
    }

    /** The boolean, or null when absent or null. */
    Boolean optionalBool(String name) {
        return values.get(name) == null ? null : bool(name, false);
    }

    /** The whole number, or null when absent or null. */
    Integer integer(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw wrongType(name, "a whole number");
        }
        long n = ((Number) v).longValue();
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw badValue(name, n + " is out of range");
        }
        return (int) n;
    }

    /** The array of strings (each trimmed), or null when absent or null. */
    List<String> strings(String name) {
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

    static ApiException missing(String name) {
        return new ApiException(RestErrorCode.REQUIRED_FIELD_MISSING, "Required fields are missing: [" + name + "]",
                List.of(name));
    }

    static ApiException badValue(String name, String message) {
        return new ApiException(RestErrorCode.FIELD_INTEGRITY_EXCEPTION, name + ": " + message, List.of(name));
    }

    static ApiException tooLong(String name, int max) {
        return new ApiException(RestErrorCode.STRING_TOO_LONG,
                name + ": data value too large (max length=" + max + ")", List.of(name));
    }

    private static ApiException wrongType(String name, String expected) {
        return new ApiException(RestErrorCode.JSON_PARSER_ERROR, name + ": expected " + expected, List.of(name));
    }
}
