-- Entries written from now on carry an HMAC-SHA-256 keyed with the journal key (kept outside
-- the database); those written before keep their plain SHA-256 (decision 0011).
ALTER TABLE journal ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT FALSE;
