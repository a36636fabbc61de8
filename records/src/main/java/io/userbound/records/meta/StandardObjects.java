package io.userbound.records.meta;

import io.userbound.records.meta.FieldDefinition.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in record objects ({@code Account}, {@code Contact}, {@code Opportunity}) with their common fields, the
 * system fields every record object has, and the share and history objects derived from a record object.
 */
public final class StandardObjects {
    /** Salesforce's default organization-wide default for the standard objects of a new org. */
    public static final SharingModel DEFAULT_SHARING = SharingModel.PUBLIC_READ_WRITE;

    public static final String ID = "Id";
    public static final String OWNER_ID = "OwnerId";
    public static final String CREATED_BY_ID = "CreatedById";
    public static final String CREATED_DATE = "CreatedDate";
    public static final String LAST_MODIFIED_BY_ID = "LastModifiedById";
    public static final String LAST_MODIFIED_DATE = "LastModifiedDate";
    public static final String IS_DELETED = "IsDeleted";

    /** The table column of the record id. */
    public static final String ID_COLUMN = "id";
    /** The table column of the org id. */
    public static final String ORG_COLUMN = "org_id";

    private StandardObjects() {
    }

    /** The fields every record object starts with; clients never write them. */
    public static List<FieldDefinition> systemFields() {
        return List.of(
                FieldDefinition.of(ID, FieldType.ID).label("Record ID").column(ID_COLUMN).system().build(),
                FieldDefinition.of(OWNER_ID, FieldType.LOOKUP).label("Owner ID").lookup("User", "Owner").system()
                        .build(),
                FieldDefinition.of(IS_DELETED, FieldType.CHECKBOX).label("Deleted").system().build(),
                FieldDefinition.of(CREATED_DATE, FieldType.DATETIME).label("Created Date").system().build(),
                FieldDefinition.of(CREATED_BY_ID, FieldType.LOOKUP).label("Created By ID").lookup("User", "CreatedBy")
                        .system().build(),
                FieldDefinition.of(LAST_MODIFIED_DATE, FieldType.DATETIME).label("Last Modified Date").system()
                        .build(),
                FieldDefinition.of(LAST_MODIFIED_BY_ID, FieldType.LOOKUP).label("Last Modified By ID")
                        .lookup("User", "LastModifiedBy").system().build(),
                FieldDefinition.of("SystemModstamp", FieldType.DATETIME).label("System Modstamp")
                        .column(FieldDefinition.columnFor(LAST_MODIFIED_DATE)).system().build());
    }

    /** The standard record objects, each with the system fields first. */
    public static List<ObjectDefinition> all() {
        return List.of(account(), contact(), opportunity());
    }

    public static ObjectDefinition account() {
        return record("Account", "Accounts", "001", "obj_account", List.of(
                FieldDefinition.of("Name", FieldType.TEXT).label("Account Name").required().build(),
                FieldDefinition.of("AccountNumber", FieldType.TEXT).length(40).build(),
                FieldDefinition.of("Site", FieldType.TEXT).label("Account Site").length(80).build(),
                FieldDefinition.of("Type", FieldType.PICKLIST).label("Account Type").picklist("Prospect",
                        "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller",
                        "Installation Partner", "Technology Partner", "Other").build(),
                FieldDefinition.of("Industry", FieldType.PICKLIST).picklist("Agriculture", "Apparel", "Banking",
                        "Biotechnology", "Chemicals", "Communications", "Construction", "Consulting", "Education",
                        "Electronics", "Energy", "Engineering", "Entertainment", "Environmental", "Finance",
                        "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery",
                        "Manufacturing", "Media", "Not For Profit", "Recreation", "Retail", "Shipping", "Technology",
                        "Telecommunications", "Transportation", "Utilities", "Other").build(),
                FieldDefinition.of("Rating", FieldType.PICKLIST).label("Account Rating").picklist("Hot", "Warm",
                        "Cold").build(),
                FieldDefinition.of("AnnualRevenue", FieldType.CURRENCY).digits(18, 0).build(),
                FieldDefinition.of("NumberOfEmployees", FieldType.NUMBER).label("Employees").digits(8, 0).build(),
                FieldDefinition.of("Phone", FieldType.TEXT).label("Account Phone").length(40).build(),
                FieldDefinition.of("Website", FieldType.TEXT).length(255).build(),
                FieldDefinition.of("BillingCity", FieldType.TEXT).length(40).build(),
                FieldDefinition.of("BillingCountry", FieldType.TEXT).length(80).build(),
                FieldDefinition.of("ParentId", FieldType.LOOKUP).label("Parent Account ID")
                        .lookup("Account", "Parent").build(),
                FieldDefinition.of("Description", FieldType.LONG_TEXT).label("Account Description").build()));
    }

    public static ObjectDefinition contact() {
        return record("Contact", "Contacts", "003", "obj_contact", List.of(
                FieldDefinition.of("FirstName", FieldType.TEXT).length(40).build(),
                FieldDefinition.of("LastName", FieldType.TEXT).length(80).required().build(),
                FieldDefinition.of("Name", FieldType.TEXT).label("Full Name").length(121)
                        .calculated("TRIM(COALESCE(%1$s.f_firstname, '') || ' ' || %1$s.f_lastname)").build(),
                FieldDefinition.of("AccountId", FieldType.LOOKUP).label("Account ID").lookup("Account", "Account")
                        .build(),
                FieldDefinition.of("Email", FieldType.EMAIL).length(80).build(),
                FieldDefinition.of("Phone", FieldType.TEXT).label("Business Phone").length(40).build(),
                FieldDefinition.of("Title", FieldType.TEXT).length(128).build(),
                FieldDefinition.of("Department", FieldType.TEXT).length(80).build(),
                FieldDefinition.of("Birthdate", FieldType.DATE).build(),
                FieldDefinition.of("LeadSource", FieldType.PICKLIST).picklist("Web", "Phone Inquiry",
                        "Partner Referral", "Purchased List", "Other").build(),
                FieldDefinition.of("MailingCity", FieldType.TEXT).length(40).build(),
                FieldDefinition.of("DoNotCall", FieldType.CHECKBOX).defaultValue("false").build(),
                FieldDefinition.of("Description", FieldType.LONG_TEXT).label("Contact Description").build()));
    }

    public static ObjectDefinition opportunity() {
        return record("Opportunity", "Opportunities", "006", "obj_opportunity", List.of(
                FieldDefinition.of("Name", FieldType.TEXT).label("Opportunity Name").length(120).required().build(),
                FieldDefinition.of("AccountId", FieldType.LOOKUP).label("Account ID").lookup("Account", "Account")
                        .build(),
                FieldDefinition.of("StageName", FieldType.PICKLIST).label("Stage").required().picklist(
                        "Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                        "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review",
                        "Closed Won", "Closed Lost").build(),
                FieldDefinition.of("CloseDate", FieldType.DATE).required().build(),
                FieldDefinition.of("Amount", FieldType.CURRENCY).build(),
                FieldDefinition.of("Probability", FieldType.PERCENT).label("Probability (%)").digits(3, 0).build(),
                FieldDefinition.of("Type", FieldType.PICKLIST).label("Opportunity Type").picklist(
                        "Existing Customer - Upgrade", "Existing Customer - Replacement",
                        "Existing Customer - Downgrade", "New Customer").build(),
                FieldDefinition.of("LeadSource", FieldType.PICKLIST).picklist("Web", "Phone Inquiry",
                        "Partner Referral", "Purchased List", "Other").build(),
                FieldDefinition.of("NextStep", FieldType.TEXT).length(255).build(),
                FieldDefinition.of("IsPrivate", FieldType.CHECKBOX).label("Private").defaultValue("false").build(),
                FieldDefinition.of("Description", FieldType.LONG_TEXT).build()));
    }

    private static ObjectDefinition record(String name, String plural, String prefix, String table,
            List<FieldDefinition> own) {
        List<FieldDefinition> fields = new ArrayList<>(systemFields());
        fields.addAll(own);
        return new ObjectDefinition(null, name, name, plural, prefix, ObjectDefinition.Category.RECORD, false,
                DEFAULT_SHARING, table, ORG_COLUMN, fields, null, null, null);
    }

    /** A new custom record object's definition, with the system fields and its {@code Name} field. */
    public static ObjectDefinition custom(String id, String apiName, String label, String pluralLabel,
            String keyPrefix, SharingModel sharing) {
        List<FieldDefinition> fields = new ArrayList<>(systemFields());
        // as in Salesforce, a custom object's name field is required, so every user with object access can use it
        fields.add(FieldDefinition.of("Name", FieldType.TEXT).label(label + " Name").length(80).required().build());
        return new ObjectDefinition(id, apiName, label, pluralLabel, keyPrefix, ObjectDefinition.Category.RECORD,
                true, sharing, tableFor(apiName), ORG_COLUMN, fields, null, null, null);
    }

    /** The table of a custom object: {@code obj_} and the lower-case API name. */
    public static String tableFor(String apiName) {
        return "obj_" + apiName.toLowerCase(Locale.ROOT);
    }

    /** {@code AccountShare} for {@code Account}, {@code Invoice__Share} for {@code Invoice__c}. */
    public static String shareObjectName(ObjectDefinition parent) {
        return parent.custom() ? stem(parent) + "__Share" : parent.name() + "Share";
    }

    /** The {@code Field} of the history row written when a record is created. */
    public static final String HISTORY_CREATED = "created";
    /** The {@code Field} of the history row written when a record is deleted. */
    public static final String HISTORY_DELETED = "deleted";

    /** {@code AccountHistory} for {@code Account}, {@code Invoice__History} for {@code Invoice__c}. */
    public static String historyObjectName(ObjectDefinition parent) {
        return parent.custom() ? stem(parent) + "__History" : parent.name() + "History";
    }

    /** The field of a share or history row naming its parent: {@code AccountId}, or {@code ParentId} for customs. */
    public static String parentFieldName(ObjectDefinition parent) {
        return parent.custom() ? "ParentId" : parent.name() + "Id";
    }

    /** The access level field of a share row: {@code AccountAccessLevel}, or {@code AccessLevel} for customs. */
    public static String accessLevelFieldName(ObjectDefinition parent) {
        return parent.custom() ? "AccessLevel" : parent.name() + "AccessLevel";
    }

    private static String stem(ObjectDefinition parent) {
        return parent.name().substring(0, parent.name().length() - 3);
    }

    /**
     * The objects whose records an {@code AccountShare} also grants, each with its level field
     * ({@code OpportunityAccessLevel}, ...): {@code None}, {@code Read} or {@code Edit}, required on insert, as in
     * Salesforce. {@code Case} is accepted and stored, though Userbound has no Case object.
     */
    public static final List<String> ACCOUNT_CHILDREN = List.of("Opportunity", "Case", "Contact");

    /** {@code opportunity_access_level}: the {@code record_shares} column of a child's level. */
    public static String childAccessColumn(String child) {
        return child.toLowerCase(java.util.Locale.ROOT) + "_access_level";
    }

    /**
     * The name by which a parent reaches the children of one lookup ({@code describe}'s {@code childRelationships},
     * and the keys of nested records in {@code composite/tree}): the child's plural label without spaces, as
     * Salesforce names it ({@code Contacts}, {@code Opportunities}), with {@code __r} for a custom lookup
     * ({@code Tickets__r}).
     */
    public static String childRelationshipName(ObjectDefinition child, FieldDefinition lookup) {
        String plural = child.pluralLabel().replaceAll("[^A-Za-z0-9]", "");
        return lookup.custom() ? plural + "__r" : plural;
    }

    /** The share object of a record object, backed by the {@code record_shares} table. */
    public static ObjectDefinition shareObject(ObjectDefinition parent) {
        String prefix = switch (parent.name()) {
            case "Account" -> "00r";
            case "Contact" -> "03s";
            case "Opportunity" -> "00t";
            default -> "02c";
        };
        String name = shareObjectName(parent);
        List<FieldDefinition> fields = new ArrayList<>(List.of(
                FieldDefinition.of(ID, FieldType.ID).label("Share ID").column("id").system().build(),
                FieldDefinition.of(parentFieldName(parent), FieldType.LOOKUP).label("Parent ID").column("parent_id")
                        .lookup(parent.name(), parent.custom() ? "Parent" : parent.name()).required().build(),
                FieldDefinition.of("UserOrGroupId", FieldType.LOOKUP).label("User or Group ID")
                        .column("user_or_group_id").required().build(),
                FieldDefinition.of(accessLevelFieldName(parent), FieldType.PICKLIST).label("Access Level")
                        .column("access_level").picklist("Read", "Edit", "All").required().build(),
                FieldDefinition.of("RowCause", FieldType.PICKLIST).label("Row Cause").column("row_cause")
                        .picklist("Owner", "Manual").defaultValue("Manual").build(),
                FieldDefinition.of(LAST_MODIFIED_DATE, FieldType.DATETIME).column("last_modified_date").system()
                        .build(),
                FieldDefinition.of(LAST_MODIFIED_BY_ID, FieldType.LOOKUP).column("last_modified_by_id")
                        .lookup("User", "LastModifiedBy").system().build(),
                FieldDefinition.of(IS_DELETED, FieldType.CHECKBOX).calculated("FALSE").build()));
        if (parent.name().equals("Account") && !parent.custom()) {
            for (String child : ACCOUNT_CHILDREN) {
                fields.add(4 + ACCOUNT_CHILDREN.indexOf(child), FieldDefinition.of(child + "AccessLevel",
                        FieldType.PICKLIST).label(child + " Access Level").column(childAccessColumn(child))
                        .picklist("None", "Read", "Edit").required().build());
            }
        }
        return new ObjectDefinition(null, name, parent.label() + " Share", parent.label() + " Share", prefix,
                ObjectDefinition.Category.SHARE, parent.custom(), SharingModel.READ_ONLY_SETUP, "record_shares",
                "org_id", fields, parent.name(), null, null);
    }

    /** The history object of a record object, backed by the {@code field_history} table. */
    public static ObjectDefinition historyObject(ObjectDefinition parent) {
        List<FieldDefinition> fields = List.of(
                FieldDefinition.of(ID, FieldType.ID).label("History ID").column("id").system().build(),
                FieldDefinition.of(parentFieldName(parent), FieldType.LOOKUP).label("Parent ID").column("parent_id")
                        .lookup(parent.name(), parent.custom() ? "Parent" : parent.name()).system().build(),
                FieldDefinition.of("Field", FieldType.PICKLIST).label("Changed Field").column("field").system()
                        .build(),
                FieldDefinition.of("DataType", FieldType.TEXT).label("Data Type").column("data_type").system()
                        .build(),
                FieldDefinition.of("OldValue", FieldType.TEXT).label("Old Value").column("old_value").system()
                        .build(),
                FieldDefinition.of("NewValue", FieldType.TEXT).label("New Value").column("new_value").system()
                        .build(),
                FieldDefinition.of(CREATED_BY_ID, FieldType.LOOKUP).column("created_by_id")
                        .lookup("User", "CreatedBy").system().build(),
                FieldDefinition.of(CREATED_DATE, FieldType.DATETIME).column("created_date").system().build(),
                FieldDefinition.of("ConsumerKey", FieldType.TEXT).label("Connected App Consumer Key")
                        .column("consumer_key").system().build(),
                FieldDefinition.of(IS_DELETED, FieldType.CHECKBOX).calculated("FALSE").build());
        return new ObjectDefinition(null, historyObjectName(parent), parent.label() + " History",
                parent.label() + " History", "017", ObjectDefinition.Category.HISTORY, parent.custom(),
                SharingModel.READ_ONLY_SETUP, "field_history", "org_id", fields, parent.name(), null, null);
    }

    static boolean isSystem(FieldDefinition f) {
        return f.kind() == Kind.SYSTEM;
    }
}
