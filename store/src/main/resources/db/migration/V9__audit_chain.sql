-- A tamper-evident audit (issue 12, part 3; docs/security.md). Every row of the three audit tables carries its place
-- in a chain (one chain per server process, so nodes never contend for a sequence) and a MAC over its content under
-- a key the database does not hold. Checkpoints, MAC'd and linked, record how far each chain was complete (gaps: numbers
-- whose transaction rolled back; lost: numbers committed and gone before the checkpoint); purges record exactly which
-- numbers they removed. Rows written before this version have no chain until the first server start adopts them.
ALTER TABLE login_history ADD COLUMN chain_id VARCHAR(36);
ALTER TABLE login_history ADD COLUMN chain_seq BIGINT;
ALTER TABLE login_history ADD COLUMN chain_mac VARCHAR(64);
ALTER TABLE setup_audit ADD COLUMN chain_id VARCHAR(36);
ALTER TABLE setup_audit ADD COLUMN chain_seq BIGINT;
ALTER TABLE setup_audit ADD COLUMN chain_mac VARCHAR(64);
ALTER TABLE field_history ADD COLUMN chain_id VARCHAR(36);
ALTER TABLE field_history ADD COLUMN chain_seq BIGINT;
ALTER TABLE field_history ADD COLUMN chain_mac VARCHAR(64);
CREATE INDEX ix_login_history_chain ON login_history (chain_id, chain_seq);
CREATE INDEX ix_setup_audit_chain ON setup_audit (chain_id, chain_seq);
CREATE INDEX ix_field_history_chain ON field_history (chain_id, chain_seq);

-- witness: the newest checkpoint of every other chain when this one started, so that a chain's checkpoints cannot
-- all be taken away unseen once another node has started
CREATE TABLE audit_chains (
    chain_id    VARCHAR(36)   NOT NULL,
    node        VARCHAR(255)  NOT NULL,
    started_at  BIGINT        NOT NULL,
    witness     VARCHAR       NOT NULL,
    mac         VARCHAR(64)   NOT NULL,
    CONSTRAINT pk_audit_chains PRIMARY KEY (chain_id)
);

CREATE TABLE audit_checkpoints (
    chain_id    VARCHAR(36)   NOT NULL,
    source      VARCHAR(32)   NOT NULL,
    ordinal     BIGINT        NOT NULL,
    seq_upto    BIGINT        NOT NULL,
    gaps        VARCHAR       NOT NULL,
    lost        VARCHAR       NOT NULL,
    created_at  BIGINT        NOT NULL,
    prev_mac    VARCHAR(64)   NOT NULL,
    mac         VARCHAR(64)   NOT NULL,
    CONSTRAINT pk_audit_checkpoints PRIMARY KEY (chain_id, source, ordinal)
);

CREATE TABLE audit_purges (
    id             VARCHAR(36)   NOT NULL,
    source         VARCHAR(32)   NOT NULL,
    chain_id       VARCHAR(36)   NOT NULL,
    seq_upto       BIGINT        NOT NULL,
    seqs           VARCHAR       NOT NULL,
    deleted        BIGINT        NOT NULL,
    purged_before  BIGINT        NOT NULL,
    created_at     BIGINT        NOT NULL,
    mac            VARCHAR(64)   NOT NULL,
    CONSTRAINT pk_audit_purges PRIMARY KEY (id)
);
CREATE INDEX ix_audit_purges_chain ON audit_purges (chain_id, source);
