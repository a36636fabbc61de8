-- The record API: roles, object and field metadata, object and field permissions, share rows and field history.
-- Portable H2 2.x / PostgreSQL 15 DDL; times are BIGINT epoch milliseconds (UTC), as in V1.
-- Record tables themselves (obj_account, obj_invoice__c, ...) are made from object metadata by the store's
-- RecordTables at startup and when an admin creates an object or a field, not here.

CREATE TABLE user_roles (
    id              VARCHAR(18)  NOT NULL,
    org_id          VARCHAR(18)  NOT NULL,
    name            VARCHAR(255) NOT NULL,
    name_lower      VARCHAR(255) NOT NULL,
    parent_role_id  VARCHAR(18),
    created_date    BIGINT       NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_user_roles_org_name ON user_roles (org_id, name_lower);
CREATE INDEX ix_user_roles_parent ON user_roles (parent_role_id);

ALTER TABLE users ADD COLUMN role_id VARCHAR(18);
CREATE INDEX ix_users_role ON users (role_id, id);

-- Custom objects, and org-specific settings (the organization-wide default) of standard objects.
CREATE TABLE object_defs (
    id                  VARCHAR(18)  NOT NULL,
    org_id              VARCHAR(18)  NOT NULL,
    api_name            VARCHAR(255) NOT NULL,
    api_name_lower      VARCHAR(255) NOT NULL,
    label               VARCHAR(255) NOT NULL,
    plural_label        VARCHAR(255) NOT NULL,
    key_prefix          VARCHAR(3)   NOT NULL,
    custom              BOOLEAN      NOT NULL,
    sharing_model       VARCHAR(32)  NOT NULL,
    table_name          VARCHAR(128) NOT NULL,
    created_date        BIGINT       NOT NULL,
    last_modified_date  BIGINT       NOT NULL,
    CONSTRAINT pk_object_defs PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_object_defs_org_name ON object_defs (org_id, api_name_lower);
CREATE UNIQUE INDEX uq_object_defs_org_prefix ON object_defs (org_id, key_prefix);

-- Custom fields, on custom and standard objects.
CREATE TABLE field_defs (
    id                 VARCHAR(18)   NOT NULL,
    org_id             VARCHAR(18)   NOT NULL,
    object_name_lower  VARCHAR(255)  NOT NULL,
    api_name           VARCHAR(255)  NOT NULL,
    api_name_lower     VARCHAR(255)  NOT NULL,
    label              VARCHAR(255)  NOT NULL,
    field_type         VARCHAR(32)   NOT NULL,
    column_name        VARCHAR(128)  NOT NULL,
    required           BOOLEAN       NOT NULL,
    unique_value       BOOLEAN       NOT NULL,
    default_value      VARCHAR(4000),
    length             INTEGER       NOT NULL,
    precision_digits   INTEGER       NOT NULL,
    scale_digits       INTEGER       NOT NULL,
    picklist_values    VARCHAR(8000),
    reference_to       VARCHAR(255),
    relationship_name  VARCHAR(255),
    created_date       BIGINT        NOT NULL,
    CONSTRAINT pk_field_defs PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_field_defs_org_object_name ON field_defs (org_id, object_name_lower, api_name_lower);

-- Fields whose changes are written to field history (standard and custom).
CREATE TABLE tracked_fields (
    org_id             VARCHAR(18)  NOT NULL,
    object_name_lower  VARCHAR(255) NOT NULL,
    field_name_lower   VARCHAR(255) NOT NULL,
    created_date       BIGINT       NOT NULL,
    CONSTRAINT pk_tracked_fields PRIMARY KEY (org_id, object_name_lower, field_name_lower)
);

-- ObjectPermissions: parent_id is a profile or a permission set.
CREATE TABLE object_permissions (
    id                 VARCHAR(18)  NOT NULL,
    org_id             VARCHAR(18)  NOT NULL,
    parent_id          VARCHAR(18)  NOT NULL,
    object_name_lower  VARCHAR(255) NOT NULL,
    can_read           BOOLEAN      NOT NULL,
    can_create         BOOLEAN      NOT NULL,
    can_edit           BOOLEAN      NOT NULL,
    can_delete         BOOLEAN      NOT NULL,
    view_all           BOOLEAN      NOT NULL,
    modify_all         BOOLEAN      NOT NULL,
    last_modified_date BIGINT       NOT NULL,
    CONSTRAINT pk_object_permissions PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_object_permissions_parent_object ON object_permissions (parent_id, object_name_lower);

-- FieldPermissions: parent_id is a profile or a permission set.
CREATE TABLE field_permissions (
    id                 VARCHAR(18)  NOT NULL,
    org_id             VARCHAR(18)  NOT NULL,
    parent_id          VARCHAR(18)  NOT NULL,
    object_name_lower  VARCHAR(255) NOT NULL,
    field_name_lower   VARCHAR(255) NOT NULL,
    can_read           BOOLEAN      NOT NULL,
    can_edit           BOOLEAN      NOT NULL,
    last_modified_date BIGINT       NOT NULL,
    CONSTRAINT pk_field_permissions PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_field_permissions_parent_field
    ON field_permissions (parent_id, object_name_lower, field_name_lower);

-- Manual share rows of every record object (AccountShare, Invoice__Share, ...). user_or_group_id is a user or a role.
CREATE TABLE record_shares (
    id                   VARCHAR(18)  NOT NULL,
    org_id               VARCHAR(18)  NOT NULL,
    object_name_lower    VARCHAR(255) NOT NULL,
    parent_id            VARCHAR(18)  NOT NULL,
    user_or_group_id     VARCHAR(18)  NOT NULL,
    access_level         VARCHAR(16)  NOT NULL,
    row_cause            VARCHAR(32)  NOT NULL,
    last_modified_by_id  VARCHAR(18),
    last_modified_date   BIGINT       NOT NULL,
    CONSTRAINT pk_record_shares PRIMARY KEY (id)
);
-- the sharing predicate probes (parent, principal); the second index lists what a principal was given
CREATE UNIQUE INDEX uq_record_shares_parent_principal ON record_shares (parent_id, user_or_group_id);
CREATE INDEX ix_record_shares_principal ON record_shares (user_or_group_id, parent_id);

-- Field history of tracked fields (AccountHistory, Invoice__History, ...).
CREATE TABLE field_history (
    id                 VARCHAR(18)   NOT NULL,
    org_id             VARCHAR(18)   NOT NULL,
    object_name_lower  VARCHAR(255)  NOT NULL,
    parent_id          VARCHAR(18)   NOT NULL,
    field              VARCHAR(255)  NOT NULL,
    data_type          VARCHAR(32)   NOT NULL,
    old_value          VARCHAR(4000),
    new_value          VARCHAR(4000),
    created_by_id      VARCHAR(18)   NOT NULL,
    created_date       BIGINT        NOT NULL,
    consumer_key       VARCHAR(255),
    CONSTRAINT pk_field_history PRIMARY KEY (id)
);
CREATE INDEX ix_field_history_parent ON field_history (parent_id, created_date, id);
CREATE INDEX ix_field_history_object ON field_history (org_id, object_name_lower, created_date, id);

ALTER TABLE user_roles ADD CONSTRAINT fk_user_roles_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users ADD CONSTRAINT fk_users_role FOREIGN KEY (role_id) REFERENCES user_roles (id);
ALTER TABLE object_defs ADD CONSTRAINT fk_object_defs_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE field_defs ADD CONSTRAINT fk_field_defs_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE object_permissions ADD CONSTRAINT fk_object_permissions_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE field_permissions ADD CONSTRAINT fk_field_permissions_org FOREIGN KEY (org_id) REFERENCES orgs (id);
