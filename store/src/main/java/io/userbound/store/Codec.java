package io.userbound.store;

import io.userbound.core.model.SystemPermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** Sets stored as one space-separated VARCHAR column, sorted so equal sets store equal text. */
final class Codec {
    private Codec() {
    }

    static String joinStrings(Set<String> values) {
        if (values.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String v : new TreeSet<>(values)) {
            if (v.isEmpty() || v.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("a set element must be non-empty and hold no space: '" + v + "'");
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    static Set<String> splitStrings(String text) {
        if (text == null || text.isEmpty()) {
            return Set.of();
        }
        return Set.of(text.split(" "));
    }

    static String joinPermissions(Set<SystemPermission> permissions) {
        if (permissions.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (SystemPermission p : EnumSet.copyOf(permissions)) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.name());
        }
        return sb.toString();
    }

    static Set<SystemPermission> splitPermissions(String text) {
        EnumSet<SystemPermission> out = EnumSet.noneOf(SystemPermission.class);
        if (text != null && !text.isEmpty()) {
            for (String name : text.split(" ")) {
                out.add(SystemPermission.valueOf(name));
            }
        }
        return out;
    }
}
