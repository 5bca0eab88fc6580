-- A provider's own largest upload, in MB (NULL: the instance's max_upload_mb).
ALTER TABLE tenants ADD COLUMN max_upload_mb INTEGER;
