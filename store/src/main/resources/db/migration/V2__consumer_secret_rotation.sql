-- Consumer secret rotation: during an overlap window an app accepts its previous secret as well as the new one.
-- Portable H2 2.x / PostgreSQL 15 DDL. Both columns are null when no rotation is in progress; the previous secret
-- is a keyed hash like consumer_secret_hash, and previous_secret_expires is BIGINT epoch milliseconds (UTC).

ALTER TABLE connected_apps ADD COLUMN previous_secret_hash VARCHAR(255);
ALTER TABLE connected_apps ADD COLUMN previous_secret_expires BIGINT;
