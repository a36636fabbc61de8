package io.userbound.core.model;

/** The kind of user; it decides how, and whether, the user may log in. */
public enum UserType {
    /** A person; may use every grant the user's permissions allow. */
    STANDARD("Standard"),
    /** API only: never an interactive login; the natural run-as user of an integration; costs nothing. */
    INTEGRATION("CloudIntegrationUser"),
    /** The org's own actor for jobs (one per org); never logs in. */
    AUTOMATED_PROCESS("AutomatedProcess");

    private final String salesforceValue;

    UserType(String salesforceValue) {
        this.salesforceValue = salesforceValue;
    }

    /** The value of the {@code User.UserType} field as Salesforce shows it. */
    public String salesforceValue() {
        return salesforceValue;
    }

    /** The CLI and admin API spelling: {@code standard}, {@code integration}, {@code automated-process}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses a CLI name or a Salesforce value, case-insensitively. */
    public static java.util.Optional<UserType> parse(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        for (UserType t : values()) {
            if (t.cliName().equalsIgnoreCase(value) || t.salesforceValue.equalsIgnoreCase(value)
                    || t.name().equalsIgnoreCase(value)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
