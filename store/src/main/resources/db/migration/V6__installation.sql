-- One org per database, decided by the database. Two nodes started at the same moment on an empty database each
-- found no org and each created one (a second node on a database that already has its org is not affected). The
-- bootstrap now inserts this table's single row first, in the transaction that creates the org: on PostgreSQL the
-- second node's insert waits for the first transaction and then fails on the primary key, its transaction rolls back
-- whole, and that node reuses the first node's org.
CREATE TABLE installation (
    id            INT          NOT NULL,
    org_id        VARCHAR(18)  NOT NULL,
    created_date  BIGINT       NOT NULL,
    CONSTRAINT pk_installation PRIMARY KEY (id),
    CONSTRAINT ck_installation_single_row CHECK (id = 1)
);
-- a database bootstrapped before this migration already serves its oldest org
INSERT INTO installation (id, org_id, created_date)
    SELECT 1, id, created_date FROM orgs ORDER BY created_date, id FETCH FIRST 1 ROWS ONLY;
