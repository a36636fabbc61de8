-- AccountShare's access to the account's opportunities, cases and contacts (issue 14): None, Read or Edit, as in
-- Salesforce; null on the share rows of other objects. Account shares made before this version granted the account
-- alone, which is None for each.
ALTER TABLE record_shares ADD COLUMN opportunity_access_level VARCHAR(8);
ALTER TABLE record_shares ADD COLUMN case_access_level VARCHAR(8);
ALTER TABLE record_shares ADD COLUMN contact_access_level VARCHAR(8);
UPDATE record_shares SET opportunity_access_level = 'None', case_access_level = 'None',
    contact_access_level = 'None' WHERE object_name_lower = 'account';
