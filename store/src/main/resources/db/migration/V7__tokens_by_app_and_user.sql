-- Deactivating a user, removing a user's access to an app and deleting an app revoke the tokens concerned in the
-- transaction of the change (issue 11): each is a range of this index, (app, user) for one user's tokens of one app,
-- (app) for all of an app's. Its key is not random (few apps, and one user's tokens are adjacent), so issuing a token
-- appends to it rather than writing a random page. IF NOT EXISTS: an operator may build it beforehand, concurrently.
CREATE INDEX IF NOT EXISTS ix_access_tokens_app_user ON access_tokens (app_id, user_id);
-- The grant that issued each token: a client credentials token stays valid only while its user is the app's run-as
-- user with the flow enabled, a JWT bearer token only while the user may log in to the app. NULL for the tokens
-- issued before this migration, which count as issued by either.
ALTER TABLE access_tokens ADD COLUMN grant_type VARCHAR(64);
