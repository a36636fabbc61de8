package io.userbound.records.soql;

/** The optional {@code WITH} security clause. */
public enum SecurityMode {
    /** No WITH clause. */
    NONE,
    /** {@code WITH SECURITY_ENFORCED}: fail on inaccessible fields or objects instead of omitting them. */
    SECURITY_ENFORCED,
    /** {@code WITH USER_MODE}: enforce the running user's object, field and sharing access. */
    USER_MODE
}
