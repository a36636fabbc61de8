package io.userbound.core.model;

import java.util.Locale;
import java.util.Optional;

/** System permissions granted by profiles and permission sets. A user holds the union of them. */
public enum SystemPermission {
    /** May use the API at all; required for every token. */
    API_ENABLED("ApiEnabled"),
    /** API only: no interactive login. */
    API_USER_ONLY("ApiUserOnly"),
    /** Create and edit users, permission sets and their assignments; read login history. */
    MANAGE_USERS("ManageUsers"),
    /** Create and edit connected apps, their certificates and access grants. */
    CUSTOMIZE_APPLICATION("CustomizeApplication"),
    /** Read setup: profiles, permission sets, apps, the setup audit trail. */
    VIEW_SETUP("ViewSetup"),
    VIEW_ALL_DATA("ViewAllData"),
    MODIFY_ALL_DATA("ModifyAllData"),
    /**
     * A connected app whose run-as user holds this may introspect the access tokens of every app of its org (RFC
     * 7662), not only its own. Userbound's own permission: Salesforce authorises "introspect all tokens" per app.
     */
    VIEW_ALL_TOKENS("ViewAllTokens");

    private final String apiName;

    SystemPermission(String apiName) {
        this.apiName = apiName;
    }

    /** The Salesforce API name, such as {@code ApiEnabled}. */
    public String apiName() {
        return apiName;
    }

    /** The permission's field on {@code Profile} and {@code PermissionSet}, such as {@code PermissionsApiEnabled}. */
    public String fieldName() {
        return "Permissions" + apiName;
    }

    /** Parses an API name ({@code ApiEnabled}), a field name ({@code PermissionsApiEnabled}) or an enum name. */
    public static Optional<SystemPermission> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (SystemPermission p : values()) {
            if (p.apiName.equalsIgnoreCase(value) || p.fieldName().equalsIgnoreCase(value)
                    || p.name().equalsIgnoreCase(value.replace('-', '_').toUpperCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
