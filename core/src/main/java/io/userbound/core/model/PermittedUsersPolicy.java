package io.userbound.core.model;

import java.util.Optional;

/** Who may get tokens from a connected app without an interactive approval. */
public enum PermittedUsersPolicy {
    /**
     * "Admin approved users are pre-authorized": the user's profile or one of the user's permission sets must grant
     * the app.
     */
    ADMIN_APPROVED("admin-approved", "AdminApprovedPreAuthorized"),
    /** "All users may self-authorize": the user must have approved the app before. */
    SELF_AUTHORIZE("self-authorize", "AllSelfAuthorized");

    private final String cliName;
    private final String salesforceValue;

    PermittedUsersPolicy(String cliName, String salesforceValue) {
        this.cliName = cliName;
        this.salesforceValue = salesforceValue;
    }

    public String cliName() {
        return cliName;
    }

    public String salesforceValue() {
        return salesforceValue;
    }

    /** Parses the CLI name, the Salesforce value or the enum name, case-insensitively. */
    public static Optional<PermittedUsersPolicy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (PermittedUsersPolicy p : values()) {
            if (p.cliName.equalsIgnoreCase(value) || p.salesforceValue.equalsIgnoreCase(value)
                    || p.name().equalsIgnoreCase(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
