package io.userbound.records.meta;

import io.userbound.core.model.LoginReason;
import io.userbound.core.model.SystemPermission;
import java.util.ArrayList;
import java.util.List;

/**
 * Userbound's own setup tables as read-only sObjects, so SOQL and Salesforce tools can read them: {@code
 * Organization}, {@code User}, {@code UserRole}, {@code Profile}, {@code PermissionSet}, {@code
 * PermissionSetAssignment}, {@code ConnectedApplication}, {@code LoginHistory} and {@code SetupAuditTrail}. Field names
 * follow Salesforce's object reference; values are mapped from the stored form by SQL expressions.
 */
public final class SetupObjects {
    private SetupObjects() {
    }

    public static List<ObjectDefinition> all() {
        return List.of(organization(), user(), userRole(), profile(), permissionSet(), permissionSetAssignment(),
                connectedApplication(), loginHistory(), setupAuditTrail());
    }

    private static ObjectDefinition setup(String name, String plural, String prefix, String table, String orgColumn,
            SystemPermission readPermission, String ownRowsColumn, List<FieldDefinition> fields) {
        return new ObjectDefinition(null, name, labelOf(name), plural, prefix, ObjectDefinition.Category.SETUP,
                false, SharingModel.READ_ONLY_SETUP, table, orgColumn, fields, null, readPermission, ownRowsColumn);
    }

    private static String labelOf(String name) {
        return Labels.fromApiName(name);
    }

    private static FieldDefinition col(String name, FieldType type, String column) {
        return FieldDefinition.of(name, type).column(column).system().build();
    }

    private static FieldDefinition calc(String name, FieldType type, String expression) {
        return FieldDefinition.of(name, type).calculated(expression).build();
    }

    private static FieldDefinition ref(String name, String column, String target, String relationship) {
        return FieldDefinition.of(name, FieldType.LOOKUP).column(column).lookup(target, relationship).system().build();
    }

    private static FieldDefinition id() {
        return col("Id", FieldType.ID, "id");
    }

    static ObjectDefinition organization() {
        return setup("Organization", "Organizations", "00D", "orgs", "id", null, null, List.of(
                id(),
                col("Name", FieldType.TEXT, "name"),
                col("InstanceName", FieldType.TEXT, "instance_name"),
                calc("IsSandbox", FieldType.CHECKBOX, "FALSE"),
                calc("TrialExpirationDate", FieldType.DATETIME, "CAST(NULL AS BIGINT)"),
                calc("NamespacePrefix", FieldType.TEXT, "CAST(NULL AS VARCHAR(15))"),
                calc("OrganizationType", FieldType.TEXT, "'Enterprise Edition'"),
                col("CreatedDate", FieldType.DATETIME, "created_date")));
    }

    static ObjectDefinition user() {
        return setup("User", "Users", "005", "users", "org_id", null, null, List.of(
                id(),
                FieldDefinition.of("Username", FieldType.TEXT).column("username").system().storedLowerCase().build(),
                col("FirstName", FieldType.TEXT, "first_name"),
                col("LastName", FieldType.TEXT, "last_name"),
                calc("Name", FieldType.TEXT, "TRIM(COALESCE(%1$s.first_name, '') || ' ' || %1$s.last_name)"),
                calc("Alias", FieldType.TEXT, "CASE WHEN %1$s.user_type = 'AUTOMATED_PROCESS' THEN 'autoproc' ELSE "
                        + "LOWER(SUBSTRING(COALESCE(%1$s.first_name, ''), 1, 1) || SUBSTRING(%1$s.last_name, 1, 4))"
                        + " END"),
                col("Email", FieldType.EMAIL, "email"),
                col("IsActive", FieldType.CHECKBOX, "active"),
                calc("UserType", FieldType.PICKLIST, "CASE %1$s.user_type WHEN 'AUTOMATED_PROCESS' THEN "
                        + "'AutomatedProcess' ELSE 'Standard' END"),
                calc("IsApiOnly", FieldType.CHECKBOX, "(%1$s.user_type = 'INTEGRATION')"),
                ref("ProfileId", "profile_id", "Profile", "Profile"),
                ref("UserRoleId", "role_id", "UserRole", "UserRole"),
                col("CreatedDate", FieldType.DATETIME, "created_date"),
                col("LastModifiedDate", FieldType.DATETIME, "last_modified_date")));
    }

    static ObjectDefinition userRole() {
        return setup("UserRole", "Roles", "00E", "user_roles", "org_id", null, null, List.of(
                id(),
                col("Name", FieldType.TEXT, "name"),
                calc("DeveloperName", FieldType.TEXT, "%1$s.name"),
                ref("ParentRoleId", "parent_role_id", "UserRole", "ParentRole")));
    }

    private static List<FieldDefinition> permissionFields() {
        List<FieldDefinition> out = new ArrayList<>();
        for (SystemPermission p : SystemPermission.values()) {
            out.add(calc(p.fieldName(), FieldType.CHECKBOX,
                    "((' ' || %1$s.permissions || ' ') LIKE '%% " + p.name() + " %%')"));
        }
        return out;
    }

    static ObjectDefinition profile() {
        List<FieldDefinition> fields = new ArrayList<>(List.of(id(), col("Name", FieldType.TEXT, "name"),
                col("CreatedDate", FieldType.DATETIME, "created_date")));
        fields.addAll(permissionFields());
        return setup("Profile", "Profiles", "00e", "profiles", "org_id", SystemPermission.VIEW_SETUP, null, fields);
    }

    static ObjectDefinition permissionSet() {
        List<FieldDefinition> fields = new ArrayList<>(List.of(id(), col("Name", FieldType.TEXT, "name"),
                col("Label", FieldType.TEXT, "label"), calc("IsOwnedByProfile", FieldType.CHECKBOX, "FALSE"),
                col("CreatedDate", FieldType.DATETIME, "created_date")));
        fields.addAll(permissionFields());
        return setup("PermissionSet", "Permission Sets", "0PS", "permission_sets", "org_id",
                SystemPermission.VIEW_SETUP, null, fields);
    }

    static ObjectDefinition permissionSetAssignment() {
        return setup("PermissionSetAssignment", "Permission Set Assignments", "0Pa", "permission_set_assignments",
                "org_id", SystemPermission.VIEW_SETUP, "assignee_id", List.of(
                        id(),
                        ref("AssigneeId", "assignee_id", "User", "Assignee"),
                        ref("PermissionSetId", "permission_set_id", "PermissionSet", "PermissionSet"),
                        col("SystemModstamp", FieldType.DATETIME, "created_date")));
    }

    static ObjectDefinition connectedApplication() {
        return setup("ConnectedApplication", "Connected Apps", "0H4", "connected_apps", "org_id",
                SystemPermission.VIEW_SETUP, null, List.of(
                        id(),
                        col("Name", FieldType.TEXT, "name"),
                        calc("OptionsAllowAdminApprovedUsersOnly", FieldType.CHECKBOX,
                                "(%1$s.policy = 'ADMIN_APPROVED')"),
                        col("CreatedDate", FieldType.DATETIME, "created_date"),
                        col("LastModifiedDate", FieldType.DATETIME, "last_modified_date")));
    }

    static ObjectDefinition loginHistory() {
        StringBuilder status = new StringBuilder("CASE %1$s.reason");
        for (LoginReason r : LoginReason.values()) {
            status.append(" WHEN '").append(r.name()).append("' THEN '")
                    .append(r.status().replace("'", "''")).append('\'');
        }
        status.append(" ELSE 'Failed' END");
        return setup("LoginHistory", "Login History", "0Ya", "login_history", "org_id",
                SystemPermission.MANAGE_USERS, "user_id", List.of(
                        id(),
                        ref("UserId", "user_id", "User", "User"),
                        col("LoginTime", FieldType.DATETIME, "login_time"),
                        col("LoginType", FieldType.TEXT, "login_type"),
                        col("LoginSubType", FieldType.TEXT, "login_sub_type"),
                        col("SourceIp", FieldType.TEXT, "source_ip"),
                        col("LoginUrl", FieldType.TEXT, "login_url"),
                        calc("Status", FieldType.TEXT, status.toString()),
                        col("Application", FieldType.TEXT, "application"),
                        col("Browser", FieldType.TEXT, "user_agent"),
                        calc("ApiType", FieldType.TEXT, "'REST'"),
                        col("AuthenticationServiceId", FieldType.TEXT, "app_id")));
    }

    static ObjectDefinition setupAuditTrail() {
        return setup("SetupAuditTrail", "Setup Audit Trail", "0Ym", "setup_audit", "org_id",
                SystemPermission.VIEW_SETUP, null, List.of(
                        id(),
                        col("Action", FieldType.TEXT, "action"),
                        col("Section", FieldType.TEXT, "section"),
                        col("Display", FieldType.TEXT, "display"),
                        ref("CreatedById", "created_by_id", "User", "CreatedBy"),
                        col("CreatedDate", FieldType.DATETIME, "created_date"),
                        col("CreatedByContext", FieldType.TEXT, "created_by_context"),
                        calc("DelegateUser", FieldType.TEXT, "CAST(NULL AS VARCHAR(80))")));
    }
}
