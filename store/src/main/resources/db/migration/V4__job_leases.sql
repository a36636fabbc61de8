-- Several nodes over one database (issue 5). Portable H2 2.x / PostgreSQL 15 DDL; times are BIGINT epoch
-- milliseconds (UTC), as in V1.

-- Named leases for cluster-wide jobs: a node runs the job only while it holds the job's row. Taking the lease is one
-- conditional UPDATE (free, expired, or already ours), or the INSERT of a missing row, which the primary key lets
-- only one node win; so two nodes never hold one lease at once.
CREATE TABLE job_leases (
    name        VARCHAR(64)  NOT NULL,
    holder      VARCHAR(255) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    CONSTRAINT pk_job_leases PRIMARY KEY (name)
);
INSERT INTO job_leases (name, holder, expires_at) VALUES ('housekeeping', '', 0);

-- LoginHistory retention: the purge reads the oldest rows in index order, so each batch costs O(batch) however long
-- the history is.
CREATE INDEX ix_login_history_time ON login_history (login_time, id);
