-- Custom fields marked External ID, and unique text fields that are case-sensitive (issue 14).
-- Unique fields made before this version compared values exactly, so they stay case-sensitive; new ones follow
-- Salesforce's default (ABC and abc are duplicates) unless created case-sensitive.
ALTER TABLE field_defs ADD COLUMN external_id BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE field_defs ADD COLUMN case_sensitive BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE field_defs SET case_sensitive = TRUE WHERE unique_value = TRUE;
