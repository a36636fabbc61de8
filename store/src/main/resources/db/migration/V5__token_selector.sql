-- Access tokens carry their row id (issue 3 throughput work). A lookup reads the row by its primary key and compares
-- the stored hash with the hash of the presented token, so the hash needs no index. The unique index on the hash was
-- a B-tree keyed by random values: every grant wrote a random leaf page of it (and read it from disk once the index
-- outgrew the page cache), which cost more than any other single part of a grant's store work.
-- Tokens issued before this migration do not carry their id and are no longer accepted: their holders get
-- INVALID_SESSION_ID and log in again, as after an expiry.
DROP INDEX uq_access_tokens_hash;
