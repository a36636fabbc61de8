-- Userbound foundation schema. One file for H2 2.x and PostgreSQL 15: portable types only, no vendor functions.
-- Conventions: ids are 18-character Salesforce-style ids; every time is BIGINT epoch milliseconds (UTC);
-- sets (scopes, permissions, algorithms) are space-separated VARCHAR; names compared case-insensitively are
-- kept a second time in lower case (*_lower) under a unique index.
-- Configuration tables carry foreign keys. Traffic tables (access_tokens, used_jtis, login_history, setup_audit)
-- do not: they take many inserts per second and reference rows that are never deleted.

CREATE TABLE orgs (
    id               VARCHAR(18)  NOT NULL,
    name             VARCHAR(255) NOT NULL,
    instance_name    VARCHAR(255),
    created_date     BIGINT       NOT NULL,
    CONSTRAINT pk_orgs PRIMARY KEY (id)
);
CREATE INDEX ix_orgs_created ON orgs (created_date, id);

CREATE TABLE profiles (
    id               VARCHAR(18)   NOT NULL,
    org_id           VARCHAR(18)   NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    name_lower       VARCHAR(255)  NOT NULL,
    permissions      VARCHAR(2000) NOT NULL,
    created_date     BIGINT        NOT NULL,
    CONSTRAINT pk_profiles PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_profiles_org_name ON profiles (org_id, name_lower);

CREATE TABLE users (
    id                 VARCHAR(18)  NOT NULL,
    org_id             VARCHAR(18)  NOT NULL,
    username           VARCHAR(255) NOT NULL,
    first_name         VARCHAR(255),
    last_name          VARCHAR(255),
    email              VARCHAR(255),
    user_type          VARCHAR(32)  NOT NULL,
    active             BOOLEAN      NOT NULL,
    profile_id         VARCHAR(18)  NOT NULL,
    created_date       BIGINT       NOT NULL,
    last_modified_date BIGINT       NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id)
);
-- usernames are stored in lower case, so this index makes them unique case-insensitively
CREATE UNIQUE INDEX uq_users_username ON users (username);
CREATE INDEX ix_users_org ON users (org_id, created_date, id);
CREATE INDEX ix_users_org_type ON users (org_id, user_type, created_date, id);
CREATE INDEX ix_users_profile ON users (profile_id);

CREATE TABLE permission_sets (
    id               VARCHAR(18)   NOT NULL,
    org_id           VARCHAR(18)   NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    name_lower       VARCHAR(255)  NOT NULL,
    label            VARCHAR(255),
    permissions      VARCHAR(2000) NOT NULL,
    created_date     BIGINT        NOT NULL,
    CONSTRAINT pk_permission_sets PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_permission_sets_org_name ON permission_sets (org_id, name_lower);

CREATE TABLE permission_set_assignments (
    id                VARCHAR(18) NOT NULL,
    org_id            VARCHAR(18) NOT NULL,
    assignee_id       VARCHAR(18) NOT NULL,
    permission_set_id VARCHAR(18) NOT NULL,
    created_date      BIGINT      NOT NULL,
    CONSTRAINT pk_permission_set_assignments PRIMARY KEY (id)
);
-- leading assignee_id: also the index by assignee
CREATE UNIQUE INDEX uq_psa_assignee_permission_set ON permission_set_assignments (assignee_id, permission_set_id);
CREATE INDEX ix_psa_permission_set ON permission_set_assignments (permission_set_id);

CREATE TABLE connected_apps (
    id                         VARCHAR(18)  NOT NULL,
    org_id                     VARCHAR(18)  NOT NULL,
    name                       VARCHAR(255) NOT NULL,
    name_lower                 VARCHAR(255) NOT NULL,
    consumer_key               VARCHAR(255) NOT NULL,
    consumer_secret_hash       VARCHAR(255),
    policy                     VARCHAR(32)  NOT NULL,
    scopes                     VARCHAR(2000) NOT NULL,
    algorithms                 VARCHAR(255) NOT NULL,
    assertion_max_lifetime_ms  BIGINT       NOT NULL,
    jti_required               BOOLEAN      NOT NULL,
    token_lifetime_ms          BIGINT       NOT NULL,
    client_credentials_enabled BOOLEAN      NOT NULL,
    run_as_user_id             VARCHAR(18),
    created_date               BIGINT       NOT NULL,
    last_modified_date         BIGINT       NOT NULL,
    CONSTRAINT pk_connected_apps PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_connected_apps_consumer_key ON connected_apps (consumer_key);
CREATE UNIQUE INDEX uq_connected_apps_org_name ON connected_apps (org_id, name_lower);

CREATE TABLE app_certificates (
    id            VARCHAR(18)    NOT NULL,
    app_id        VARCHAR(18)    NOT NULL,
    thumbprint    VARCHAR(128)   NOT NULL,
    subject       VARCHAR(2000),
    not_before    BIGINT         NOT NULL,
    not_after     BIGINT         NOT NULL,
    active        BOOLEAN        NOT NULL,
    last_used_at  BIGINT,
    pem           VARCHAR(65536) NOT NULL,
    created_date  BIGINT         NOT NULL,
    CONSTRAINT pk_app_certificates PRIMARY KEY (id)
);
-- leading app_id: also the index by app
CREATE UNIQUE INDEX uq_app_certificates_app_thumbprint ON app_certificates (app_id, thumbprint);

CREATE TABLE app_access_grants (
    id            VARCHAR(18) NOT NULL,
    org_id        VARCHAR(18) NOT NULL,
    app_id        VARCHAR(18) NOT NULL,
    parent_id     VARCHAR(18) NOT NULL,
    created_date  BIGINT      NOT NULL,
    CONSTRAINT pk_app_access_grants PRIMARY KEY (id)
);
-- parent_id is a profile or a permission set id, so it has no foreign key
CREATE UNIQUE INDEX uq_app_access_grants_app_parent ON app_access_grants (app_id, parent_id);

CREATE TABLE approvals (
    id            VARCHAR(18)   NOT NULL,
    org_id        VARCHAR(18)   NOT NULL,
    app_id        VARCHAR(18)   NOT NULL,
    user_id       VARCHAR(18)   NOT NULL,
    scopes        VARCHAR(2000) NOT NULL,
    created_date  BIGINT        NOT NULL,
    CONSTRAINT pk_approvals PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_approvals_app_user ON approvals (app_id, user_id);
CREATE INDEX ix_approvals_user ON approvals (user_id);

CREATE TABLE access_tokens (
    id            VARCHAR(18)   NOT NULL,
    token_hash    VARCHAR(64)   NOT NULL,
    org_id        VARCHAR(18)   NOT NULL,
    user_id       VARCHAR(18)   NOT NULL,
    app_id        VARCHAR(18)   NOT NULL,
    scopes        VARCHAR(2000) NOT NULL,
    issued_at     BIGINT        NOT NULL,
    expires_at    BIGINT        NOT NULL,
    revoked_at    BIGINT,
    CONSTRAINT pk_access_tokens PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_access_tokens_hash ON access_tokens (token_hash);
CREATE INDEX ix_access_tokens_expires ON access_tokens (expires_at, id);

-- RFC 7523 section 3 item 7: the set of used jti values, kept until the assertion expires
CREATE TABLE used_jtis (
    app_id      VARCHAR(18)  NOT NULL,
    jti         VARCHAR(255) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    CONSTRAINT pk_used_jtis PRIMARY KEY (app_id, jti)
);
CREATE INDEX ix_used_jtis_expires ON used_jtis (expires_at);

CREATE TABLE login_history (
    id                      VARCHAR(18)   NOT NULL,
    org_id                  VARCHAR(18),
    user_id                 VARCHAR(18),
    username                VARCHAR(255),
    app_id                  VARCHAR(18),
    application             VARCHAR(255),
    consumer_key            VARCHAR(255),
    certificate_thumbprint  VARCHAR(128),
    source_ip               VARCHAR(64),
    login_url               VARCHAR(1000),
    login_type              VARCHAR(64),
    login_sub_type          VARCHAR(64),
    user_agent              VARCHAR(1000),
    reason                  VARCHAR(64)   NOT NULL,
    detail                  VARCHAR(4000),
    login_time              BIGINT        NOT NULL,
    CONSTRAINT pk_login_history PRIMARY KEY (id)
);
-- DESC columns so that "newest first" reads the index in order on both databases (no sort of a growing table)
CREATE INDEX ix_login_history_org_time ON login_history (org_id, login_time DESC, id DESC);
CREATE INDEX ix_login_history_user_time ON login_history (user_id, org_id, login_time DESC, id DESC);

CREATE TABLE setup_audit (
    id                  VARCHAR(18)   NOT NULL,
    org_id              VARCHAR(18)   NOT NULL,
    action              VARCHAR(255)  NOT NULL,
    section             VARCHAR(255),
    display             VARCHAR(4000),
    created_by_id       VARCHAR(18),
    created_by_context  VARCHAR(255),
    created_date        BIGINT        NOT NULL,
    CONSTRAINT pk_setup_audit PRIMARY KEY (id)
);
CREATE INDEX ix_setup_audit_org_created ON setup_audit (org_id, created_date DESC, id DESC);

-- Foreign keys last, so that H2 reuses the indexes above instead of creating one per constraint.
ALTER TABLE profiles ADD CONSTRAINT fk_profiles_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE users ADD CONSTRAINT fk_users_profile FOREIGN KEY (profile_id) REFERENCES profiles (id);
ALTER TABLE permission_sets ADD CONSTRAINT fk_permission_sets_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE permission_set_assignments ADD CONSTRAINT fk_psa_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE permission_set_assignments ADD CONSTRAINT fk_psa_assignee FOREIGN KEY (assignee_id) REFERENCES users (id);
ALTER TABLE permission_set_assignments ADD CONSTRAINT fk_psa_permission_set FOREIGN KEY (permission_set_id) REFERENCES permission_sets (id);
ALTER TABLE connected_apps ADD CONSTRAINT fk_connected_apps_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE connected_apps ADD CONSTRAINT fk_connected_apps_run_as FOREIGN KEY (run_as_user_id) REFERENCES users (id);
ALTER TABLE app_certificates ADD CONSTRAINT fk_app_certificates_app FOREIGN KEY (app_id) REFERENCES connected_apps (id);
ALTER TABLE app_access_grants ADD CONSTRAINT fk_app_access_grants_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE app_access_grants ADD CONSTRAINT fk_app_access_grants_app FOREIGN KEY (app_id) REFERENCES connected_apps (id);
ALTER TABLE approvals ADD CONSTRAINT fk_approvals_org FOREIGN KEY (org_id) REFERENCES orgs (id);
ALTER TABLE approvals ADD CONSTRAINT fk_approvals_app FOREIGN KEY (app_id) REFERENCES connected_apps (id);
ALTER TABLE approvals ADD CONSTRAINT fk_approvals_user FOREIGN KEY (user_id) REFERENCES users (id);
