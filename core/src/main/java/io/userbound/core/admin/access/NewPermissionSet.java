package io.userbound.core.admin.access;

import static io.userbound.core.admin.AdminSupport.maxLength;

import io.userbound.core.admin.Fields;
import io.userbound.core.model.SystemPermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A permission set to create ({@code POST sobjects/PermissionSet}): an API name, a label (default the name) and the
 * system permissions set to true, its fields checked.
 *
 * @param name never null
 * @param label never null
 * @param permissions never null
 */
public record NewPermissionSet(String name, String label, EnumSet<SystemPermission> permissions) {
    private static final Pattern API_NAME = Pattern.compile("^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$");
    private static final int MAX_NAME = 80;
    private static final List<String> FIELDS = fields();

    /**
     * Reads and checks a {@code POST sobjects/PermissionSet} body.
     *
     * @throws io.userbound.core.ApiException naming the first field that is unknown, missing or wrong
     */
    public static NewPermissionSet from(Map<String, Object> body) {
        Fields f = Fields.read("PermissionSet", body, FIELDS);
        String name = maxLength("Name", f.requiredString("Name"), MAX_NAME);
        if (!API_NAME.matcher(name).matches() || name.endsWith("_")) {
            throw Fields.badValue("Name", "'" + name + "' must start with a letter and hold only letters, digits and"
                    + " single underscores, not ending with one");
        }
        String label = maxLength("Label", Optional.ofNullable(f.string("Label")).orElse(name), MAX_NAME);
        EnumSet<SystemPermission> permissions = EnumSet.noneOf(SystemPermission.class);
        for (SystemPermission p : SystemPermission.values()) {
            if (Boolean.TRUE.equals(f.bool(p.fieldName()))) {
                permissions.add(p);
            }
        }
        return new NewPermissionSet(name, label, permissions);
    }

    private static List<String> fields() {
        List<String> out = new ArrayList<>(List.of("Name", "Label"));
        for (SystemPermission p : SystemPermission.values()) {
            out.add(p.fieldName());
        }
        return List.copyOf(out);
    }
}
