package io.userbound.store;

import java.util.List;

/**
 * The three audit tables that are chained, each with its content columns in the canonical order the MAC covers
 * (every column but the chain's own). Text columns hold strings, time columns epoch milliseconds.
 */
public enum AuditSource {
    LOGIN_HISTORY("LoginHistory", "login_history", List.of("id", "org_id", "user_id", "username", "app_id",
            "application", "consumer_key", "certificate_thumbprint", "source_ip", "login_url", "login_type",
            "login_sub_type", "user_agent", "reason", "detail", "login_time")),
    SETUP_AUDIT("SetupAuditTrail", "setup_audit", List.of("id", "org_id", "action", "section", "display",
            "created_by_id", "created_by_context", "created_date")),
    FIELD_HISTORY("FieldHistory", "field_history", List.of("id", "org_id", "object_name_lower", "parent_id", "field",
            "data_type", "old_value", "new_value", "created_by_id", "created_date", "consumer_key"));

    private final String apiName;
    private final String table;
    private final List<String> columns;

    AuditSource(String apiName, String table, List<String> columns) {
        this.apiName = apiName;
        this.table = table;
        this.columns = columns;
    }

    /** The name reports use: {@code LoginHistory}, {@code SetupAuditTrail}, {@code FieldHistory}. */
    public String apiName() {
        return apiName;
    }

    String table() {
        return table;
    }

    /** The content columns, in MAC order; the first is the row id. */
    List<String> columns() {
        return columns;
    }
}
