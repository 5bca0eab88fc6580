-- A product's picture (issue 16): the blob's SHA-256 and its sniffed type.
ALTER TABLE products ADD COLUMN image_sha256 TEXT;
ALTER TABLE products ADD COLUMN image_type TEXT;
