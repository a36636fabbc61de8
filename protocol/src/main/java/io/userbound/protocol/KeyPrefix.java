package io.userbound.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three-character key prefixes that start every Salesforce-style id and name its entity type.
 *
 * <p>Values follow Salesforce where Salesforce has the entity (for example {@code 00D} org, {@code 005} user).
 */
public enum KeyPrefix {
    ORGANIZATION("00D", "Organization"),
    USER("005", "User"),
    PROFILE("00e", "Profile"),
    PERMISSION_SET("0PS", "PermissionSet"),
    PERMISSION_SET_ASSIGNMENT("0Pa", "PermissionSetAssignment"),
    CONNECTED_APP("0H4", "ConnectedApplication"),
    CERTIFICATE("0P1", "Certificate"),
    SETUP_ENTITY_ACCESS("0J0", "SetupEntityAccess"),
    OAUTH_APPROVAL("0CQ", "OauthToken"),
    ACCESS_TOKEN("0Ai", "AccessToken"),
    LOGIN_HISTORY("0Ya", "LoginHistory"),
    SETUP_AUDIT_TRAIL("0Ym", "SetupAuditTrail"),
    USER_ROLE("00E", "UserRole"),
    CUSTOM_OBJECT("01I", "CustomObject"),
    CUSTOM_FIELD("00N", "CustomField"),
    OBJECT_PERMISSIONS("110", "ObjectPermissions"),
    FIELD_PERMISSIONS("01k", "FieldPermissions"),
    ACCOUNT("001", "Account"),
    CONTACT("003", "Contact"),
    OPPORTUNITY("006", "Opportunity"),
    FIELD_HISTORY("017", "History");

    private static final Map<String, KeyPrefix> BY_PREFIX =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(KeyPrefix::prefix, Function.identity()));

    private final String prefix;
    private final String sobjectType;

    KeyPrefix(String prefix, String sobjectType) {
        this.prefix = prefix;
        this.sobjectType = sobjectType;
    }

    /** The three-character prefix, case-sensitive. */
    public String prefix() {
        return prefix;
    }

    /** The sObject type name that ids with this prefix belong to. */
    public String sobjectType() {
        return sobjectType;
    }

    /**
     * The prefix of an id.
     *
     * @param id a 15- or 18-character id; may be {@code null}
     * @return the matching prefix, empty when the id is null, too short or of an unknown type
     */
    public static Optional<KeyPrefix> of(String id) {
        if (id == null || id.length() < 3) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_PREFIX.get(id.substring(0, 3)));
    }
}
