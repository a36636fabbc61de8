package io.userbound.records.soql;

/**
 * The Salesforce REST {@code errorCode} values a SOQL query can fail with. The names are the wire values.
 */
public enum SoqlErrorCode {
    /** The text is not a query of the supported SOQL subset (syntax error or unsupported construct). */
    MALFORMED_QUERY,
    /** A field path names a field that does not exist or is not visible (raised by the compiler). */
    INVALID_FIELD,
    /** The FROM object does not exist or is not queryable (raised by the compiler). */
    INVALID_TYPE,
    /** A value does not suit its field, or an operator does not suit the field's type (raised by the compiler). */
    INVALID_QUERY_FILTER_OPERATOR
}
